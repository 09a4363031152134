import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

/** Paths that belong to the APIs and probes: never answered with the UI. */
const NON_UI_PREFIXES = ['/api/', '/taxii2/', '/healthz', '/readyz'];

/**
 * Headers of every UI response. The policy allows same-origin files only: the build inlines
 * no script or style, and the UI may not be framed (clickjacking).
 */
export const UI_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

function isUiPath(url: string): boolean {
  const pathname = url.split('?')[0] ?? '';
  return !NON_UI_PREFIXES.some((p) => pathname === p.replace(/\/$/, '') || pathname.startsWith(p));
}

/**
 * Serves the built web UI (`web/dist`) from `root`: its files as they are, and `index.html`
 * for any other GET that accepts HTML outside the APIs, so that every address of the
 * single-page app can be opened and reloaded. Everything else falls through to the node's
 * not-found handler (the JSON error shape).
 */
export const webPlugin: FastifyPluginAsync<{ root: string }> = async (app, opts) => {
  const root = path.resolve(opts.root);
  let indexHtml: Buffer;
  try {
    indexHtml = await readFile(path.join(root, 'index.html'));
  } catch {
    throw new Error(`the web UI is not built: ${root}/index.html is missing (run "npm run build")`);
  }

  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(UI_SECURITY_HEADERS)) reply.header(name, value);
    return payload;
  });

  const sendIndex = (reply: FastifyReply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);

  await app.register(fastifyStatic, {
    root,
    // Files are listed once at start; unknown paths reach the fallback below.
    wildcard: false,
    index: false,
    decorateReply: false,
    setHeaders: (reply, filePath) => {
      const hashed = filePath.includes(`${path.sep}assets${path.sep}`);
      reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });

  app.get('/', { schema: { hide: true } }, (_request, reply) => sendIndex(reply));
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const acceptsHtml = (request.headers.accept ?? '').includes('text/html');
    if (!acceptsHtml || !isUiPath(request.url)) return reply.callNotFound();
    return sendIndex(reply);
  });
};

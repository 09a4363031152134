import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Tests run the real `nohaven` command in other processes. Started through tsx, each process
 * compiles the sources again (about 3 s of CPU); started from one bundle of the current sources,
 * as `npm run build` makes for `npm start`, it starts in under half a second. The test run builds
 * that bundle once, before any test file (vitest.config.ts `globalSetup`), from the sources as
 * they are now, so a test never runs a stale build.
 */
const ROOT = join(import.meta.dirname, '..', '..');

/** The bundle the tests run: next to `dist/nohaven.mjs`, so it finds `web/dist` the same way. */
export const CLI_BUNDLE = join(ROOT, 'dist', 'nohaven-test.mjs');

/** The arguments of `node` that run `nohaven <args>` from the test bundle. */
export function cliArgs(args: readonly string[]): string[] {
  return ['--enable-source-maps', CLI_BUNDLE, ...args];
}

/** Builds the test bundle with the same settings as scripts/bundle-server.mjs. */
export async function buildCliBundle(): Promise<void> {
  await build({
    entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')],
    outfile: CLI_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    external: ['better-sqlite3', 'pg-native', '@fastify/swagger-ui', '@fastify/static'],
    banner: {
      js: "import { createRequire as __nohavenRequire } from 'node:module'; const require = __nohavenRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
}

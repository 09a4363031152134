import type { CollectionInfo } from '../../taxii/client/taxii-client.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { clientOf, CONNECTION_OPTIONS, CONNECTION_USAGE, urlArgument } from './taxii-options.js';

export { taxiiPullCommand } from './taxii-pull.command.js';
export { taxiiPushCommand } from './taxii-push.command.js';

/** `nohaven taxii discover URL`: a remote server's API roots and collections (TAXII 2.1 §4.1). */
export const taxiiDiscoverCommand: CliCommand = {
  name: ['taxii', 'discover'],
  summary: "List a TAXII 2.1 server's API roots and collections",
  usage: `nohaven taxii discover URL [--json] [--user U | --token T]
  URL: the server's discovery URL (e.g. https://host/taxii2/) or an API root URL.
  --json                   print the result as JSON on stdout
${CONNECTION_USAGE}`,
  async run(ctx, args) {
    const { options, positionals } = parseCommandArgs(
      args,
      { ...CONNECTION_OPTIONS, json: { type: 'boolean' } },
      { min: 1, max: 1 },
    );
    const url = urlArgument(positionals[0]!);
    const client = clientOf(options, ctx.env);
    const discovery = await client.discover(url);
    const roots: {
      url: string;
      title?: string;
      max_content_length: number;
      collections: CollectionInfo[];
    }[] = [];
    for (const root of discovery.api_roots) {
      const info = await client.apiRoot(root);
      roots.push({
        url: root,
        ...(info.title !== undefined ? { title: info.title } : {}),
        max_content_length: info.max_content_length,
        collections: await client.collections(root),
      });
    }
    if (options.json) {
      ctx.stdout.write(`${JSON.stringify({ ...discovery, roots })}\n`);
      return EXIT.ok;
    }
    const lines = [
      `${discovery.title ?? url}${discovery.description ? ` — ${discovery.description}` : ''}`,
    ];
    for (const r of roots) {
      lines.push(
        `API root ${r.url}${r.url === discovery.default ? ' (default)' : ''}: ${r.title ?? ''}, max_content_length ${r.max_content_length}`,
      );
      if (r.collections.length === 0) lines.push('  no collections visible to these credentials');
      for (const c of r.collections) {
        const rights = [c.can_read ? 'read' : '', c.can_write ? 'write' : '']
          .filter(Boolean)
          .join('+');
        lines.push(
          `  ${c.id}  ${c.title}${c.alias ? ` (alias ${c.alias})` : ''}  [${rights || 'no access'}]`,
        );
      }
    }
    ctx.stdout.write(`${lines.join('\n')}\n`);
    return EXIT.ok;
  },
};

import { readFile } from 'node:fs/promises';
import type { ObjectFilters } from '../../objects/object.types.js';
import { isTimestamp } from '../../taxii/client/pull-cursor.js';
import { pushObjects, type PushReport } from '../../taxii/client/taxii-push.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliCommand, type CliContext } from '../command.js';
import { operatorActor } from '../node-command.js';
import { createProgress } from '../progress.js';
import {
  clientOf,
  CONNECTION_OPTIONS,
  CONNECTION_USAGE,
  positiveInteger,
  urlArgument,
} from './taxii-options.js';

const USAGE = `nohaven taxii push URL --collection ID FILE|-
nohaven taxii push URL --collection ID --from-store [--type T]… [--created-by ID] [--marking ID] [--modified-since TS] [--include-revoked]
  Adds objects to a remote collection: those of FILE (a STIX bundle, a TAXII envelope or a JSON
  array; - for stdin), or the latest versions of the node's objects matching the filters (as
  nohaven export selects them). Splits them into envelopes within the API root's
  max_content_length and waits for each status to be complete. Exit 1 if any object failed or
  is still pending.
  --status-timeout S       seconds to wait for one status to complete (default 60)
  --json                   print the report as JSON on stdout
${CONNECTION_USAGE}`;

type Obj = Record<string, unknown>;

/** The objects of a bundle, an envelope or a plain array. */
export function objectsOfDocument(doc: unknown): Obj[] {
  const list = Array.isArray(doc)
    ? doc
    : doc !== null && typeof doc === 'object' && Array.isArray((doc as Obj).objects)
      ? ((doc as Obj).objects as unknown[])
      : null;
  if (list === null)
    throw new Error('expected a STIX bundle, a TAXII envelope or a JSON array of objects');
  const bad = list.findIndex((o) => o === null || typeof o !== 'object' || Array.isArray(o));
  if (bad >= 0) throw new Error(`objects[${bad}] is not a JSON object`);
  return list as Obj[];
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export const taxiiPushCommand: CliCommand = {
  name: ['taxii', 'push'],
  summary: 'Add objects from a file or from the node to a remote TAXII 2.1 collection',
  usage: USAGE,
  async run(ctx, args) {
    const { options: o, positionals } = parseCommandArgs(
      args,
      {
        ...CONNECTION_OPTIONS,
        collection: { type: 'string' },
        'from-store': { type: 'boolean' },
        type: { type: 'string', multiple: true },
        'created-by': { type: 'string' },
        marking: { type: 'string' },
        'modified-since': { type: 'string' },
        'include-revoked': { type: 'boolean' },
        'status-timeout': { type: 'string' },
        json: { type: 'boolean' },
      },
      { min: 1, max: 2 },
    );
    const url = urlArgument(positionals[0]!);
    const file = positionals[1];
    const collection = o.collection;
    if (collection === undefined || collection === '')
      throw new UsageError('--collection ID is required');
    const fromStore = o['from-store'] === true;
    if ((file === undefined) === !fromStore)
      throw new UsageError('give either FILE (or - for stdin) or --from-store');
    const filtered =
      o.type || o['created-by'] || o.marking || o['modified-since'] || o['include-revoked'];
    if (!fromStore && filtered)
      throw new UsageError('filters (--type …) apply only with --from-store');
    if (o['modified-since'] !== undefined && !isTimestamp(o['modified-since']))
      throw new UsageError(`--modified-since: "${o['modified-since']}" is not an RFC 3339 time`);
    const statusTimeout = positiveInteger('--status-timeout', o['status-timeout']);
    const client = clientOf(o, ctx.env);

    let objects: Obj[];
    if (file !== undefined) {
      const name = file === '-' ? 'stdin' : file;
      try {
        const text = file === '-' ? await readAll(ctx.stdin) : await readFile(file, 'utf8');
        objects = objectsOfDocument(JSON.parse(text));
      } catch (err) {
        ctx.stderr.write(
          `nohaven taxii push: ${name}: ${(err as Error).message}\nnothing was sent\n`,
        );
        return EXIT.failure;
      }
    } else {
      const filters: Omit<ObjectFilters, 'cursor' | 'limit'> = {
        types: o.type,
        createdBy: o['created-by'],
        marking: o.marking,
        modifiedSince: o['modified-since'],
        includeRevoked: o['include-revoked'] === true,
      };
      const node = await ctx.openNode();
      try {
        const actor = await operatorActor(node, 'cli-export', 'analyst');
        objects = [];
        for await (const stored of node.services.objects.stream(actor, filters))
          objects.push(stored.object as unknown as Obj);
      } finally {
        await node.close();
      }
    }

    const apiRoot = await client.resolveApiRoot(url);
    const info = await client.apiRoot(apiRoot);
    const progress = createProgress({
      out: ctx.stderr,
      interactive: ctx.interactive,
      label: 'taxii push',
      total: null,
    });
    const report = await pushObjects(client, apiRoot, collection, objects, {
      maxContentLength: info.max_content_length,
      ...(statusTimeout !== undefined ? { statusTimeoutMs: statusTimeout * 1000 } : {}),
      onEnvelope: (count, bytes) => progress.update({ bytes, objects: count }),
    });
    progress.done();
    print(ctx, `${apiRoot}collections/${collection}/`, objects.length, report, o.json === true);
    return report.failures.length + report.pendings.length > 0 ? EXIT.failure : EXIT.ok;
  },
};

function print(ctx: CliContext, target: string, total: number, r: PushReport, json: boolean): void {
  if (json) {
    ctx.stdout.write(`${JSON.stringify({ target, total, ...r })}\n`);
    return;
  }
  const lines = [
    `${target}: ${total} objects in ${r.envelopes} envelopes: successes ${r.successes.length}, failures ${r.failures.length}, pending ${r.pendings.length}`,
    ...r.failures.map(
      (f) =>
        `failed ${f.id}${f.version ? ` (${f.version})` : ''}${f.message ? `: ${f.message}` : ''}`,
    ),
    ...r.pendings.map(
      (p) =>
        `pending ${p.id}${p.version ? ` (${p.version})` : ''}: not complete when the wait ended`,
    ),
  ];
  ctx.stdout.write(`${lines.join('\n')}\n`);
  if (r.failures.length + r.pendings.length > 0)
    ctx.stderr.write(
      `nohaven taxii push: ${r.failures.length} objects failed, ${r.pendings.length} still pending\n`,
    );
}

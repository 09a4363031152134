import { isTimestamp } from '../../taxii/client/pull-cursor.js';
import { pullStateRepository } from '../../taxii/client/pull-state.repository.js';
import { TaxiiClientError } from '../../taxii/client/taxii-client.errors.js';
import { pullCollection, type PullSummary } from '../../taxii/client/taxii-pull.js';
import { DISTRIBUTIONS } from '../../objects/object.types.js';
import { TLP_LEVELS } from '../../stix/index.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliCommand, type CliContext } from '../command.js';
import { operatorActor } from '../node-command.js';
import { createProgress } from '../progress.js';
import {
  clientOf,
  CONNECTION_OPTIONS,
  CONNECTION_USAGE,
  distributionOption,
  positiveInteger,
  tlpOption,
  urlArgument,
} from './taxii-options.js';

const USAGE = `nohaven taxii pull URL --collection ID [--since T] [--limit N] [--distribution D] [--tlp T] [--json]
  Gets a remote collection's objects (following "next"), stores them through the intake path
  as the node's "cli-taxii" analyst, and remembers where it stopped: the next pull of the same
  server, API root and collection asks only for objects added since.
  URL                      discovery URL (the default API root is used) or an API root URL
  --since T                RFC 3339 time: start from objects added after T instead of the saved cursor
  --limit N                objects per page asked of the server
  --distribution           ${DISTRIBUTIONS.join(' | ')} | sharing-group:<id> (default community)
  --tlp                    ${TLP_LEVELS.join(' | ')} for objects without a marking (as nohaven import)
  --json                   print the summary as JSON on stdout
${CONNECTION_USAGE}`;

export const taxiiPullCommand: CliCommand = {
  name: ['taxii', 'pull'],
  summary: 'Pull a remote TAXII 2.1 collection into the node, resuming where the last pull stopped',
  usage: USAGE,
  async run(ctx, args) {
    const { options, positionals } = parseCommandArgs(
      args,
      {
        ...CONNECTION_OPTIONS,
        collection: { type: 'string' },
        since: { type: 'string' },
        limit: { type: 'string' },
        distribution: { type: 'string' },
        tlp: { type: 'string' },
        json: { type: 'boolean' },
      },
      { min: 1, max: 1 },
    );
    const url = urlArgument(positionals[0]!);
    const collection = options.collection;
    if (collection === undefined || collection === '')
      throw new UsageError('--collection ID is required');
    if (options.since !== undefined && !isTimestamp(options.since))
      throw new UsageError(
        `--since: "${options.since}" is not an RFC 3339 time such as 2026-01-31T00:00:00Z`,
      );
    const limit = positiveInteger('--limit', options.limit);
    const distribution = distributionOption(options.distribution);
    const tlp = tlpOption(options.tlp);
    const client = clientOf(options, ctx.env);

    const apiRoot = await client.resolveApiRoot(url);
    const key = { serverUrl: new URL(apiRoot).origin, apiRoot, collectionId: collection };
    const node = await ctx.openNode();
    const progress = createProgress({
      out: ctx.stderr,
      interactive: ctx.interactive,
      label: 'taxii pull',
      total: null,
    });
    let last: PullSummary | undefined;
    try {
      const state = pullStateRepository(node.database.db);
      const actor = await operatorActor(node, 'cli-taxii', 'analyst');
      const since = options.since ?? (await state.cursor(key));
      const summary = await pullCollection(
        client,
        apiRoot,
        collection,
        { since, limit },
        {
          async store(objects) {
            const bundle = JSON.stringify({
              type: 'bundle',
              id: `bundle--${crypto.randomUUID()}`,
              objects,
            });
            const s = await node.services.intake.import(actor, once(bundle), {
              mode: 'partial',
              format: 'stix',
              distribution,
              tlp,
            });
            return {
              stored: s.stored,
              duplicates: s.duplicates,
              rejected: s.problemCount,
              problems: s.problems.map((p) => `${p.id ?? `object ${p.record}`}: ${p.reason}`),
            };
          },
          saveCursor: (addedAfter) => state.save(key, addedAfter, new Date().toISOString()),
          onPage(s, bytes) {
            last = s;
            progress.update({ bytes, objects: s.received });
          },
        },
      );
      progress.done();
      print(ctx, apiRoot, collection, summary, options.json === true);
      return summary.rejected > 0 ? EXIT.failure : EXIT.ok;
    } catch (err) {
      progress.done();
      if (!(err instanceof TaxiiClientError)) throw err;
      ctx.stderr.write(`nohaven taxii pull: ${err.message}\n`);
      ctx.stderr.write(
        last === undefined
          ? 'nothing was stored; the cursor is unchanged\n'
          : `${last.stored} objects of earlier pages were stored; the cursor stands at ${last.cursor}\n`,
      );
      return EXIT.failure;
    } finally {
      await node.close();
    }
  },
};

function print(
  ctx: CliContext,
  apiRoot: string,
  collection: string,
  s: PullSummary,
  json: boolean,
): void {
  if (json) {
    ctx.stdout.write(`${JSON.stringify({ apiRoot, collection, ...s })}\n`);
    return;
  }
  const lines = [
    `${apiRoot}collections/${collection}/: ${s.pages} pages, received ${s.received}, stored ${s.stored}, duplicates ${s.duplicates}, rejected ${s.rejected}`,
    s.cursor === undefined
      ? 'no cursor yet (nothing received)'
      : `next pull starts after ${s.cursor}`,
    ...s.problems.slice(0, 100).map((p) => `rejected ${p}`),
  ];
  ctx.stdout.write(`${lines.join('\n')}\n`);
}

/** `text` as the byte stream the intake path reads. */
async function* once(text: string): AsyncIterable<string> {
  yield text;
}

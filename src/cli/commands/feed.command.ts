import { existsSync, readFileSync } from 'node:fs';
import { parseFeedDefinition, type FeedDefinition } from '../../intake/feeds/feed-definition.js';
import { parseFeed } from '../../intake/feeds/feed-parser.js';
import { SHIPPED_FEED_DEFINITIONS } from '../../intake/feeds/definitions/index.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliCommand } from '../command.js';

/**
 * `nohaven feed test DEF SAMPLE`: shows what a feed definition makes of a sample file, without
 * storing anything — one JSON line per event (with its line number), then each broken record
 * with its line and reason on stderr. DEF is a shipped feed name or a definition file. Exit 0
 * when every record was read, 1 when the definition is invalid or any record is broken.
 */
export const feedTestCommand: CliCommand = {
  name: ['feed', 'test'],
  summary: 'Show what a feed definition makes of a sample file',
  usage: `nohaven feed test DEF SAMPLE\n  DEF: a definition file, or one of: ${[...SHIPPED_FEED_DEFINITIONS.keys()].join(', ')}`,
  async run(ctx, args) {
    const { positionals } = parseCommandArgs(args, {}, { min: 2, max: 2 });
    const [defArg, samplePath] = positionals as [string, string];
    const loaded = loadFeedDefinition(defArg);
    if (!loaded.ok) {
      for (const e of loaded.errors) ctx.stderr.write(`${e}\n`);
      return EXIT.failure;
    }
    const definition = loaded.definition;
    let text: string;
    try {
      text = readFileSync(samplePath, 'utf8');
    } catch (err) {
      ctx.stderr.write(`cannot read ${samplePath}: ${(err as Error).message}\n`);
      return EXIT.failure;
    }
    const { events, errors } = parseFeed(definition, text);
    for (const event of events) ctx.stdout.write(`${JSON.stringify(event)}\n`);
    for (const error of errors) ctx.stderr.write(`line ${error.line}: ${error.reason}\n`);
    ctx.stderr.write(
      `${definition.name}: ${events.length} events, ${errors.length} broken records\n`,
    );
    return errors.length === 0 ? EXIT.ok : EXIT.failure;
  },
};

/** A shipped feed by name, or a definition file, validated; every problem is named. */
export function loadFeedDefinition(
  arg: string,
): { ok: true; definition: FeedDefinition } | { ok: false; errors: string[] } {
  let raw = SHIPPED_FEED_DEFINITIONS.get(arg);
  if (raw === undefined) {
    if (!existsSync(arg)) {
      throw new UsageError(`"${arg}" is neither a shipped feed nor a definition file`);
    }
    try {
      raw = JSON.parse(readFileSync(arg, 'utf8')) as unknown;
    } catch (err) {
      return { ok: false, errors: [`${arg}: not a JSON document: ${(err as Error).message}`] };
    }
  }
  const result = parseFeedDefinition(raw);
  return result.ok
    ? { ok: true, definition: result.definition }
    : { ok: false, errors: result.errors.map((e) => `${arg}: ${e}`) };
}

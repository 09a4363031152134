/**
 * A feed definition as an intake format parser: streams the file line by line (JSON documents
 * excepted, which are read whole up to a size limit) through the feed engine, then maps each
 * event to STIX.
 */
import type { IntakeContext, IntakeItem, IntakeParser } from '../intake-item.js';
import { IntakeFormatError } from '../intake-item.js';
import { readAllText, readLines, DEFAULT_MAX_LINE_BYTES } from '../text-lines.js';
import type { FeedDefinition } from './feed-definition.js';
import { createFeedLineParser, parseFeed } from './feed-parser.js';
import { feedEventToItem } from './feed-to-stix.js';

/** JSON feed documents (not JSON lines) are parsed whole; larger ones are refused. */
export const MAX_JSON_FEED_BYTES = 256 * 1024 * 1024;

export interface FeedIntakeOptions {
  readonly maxLineBytes?: number;
  readonly maxJsonBytes?: number;
}

export function feedIntakeParser(
  def: FeedDefinition,
  options: FeedIntakeOptions = {},
): IntakeParser {
  const maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  return async function* parse(input, ctx: IntakeContext): AsyncGenerator<IntakeItem> {
    if (def.format === 'json' && !def.options.jsonLines) {
      let text: string;
      try {
        text = await readAllText(
          input,
          options.maxJsonBytes ?? MAX_JSON_FEED_BYTES,
          'the JSON feed document',
        );
      } catch (err) {
        throw new IntakeFormatError(`feed:${def.name}`, (err as Error).message);
      }
      const { events, errors } = parseFeed(def, text);
      const items: IntakeItem[] = [
        ...events.map((e) => feedEventToItem(e, ctx)),
        ...errors.map((e): IntakeItem => ({ kind: 'error', record: e.line, reason: e.reason })),
      ];
      yield* items.sort((a, b) => a.record - b.record);
      return;
    }
    const parseLine = createFeedLineParser(def);
    for await (const line of readLines(input, maxLine)) {
      if (line.kind === 'too-long') {
        yield {
          kind: 'error',
          record: line.line,
          line: line.line,
          reason: `line of ${line.bytes} bytes is longer than the ${maxLine}-byte limit; skipped`,
        };
        continue;
      }
      const outcome = parseLine(line.text, line.line);
      if (outcome === undefined) continue;
      if ('event' in outcome) yield feedEventToItem(outcome.event, ctx);
      else
        yield {
          kind: 'error',
          record: outcome.error.line,
          line: outcome.error.line,
          reason: outcome.error.reason,
        };
    }
  };
}

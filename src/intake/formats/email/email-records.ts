/**
 * The record loop shared by the e-mail family: reads messages (one, or an mbox of several),
 * refuses input that is not e-mail, turns each message into an item, and reports what could
 * not be imported from a message as error items with the same record number after it.
 */
import {
  IntakeFormatError,
  type IntakeItem,
  type IntakeParser,
  type Observation,
} from '../../intake-item.js';
import type { StixObject } from '../../../stix/index.js';
import type { IntakeContext } from '../../intake-item.js';
import { notEmailReason } from './email-detect.js';
import { readMessages } from './email-input.js';

/** What one message became. `notInFormat` marks a message of another format (e.g. not ARF). */
export type MessageOutcome =
  | {
      readonly ok: true;
      readonly objects: StixObject[];
      readonly observation: Observation;
      readonly problems: readonly string[];
    }
  | { readonly ok: false; readonly reason: string; readonly notInFormat?: boolean };

/** The first bytes of a message as text, for the header check. */
export function messageHead(bytes: Uint8Array): string {
  const length = Math.min(bytes.byteLength, 65536);
  return Buffer.from(bytes.buffer, bytes.byteOffset, length).toString('latin1');
}

/**
 * A parser calling `build` on each message. When the first message is not e-mail, or not in
 * the format (`notInFormat`), the whole input is refused with {@link IntakeFormatError}; later
 * ones are record errors.
 */
export function createMessageParser(
  format: string,
  maxMessageBytes: number,
  build: (bytes: Buffer, ctx: IntakeContext) => Promise<MessageOutcome>,
): IntakeParser {
  return async function* parseMessages(input, ctx): AsyncGenerator<IntakeItem> {
    let any = false;
    for await (const raw of readMessages(input, maxMessageBytes)) {
      const { record, line } = raw;
      if ('error' in raw) {
        any = true;
        yield { kind: 'error', record, line, reason: raw.error };
        continue;
      }
      let outcome: MessageOutcome;
      const notEmail = notEmailReason(messageHead(raw.bytes));
      if (notEmail !== undefined) outcome = { ok: false, reason: notEmail, notInFormat: true };
      else {
        try {
          outcome = await build(raw.bytes, ctx);
        } catch (err) {
          outcome = { ok: false, reason: `unreadable MIME message: ${(err as Error).message}` };
        }
      }
      if (!outcome.ok) {
        if (!any && outcome.notInFormat === true)
          throw new IntakeFormatError(format, outcome.reason);
        any = true;
        yield { kind: 'error', record, line, reason: outcome.reason };
        continue;
      }
      any = true;
      const { objects, observation } = outcome;
      yield { kind: 'objects', record, line, objects, observation };
      for (const reason of outcome.problems) yield { kind: 'error', record, line, reason };
    }
    if (!any) throw new IntakeFormatError(format, 'the input is empty');
  };
}

/**
 * X-ARF abuse reports (issue 4, "E-mail"), v3 and v4, as JSON — one report, an array of
 * reports, or JSON lines, each report one record — or as the e-mail X-ARF reports travel in:
 * a message with the header `X-ARF: yes` (or `X-XARF: PLAIN`) whose JSON report is a MIME part
 * (`application/json`, or any text part whose content is an X-ARF JSON object), or, in the
 * classic X-ARF 0.x e-mail (`X-XARF: PLAIN`), a flat YAML part (`xarf-yaml.ts`); each message
 * is one record. See `xarf-report.ts` for the fields used.
 *
 * Detection: JSON whose first object has `"xarf_version"` (v4), or `"Version"` with
 * `"ReporterInfo"` / `"Report"` (v3); or an e-mail whose top-level header has an `X-ARF` or
 * `X-XARF` field. Check it before ARF and plain e-mail (an X-ARF e-mail is also a valid plain
 * e-mail, and an ARF report never carries the X-ARF header).
 */
import {
  IntakeFormatError,
  type IntakeContext,
  type IntakeItem,
  type IntakeParser,
} from '../../intake-item.js';
import type { StixObject } from '../../../stix/index.js';
import { headFields, notEmailReason } from '../email/email-detect.js';
import { reportNote } from '../email/report-note.js';
import { DEFAULT_EMAIL_LIMITS, type EmailLimits } from '../email/email-objects.js';
import { createMessageParser, type MessageOutcome } from '../email/email-records.js';
import type { EmailFamilyFormat } from '../email/eml-format.js';
import { decodedBody, scanMime, type MimePart } from '../email/mime-tree.js';
import { isXarfReport, mapXarfReport, type XarfOutcome } from './xarf-report.js';
import { isXarfYaml, mapXarfYaml } from './xarf-yaml.js';

export const XARF_FORMAT = 'xarf';

function isXarfMailHead(head: string): boolean {
  const fields = headFields(head);
  return fields.some((f) => (f.name === 'x-arf' && /^yes\b/i.test(f.value)) || f.name === 'x-xarf');
}

/** True when `head` starts an X-ARF JSON document or an X-ARF e-mail. */
export function detectXarf(head: string): boolean {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{') || text.startsWith('[')) {
    const window = text.slice(0, 4096);
    return (
      /"xarf_version"\s*:/.test(window) ||
      (/"Version"\s*:/.test(window) && /"ReporterInfo"\s*:|"Report"\s*:\s*\{/.test(window))
    );
  }
  return notEmailReason(head) === undefined && isXarfMailHead(head);
}

/** The record's objects: its observables, then the `note` with the report as sent. */
function withNote(outcome: Extract<XarfOutcome, { ok: true }>, ctx: IntakeContext): StixObject[] {
  const { abstract, content } = outcome.summary;
  const note = reportNote(ctx, abstract, content, outcome.observation.objectRefs);
  return [...outcome.objects, note];
}

function toItems(
  outcome: XarfOutcome,
  ctx: IntakeContext,
  record: number,
  line?: number,
): IntakeItem[] {
  const at = line === undefined ? { record } : { record, line };
  if (!outcome.ok) return [{ kind: 'error', ...at, reason: outcome.reason }];
  const { observation, problems } = outcome;
  const objects = withNote(outcome, ctx);
  return [
    { kind: 'objects', ...at, objects, observation },
    ...problems.map((reason): IntakeItem => ({ kind: 'error', ...at, reason })),
  ];
}

async function readText(
  input: AsyncIterable<Uint8Array | string>,
  maxBytes: number,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    size += bytes.length;
    if (size > maxBytes) {
      throw new IntakeFormatError(
        XARF_FORMAT,
        `X-ARF JSON larger than the limit of ${maxBytes} bytes; not read`,
      );
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
}

function* parseJsonReports(text: string, ctx: IntakeContext): Generator<IntakeItem> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    // JSON lines: one report per line.
    const lines = text.split('\n');
    if (lines.filter((l) => l.trim() !== '').length < 2) {
      throw new IntakeFormatError(XARF_FORMAT, `invalid JSON: ${(err as Error).message}`);
    }
    let record = 0;
    for (const [index, line] of lines.entries()) {
      if (line.trim() === '') continue;
      record += 1;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (lineErr) {
        if (record === 1)
          throw new IntakeFormatError(
            XARF_FORMAT,
            `invalid JSON on line ${index + 1}: ${(lineErr as Error).message}`,
          );
        yield {
          kind: 'error',
          record,
          line: index + 1,
          reason: `invalid JSON: ${(lineErr as Error).message}`,
        };
        continue;
      }
      yield* toItems(mapXarfReport(value), ctx, record, index + 1);
    }
    return;
  }
  const reports = Array.isArray(doc) ? doc : [doc];
  if (reports.length === 0 || !isXarfReport(reports[0])) {
    throw new IntakeFormatError(
      XARF_FORMAT,
      'not an X-ARF report: no xarf_version (v4) or Version and Report (v3)',
    );
  }
  for (const [index, report] of reports.entries())
    yield* toItems(mapXarfReport(report), ctx, index + 1);
}

function leaves(part: MimePart): MimePart[] {
  return part.children.length === 0 ? [part] : part.children.flatMap(leaves);
}

/** The report of one X-ARF part: JSON (v3/v4), YAML (0.x), or `undefined` if it holds none. */
function reportOfPart(part: MimePart): XarfOutcome | undefined {
  if (part.contentType !== 'application/json' && !part.contentType.startsWith('text/')) {
    return undefined;
  }
  const text = decodedBody(part).toString('utf8').trim();
  if (!text.startsWith('{')) return isXarfYaml(text) ? mapXarfYaml(text) : undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    if (part.contentType !== 'application/json') return undefined;
    return {
      ok: false,
      reason: `X-ARF report part ${part.path}: invalid JSON: ${(err as Error).message}`,
    };
  }
  return isXarfReport(value) ? mapXarfReport(value) : undefined;
}

function buildXarfMessage(bytes: Buffer, ctx: IntakeContext, limits: EmailLimits): MessageOutcome {
  if (!isXarfMailHead(bytes.subarray(0, 65536).toString('latin1'))) {
    return { ok: false, notInFormat: true, reason: 'not an X-ARF e-mail: no X-ARF header field' };
  }
  const scan = scanMime(bytes.toString('latin1'), limits.maxNestingDepth);
  for (const part of leaves(scan.root)) {
    const outcome = reportOfPart(part);
    if (outcome === undefined) continue;
    if (!outcome.ok) return { ok: false, reason: outcome.reason };
    const problems = [...scan.issues.map((i) => i.reason), ...outcome.problems];
    return {
      ok: true,
      objects: withNote(outcome, ctx),
      observation: outcome.observation,
      problems,
    };
  }
  return { ok: false, reason: 'X-ARF e-mail without an X-ARF report part (JSON or YAML)' };
}

export function createXarfParser(options: Partial<EmailLimits> = {}): IntakeParser {
  const limits: EmailLimits = { ...DEFAULT_EMAIL_LIMITS, ...options };
  const fromMail = createMessageParser(XARF_FORMAT, limits.maxMessageBytes, async (bytes, ctx) =>
    buildXarfMessage(bytes, ctx, limits),
  );
  return async function* parseXarf(input, ctx: IntakeContext): AsyncGenerator<IntakeItem> {
    // Peek at the first chunk to tell JSON from e-mail, then hand the whole input on.
    const iterator = input[Symbol.asyncIterator]();
    const first = await iterator.next();
    const firstChunk = first.done ? '' : first.value;
    const head = (
      typeof firstChunk === 'string' ? firstChunk : Buffer.from(firstChunk).toString('latin1')
    )
      .replace(/^\uFEFF/, '')
      .trimStart();
    async function* replay(): AsyncGenerator<Uint8Array | string> {
      if (!first.done) yield firstChunk;
      for (let next = await iterator.next(); !next.done; next = await iterator.next())
        yield next.value;
    }
    if (head.startsWith('{') || head.startsWith('[') || head === '') {
      const text = await readText(replay(), limits.maxMessageBytes);
      if (text.trim() === '') throw new IntakeFormatError(XARF_FORMAT, 'the input is empty');
      yield* parseJsonReports(text, ctx);
      return;
    }
    yield* fromMail(replay(), ctx);
  };
}

export const xarfFormat: EmailFamilyFormat = {
  name: XARF_FORMAT,
  detect: detectXarf,
  createParser: createXarfParser,
  parse: createXarfParser(),
};

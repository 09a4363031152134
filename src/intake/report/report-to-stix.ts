/**
 * Maps a wizard report to STIX 2.1 (issue 4): one `incident` SDO, the observables the person
 * typed or attached (built by `intake/observables.ts`, so deterministic and normalised), and a
 * `related-to` relationship from the incident to each. The offence and the time window ride
 * in `labels` (`offence:<code>`, `affected:<who>`, `occurred-from:<RFC 3339>` …) and, in words,
 * in the description: STIX 2.1 gives `incident` only a name and a description (spec 4.9).
 * Everything carries the reporter's organisation as `created_by_ref` and the chosen TLP.
 */
import { citationOf, offenceByCode } from '../../legal/offence-taxonomy.js';
import { TLP, validateStixObject, type StixObject, type TlpLevel } from '../../stix/index.js';
import type { IntakeContext } from '../intake-item.js';
import {
  NOT_SURE,
  type AttachmentLimits,
  type ReportAnswers,
  type ReportAttachment,
  type ReportProblem,
} from './report-answers.js';
import { observablesOfAttachment } from './report-attachments.js';
import {
  checkAnswers,
  checkAttachments,
  type CheckedReport,
  type TimeWindow,
} from './report-validate.js';

export type ReportContext = Pick<IntakeContext, 'now' | 'uuid' | 'createdByRef'> & {
  readonly limits?: AttachmentLimits;
  /**
   * Observables read from inside attachments, by attachment index (an attached e-mail's
   * sender, recipients, `Received` path, URLs and files): linked to the incident too.
   */
  readonly parsedAttachments?: ReadonlyMap<number, readonly StixObject[]>;
};

export interface ReportStix {
  readonly incident: StixObject;
  /** Every observable, typed ones first, then those of the attachments (in order). */
  readonly observables: readonly StixObject[];
  readonly relationships: readonly StixObject[];
  /** All objects, ready to store: incident, observables, relationships. */
  readonly objects: readonly StixObject[];
}

export type ReportResult =
  { ok: true; stix: ReportStix } | { ok: false; problems: readonly ReportProblem[] };

const TLP_MARKING: Readonly<Record<TlpLevel, string>> = {
  clear: TLP.CLEAR.id,
  green: TLP.GREEN.id,
  amber: TLP.AMBER.id,
  'amber+strict': TLP.AMBER_STRICT.id,
  red: TLP.RED.id,
};

const AFFECTED_WORDS = {
  me: 'the reporter',
  organisation: "the reporter's organisation",
  customers: "the reporter's customers",
  others: 'other people or organisations',
} as const;

function windowLabels(w: TimeWindow): string[] {
  if (w.kind === 'at') return [`occurred-at:${w.at}`];
  if (w.kind === 'between') return [`occurred-from:${w.from}`, `occurred-until:${w.until}`];
  return ['ongoing', ...(w.since ? [`occurred-from:${w.since}`] : [])];
}

function windowWords(w: TimeWindow): string {
  if (w.kind === 'at') return `at ${w.at}`;
  if (w.kind === 'between') return `between ${w.from} and ${w.until}`;
  return w.since ? `ongoing since ${w.since}` : 'ongoing';
}

function offenceWords(code: string): string {
  const offence = offenceByCode(code);
  return offence
    ? `${offence.title} (${citationOf(offence)}, ${code})`
    : 'not known to the reporter';
}

function firstLine(text: string, max: number): string {
  const line = text.split(/\r?\n/, 1)[0]!.trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

function describe(report: CheckedReport, files: readonly StixObject[]): string {
  const { answers } = report;
  const count = answers.affected.count;
  const lines = [
    report.whatHappened,
    '',
    `Offence: ${offenceWords(answers.offence)}`,
    `When: ${windowWords(report.window)}`,
    `Affected: ${AFFECTED_WORDS[answers.affected.who]}${count === undefined ? '' : ` (${count})`}`,
  ];
  if (report.phones.length > 0) lines.push(`Phone numbers: ${report.phones.join(', ')}`);
  for (const f of files) {
    const sha256 = (f.hashes as Record<string, string> | undefined)?.['SHA-256'];
    lines.push(`Attached file: ${String(f.name)} (${String(f.size)} bytes, SHA-256 ${sha256})`);
  }
  return lines.join('\n');
}

/**
 * The STIX objects of a report, or every problem with its answers and attachments. Pure: time,
 * identifiers and the reporter's organisation come from `ctx`.
 */
export function reportToStix(
  answers: ReportAnswers,
  attachments: readonly ReportAttachment[],
  ctx: ReportContext,
): ReportResult {
  const checked = checkAnswers(answers, ctx.now);
  const attachmentProblems = checkAttachments(attachments, ctx.limits);
  if (!checked.ok || attachmentProblems.length > 0) {
    return {
      ok: false,
      problems: [...(checked.ok ? [] : checked.problems), ...attachmentProblems],
    };
  }
  const report = checked.report;
  const files: StixObject[] = [];
  const attached: StixObject[] = [];
  const problems: ReportProblem[] = [];
  attachments.forEach((a, i) => {
    const result = observablesOfAttachment(a);
    if (!result.ok) {
      problems.push({
        path: `/attachments/${i}`,
        code: 'invalid-file-name',
        message: result.reason,
      });
      return;
    }
    files.push(result.observables[0]!);
    attached.push(...result.observables, ...(ctx.parsedAttachments?.get(i) ?? []));
  });
  if (problems.length > 0) return { ok: false, problems };

  const marking = TLP_MARKING[answers.tlp ?? 'amber'];
  const common = {
    spec_version: '2.1',
    created: ctx.now,
    modified: ctx.now,
    ...(ctx.createdByRef ? { created_by_ref: ctx.createdByRef } : {}),
    object_marking_refs: [marking],
  };
  const offence = offenceByCode(answers.offence);
  const incident: StixObject = {
    type: 'incident',
    id: `incident--${ctx.uuid()}`,
    ...common,
    name: `${offence?.title ?? 'Incident'}: ${firstLine(report.whatHappened, 120)}`,
    description: describe(report, files),
    labels: [
      `offence:${answers.offence === NOT_SURE ? NOT_SURE : answers.offence}`,
      `affected:${answers.affected.who}`,
      ...(answers.affected.count === undefined ? [] : [`affected-count:${answers.affected.count}`]),
      ...windowLabels(report.window),
    ],
  };

  const seen = new Set<string>();
  const observables: StixObject[] = [];
  for (const o of [...report.observables, ...attached]) {
    if (seen.has(o.id)) continue;
    seen.add(o.id);
    observables.push({ ...o, object_marking_refs: [marking] });
  }
  const relationships: StixObject[] = observables.map((o) => ({
    type: 'relationship',
    id: `relationship--${ctx.uuid()}`,
    ...common,
    relationship_type: 'related-to',
    source_ref: incident.id,
    target_ref: o.id,
  }));

  const objects = [incident, ...observables, ...relationships];
  for (const object of objects) {
    const issues = validateStixObject(object);
    // The builders above only produce valid STIX; a failure here is a bug, not bad input.
    if (issues.length > 0) {
      throw new Error(
        `report produced invalid STIX ${object.id}: ${issues[0]!.path} ${issues[0]!.message}`,
      );
    }
  }
  return { ok: true, stix: { incident, observables, relationships, objects } };
}

/**
 * The wizard's answers while the person fills them in, the request they become, and the
 * checks the browser can make before sending (the node checks everything again).
 */

export type WhenKind = 'at' | 'between' | 'ongoing';
export const AFFECTED = ['me', 'organisation', 'customers', 'others'] as const;
export type Affected = (typeof AFFECTED)[number];
export const OBSERVABLE_KINDS = ['url', 'domain', 'email', 'ip', 'phone'] as const;
export type ObservableKind = (typeof OBSERVABLE_KINDS)[number];
export const TLP_CHOICES = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type TlpChoice = (typeof TLP_CHOICES)[number];

export interface Draft {
  offence: string;
  whenKind: WhenKind;
  /** `datetime-local` values (local time, no zone). */
  at: string;
  from: string;
  until: string;
  since: string;
  who: Affected | '';
  count: string;
  what: string;
  observables: { type: ObservableKind; value: string }[];
  files: File[];
  tlp: TlpChoice;
}

export const EMPTY_DRAFT: Draft = {
  offence: '',
  whenKind: 'at',
  at: '',
  from: '',
  until: '',
  since: '',
  who: '',
  count: '',
  what: '',
  observables: [],
  files: [],
  tlp: 'amber',
};

export const STEPS = ['what', 'when', 'who', 'saw', 'review'] as const;
export type Step = (typeof STEPS)[number];

/** A problem with an answer: the request path it concerns and a `report.error.*` code. */
export interface Problem {
  readonly path: string;
  readonly code: string;
  /** The node's English message, shown when the UI has no words for the code. */
  readonly message?: string;
}

/** The step on which the answer at `path` is given. */
export function stepOf(path: string): Step {
  if (path.startsWith('/offence')) return 'what';
  if (path.startsWith('/when')) return 'when';
  if (path.startsWith('/affected')) return 'who';
  if (/^\/(what_happened|observables|attachments)/.test(path)) return 'saw';
  return 'review';
}

/** A local date-time of a `datetime-local` input as RFC 3339 UTC; '' stays ''. */
export function toRfc3339(local: string): string {
  if (local === '') return '';
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

/** The checks of one step that need no server: answers that are missing. */
export function checkStep(step: Step, d: Draft): Problem[] {
  const out: Problem[] = [];
  const need = (ok: boolean, path: string) => {
    if (!ok) out.push({ path, code: 'required' });
  };
  if (step === 'what') need(d.offence !== '', '/offence');
  if (step === 'when') {
    if (d.whenKind === 'at') need(d.at !== '', '/when/at');
    if (d.whenKind === 'between') {
      need(d.from !== '', '/when/from');
      need(d.until !== '', '/when/until');
      if (d.from !== '' && d.until !== '' && d.from > d.until) {
        out.push({ path: '/when/until', code: 'range-reversed' });
      }
    }
  }
  if (step === 'who') {
    need(d.who !== '', '/affected/who');
    if (d.count !== '' && !(/^\d+$/.test(d.count) && Number(d.count) >= 1)) {
      out.push({ path: '/affected/count', code: 'invalid-count' });
    }
  }
  if (step === 'saw') need(d.what.trim() !== '', '/what_happened');
  return out;
}

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** The body of `POST /api/v1/reports`. */
export async function requestOf(d: Draft): Promise<unknown> {
  const when =
    d.whenKind === 'at'
      ? { kind: 'at', at: toRfc3339(d.at) }
      : d.whenKind === 'between'
        ? { kind: 'between', from: toRfc3339(d.from), until: toRfc3339(d.until) }
        : { kind: 'ongoing', ...(d.since ? { since: toRfc3339(d.since) } : {}) };
  return {
    offence: d.offence,
    when,
    affected: { who: d.who, ...(d.count ? { count: Number(d.count) } : {}) },
    what_happened: d.what,
    observables: d.observables,
    attachments: await Promise.all(
      d.files.map(async (f) => ({
        name: f.name,
        ...(f.type ? { media_type: f.type } : {}),
        content_base64: await base64Of(f),
      })),
    ),
    tlp: d.tlp,
  };
}

export interface ReportReceipt {
  readonly incident_id: string;
  readonly observables: readonly { id: string; type: string; value: string }[];
  readonly relationship_ids: readonly string[];
  readonly stored: number;
}

export interface OffenceList {
  readonly offences: readonly {
    code: string;
    instrument: string;
    article: string;
    title: string;
  }[];
  readonly not_sure: string;
  readonly limits: { max_files: number; max_file_bytes: number; max_total_bytes: number };
}

import type {
  DeadlineDefinition,
  FieldDefinition,
  LegalRole,
  RequestDefinition,
  TransitionDefinition,
} from './definition.schema.js';

/**
 * Building blocks the definition files share: field shorthands and the front of the workflow
 * (draft → approval → sent → received → acknowledged) that most request types have. They only
 * assemble data; each definition file remains the single place its type is described.
 */

type FieldExtras = Omit<FieldDefinition, 'code' | 'type' | 'required' | 'article'>;

/** A required field, with the article that requires it. */
export const req = (
  code: string,
  type: FieldDefinition['type'],
  article: string,
  extras: FieldExtras = {},
): FieldDefinition => ({ code, type, required: true, article, ...extras });

/** An optional field, with the article that provides for it. */
export const opt = (
  code: string,
  type: FieldDefinition['type'],
  article: string,
  extras: FieldExtras = {},
): FieldDefinition => ({ code, type, required: false, article, ...extras });

/**
 * The confidentiality and use-limitation fields (BC Art 28, reference R3) carried by R1 and R2;
 * R3 is also a type of its own, for conditions set after a request was made.
 */
export const confidentialityFields = (article: string): FieldDefinition[] => [
  opt('confidentiality_required', 'boolean', article),
  opt('use_limitations', 'free-text', article, { multiple: true }),
  opt('use_report_requested', 'boolean', article),
];

export const state = (code: string, terminal = false) => ({ code, terminal });

export const t = (
  from: string[],
  to: string,
  side: TransitionDefinition['side'],
  roles: LegalRole[],
  extras: Omit<TransitionDefinition, 'from' | 'to' | 'side' | 'roles'> = {},
): TransitionDefinition => ({ from, to, side, roles, ...extras });

/**
 * draft → pending_approval → approved → sent → received → acknowledged, with the approval
 * returned to draft, and withdrawal before sending. `approvers` take the four-eyes step.
 */
export function approvedFront(
  senders: LegalRole[],
  approvers: LegalRole[],
  receivers: LegalRole[],
  approval: Pick<TransitionDefinition, 'rolesWhen'> = {},
) {
  return {
    states: [
      state('draft'),
      state('pending_approval'),
      state('approved'),
      state('sent'),
      state('received'),
      state('acknowledged'),
      state('withdrawn', true),
    ],
    transitions: [
      t(['draft'], 'pending_approval', 'requester', senders, { requiresComplete: true }),
      t(['pending_approval'], 'draft', 'requester', [...new Set([...senders, ...approvers])], {
        requiresReason: true,
      }),
      t(['pending_approval'], 'approved', 'requester', approvers, {
        fourEyes: true,
        requiresComplete: true,
        ...approval,
      }),
      t(['approved'], 'sent', 'requester', senders, { outbox: true, requiresComplete: true }),
      t(['sent'], 'received', 'system', []),
      t(['received'], 'acknowledged', 'recipient', receivers, { outbox: true }),
    ],
  };
}

/** draft → sent → received → acknowledged, for 24/7 requests sent without a second approval. */
export function directFront(senders: LegalRole[], receivers: LegalRole[]) {
  return {
    states: [
      state('draft'),
      state('sent'),
      state('received'),
      state('acknowledged'),
      state('withdrawn', true),
    ],
    transitions: [
      t(['draft'], 'sent', 'requester', senders, { outbox: true, requiresComplete: true }),
      t(['sent'], 'received', 'system', []),
      t(['received'], 'acknowledged', 'recipient', receivers, { outbox: true }),
    ],
  };
}

/** The requester withdraws from any of `from` (told to the other party once sent). */
export const withdraw = (from: string[], roles: LegalRole[]): TransitionDefinition =>
  t(from, 'withdrawn', 'requester', roles, { outbox: true, requiresReason: true });

/**
 * The mutual-assistance core after acknowledgement (BC Arts 25, 27; reference R1 states):
 * under review, conditions proposed and accepted, executing, postponed (27(5)), executed,
 * partially executed, refused with a ground, closed.
 */
export function mlaBody(requesters: LegalRole[], receivers: LegalRole[], refusalGrounds: string[]) {
  return {
    states: [
      state('under_review'),
      state('conditions_proposed'),
      state('conditions_declined', true),
      state('executing'),
      state('postponed'),
      state('executed'),
      state('partially_executed'),
      state('refused', true),
      state('closed', true),
    ],
    transitions: [
      // The requesting side follows the review and the execution (BC Art 27(7): prompt outcome,
      // warning of delays): these steps travel to it too.
      t(['acknowledged'], 'under_review', 'recipient', receivers, {
        outbox: true,
        article: 'BC Art 27(7)',
      }),
      t(['under_review'], 'conditions_proposed', 'recipient', receivers, {
        requiresReason: true,
        outbox: true,
        article: 'BC Art 27(6)',
      }),
      t(['conditions_proposed'], 'executing', 'requester', requesters, {
        outbox: true,
        article: 'BC Art 27(6)',
      }),
      t(['conditions_proposed'], 'conditions_declined', 'requester', requesters, {
        outbox: true,
        requiresReason: true,
      }),
      t(['under_review', 'postponed'], 'executing', 'recipient', receivers, {
        outbox: true,
        article: 'BC Art 27(7)',
      }),
      t(['under_review', 'executing'], 'postponed', 'recipient', receivers, {
        grounds: ['postpone_domestic_case'],
        requiresReason: true,
        outbox: true,
        article: 'BC Art 27(5)',
      }),
      t(['executing'], 'executed', 'recipient', receivers, { outbox: true, package: true }),
      t(['executing'], 'partially_executed', 'recipient', receivers, {
        outbox: true,
        package: true,
        requiresReason: true,
        article: 'BC Art 27(6)',
      }),
      t(['received', 'acknowledged', 'under_review'], 'refused', 'recipient', receivers, {
        grounds: refusalGrounds,
        requiresReason: true,
        outbox: true,
        article: 'BC Art 27(4), 27(7)',
      }),
      t(['executed', 'partially_executed'], 'closed', 'requester', requesters),
    ],
  };
}

/** Assembles a definition from parts (states de-duplicated in order). */
export function assemble(
  head: Omit<RequestDefinition, 'states' | 'transitions' | 'deadlines'> & {
    deadlines?: DeadlineDefinition[];
  },
  ...parts: { states: RequestDefinition['states']; transitions: TransitionDefinition[] }[]
): RequestDefinition {
  const states = new Map<string, RequestDefinition['states'][number]>();
  for (const p of parts) for (const s of p.states) if (!states.has(s.code)) states.set(s.code, s);
  return {
    ...head,
    deadlines: head.deadlines ?? [],
    states: [...states.values()],
    transitions: parts.flatMap((p) => p.transitions),
  };
}

/** A part made of transitions only. */
export const only = (...transitions: TransitionDefinition[]) => ({ states: [], transitions });

/** The usual fields of a mutual-assistance request (BC Art 27(2)–(3) by treaty or Art 27). */
export const mlaFields = (article: string): FieldDefinition[] => [
  req('requesting_authority', 'authority', article),
  req('regime', 'code', 'BC Art 27(1)', { codeList: 'regime' }),
  req('offences', 'offences', article),
  req('facts', 'free-text', article, { personal: 'free-text' }),
  req('measures', 'code', article, { codeList: 'measure', multiple: true }),
  opt('requested_procedure', 'free-text', 'BC Art 27(5)'),
];

export const ALL_AUTHORITIES: LegalRole[] = [
  'contact-point',
  'investigator',
  'prosecutor',
  'judge',
  'central-authority',
];
export const MLA_GROUNDS = [
  'political_offence',
  'essential_interests',
  'treaty_ground',
  'dual_criminality',
];

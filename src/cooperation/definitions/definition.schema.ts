import { Type, type Static } from 'typebox';
import { DATA_CATEGORIES } from '../../privacy/personal-data.js';
import { CHANNELS, LEGAL_BASES, URGENCIES } from '../code-lists.js';

/**
 * The shape of a request-type definition (issue 7, item 1). A definition is data: adding a type
 * or changing a period is a change to a definition file, never to the workflow code. Every
 * definition is checked against {@link DefinitionSchema} when the registry loads, and then for
 * consistency (states named by transitions exist, clocks name existing states…).
 */

const lit = <const T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>(Type.Enum([...values]));

/**
 * The legal roles a definition speaks of. How they map to the node's roles (`auth/roles.ts`) is
 * a setting (`roleMap`, see `cooperation.settings.ts`): by default `contact-point` → the
 * contact-point role, `investigator`, `prosecutor` and `judge` → the investigator role,
 * `central-authority` → contact-point or investigator, `provider` → contact-point or analyst of an
 * organisation in the `industry` sector.
 */
export const LEGAL_ROLES = [
  'contact-point',
  'investigator',
  'prosecutor',
  'judge',
  'central-authority',
  'provider',
] as const;
export type LegalRole = (typeof LEGAL_ROLES)[number];

export const FIELD_TYPES = [
  'code',
  'integer',
  'identifier',
  'data-categories',
  'time-range',
  'offences',
  'date-time',
  'reference',
  'free-text',
  'boolean',
  'authority',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** How sure the reference is of a rule: [V] verified, [S] secondary, [U] unverified. */
export const Verification = lit(['V', 'S', 'U'] as const);

export const PeriodSchema = Type.Object(
  {
    amount: Type.Integer({ minimum: 1, maximum: 100_000 }),
    unit: lit(['hours', 'days', 'working-days'] as const),
  },
  { additionalProperties: false },
);
export type Period = Static<typeof PeriodSchema>;

export const FieldSchema = Type.Object(
  {
    /** Stable code, snake_case; the key of the value in a request's `fields`. */
    code: Type.String({ pattern: '^[a-z][a-z0-9_]*$' }),
    type: lit(FIELD_TYPES),
    /** For `code` fields: the code list (`code-lists.ts`). */
    codeList: Type.Optional(Type.String()),
    /** Several values (an array). */
    multiple: Type.Optional(Type.Boolean()),
    required: Type.Boolean(),
    /**
     * Required only when another field has this value (`consent_evidence` when basis=consent);
     * `urgency` names the request's urgency.
     */
    requiredWhen: Type.Optional(
      Type.Object(
        { field: Type.String(), equals: Type.Union([Type.String(), Type.Boolean()]) },
        { additionalProperties: false },
      ),
    ),
    /** The article that requires (or provides for) the field, e.g. `BC Art 29(2)(d)`. */
    article: Type.String({ minLength: 1 }),
    /** For `integer` fields: the smallest value allowed (BC Art 24(1): penalty ≥ 12 months). */
    minimum: Type.Optional(Type.Integer()),
    /** For `identifier` fields: the kinds accepted (default: all). */
    identifierKinds: Type.Optional(Type.Array(Type.String())),
    /** For `reference` fields: the request types the referenced request may have. */
    referenceTypes: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
    /**
     * The field holds personal data of this category (issue 8, item 1): it is stored sealed
     * and shown as `{ sealed: true, category }` until opened for a stated purpose.
     */
    personal: Type.Optional(lit(DATA_CATEGORIES)),
  },
  { additionalProperties: false },
);
export type FieldDefinition = Static<typeof FieldSchema>;

export const DeadlineSchema = Type.Object(
  {
    /** Stable code, unique in the definition, e.g. `preservation`; overrides use `R4.preservation`. */
    code: Type.String({ pattern: '^[a-z][a-z0-9_-]*$' }),
    /** The rule it implements, e.g. `BC Art 29(7)`. */
    rule: Type.String({ minLength: 1 }),
    verification: Verification,
    /** Who must act before it runs out: the requesting or the requested side. */
    party: lit(['requester', 'recipient'] as const),
    period: PeriodSchema,
    /** Periods by urgency that replace `period` (E1: emergency → 8 hours). */
    byUrgency: Type.Optional(
      Type.Object(
        {
          normal: Type.Optional(PeriodSchema),
          urgent: Type.Optional(PeriodSchema),
          emergency: Type.Optional(PeriodSchema),
        },
        { additionalProperties: false },
      ),
    ),
    /** True when the period is a minimum ("at least 60 days"). */
    minimum: Type.Optional(Type.Boolean()),
    /** Entering one of these states starts the clock. */
    startOn: Type.Array(Type.String(), { minItems: 1 }),
    /** Entering one of these states stops it (met). */
    stopOn: Type.Array(Type.String()),
    /** Entering one of these states holds it (no expiry while held). */
    holdOn: Type.Optional(Type.Array(Type.String())),
    /** Entering one of these states extends it by `by`, at most `max` times. */
    extend: Type.Optional(
      Type.Object(
        {
          on: Type.Array(Type.String(), { minItems: 1 }),
          by: PeriodSchema,
          max: Type.Integer({ minimum: 1 }),
        },
        { additionalProperties: false },
      ),
    ),
    /** The clock runs only when this field has this value (E1: enforcing State notified). */
    when: Type.Optional(
      Type.Object(
        { field: Type.String(), equals: Type.Union([Type.String(), Type.Boolean()]) },
        { additionalProperties: false },
      ),
    ),
    /** The state the request moves to when the clock runs out (else it is only flagged overdue). */
    expireTo: Type.Optional(Type.String()),
    /** Whose calendar counts working days and whose zone the deadline is expressed in. */
    calendar: lit(['requester', 'recipient'] as const),
  },
  { additionalProperties: false },
);
export type DeadlineDefinition = Static<typeof DeadlineSchema>;

export const TransitionSchema = Type.Object(
  {
    from: Type.Array(Type.String(), { minItems: 1 }),
    to: Type.String(),
    /**
     * Which party takes it: the requesting organisation, the requested one, or the node itself
     * (`system`: delivery by the transport, clocks running out, a follow-up arriving).
     */
    side: lit(['requester', 'recipient', 'system'] as const),
    /** Legal roles allowed (empty for `system`). */
    roles: Type.Array(lit(LEGAL_ROLES)),
    /** A second person, not the one who drafted or submitted, must take it (four-eyes). */
    fourEyes: Type.Optional(Type.Boolean()),
    /** The request must be complete (validation passes) to take it. */
    requiresComplete: Type.Optional(Type.Boolean()),
    /** The message goes into the outbox for the transport (sending to the other party). */
    outbox: Type.Optional(Type.Boolean()),
    /** A ground from this list must be given (refusal, cannot-comply reasons). */
    grounds: Type.Optional(Type.Array(Type.String(), { minItems: 1 })),
    /** A reason (free text) must be given. */
    requiresReason: Type.Optional(Type.Boolean()),
    /** A data package (files) may be attached. */
    package: Type.Optional(Type.Boolean()),
    /** The article that provides for the step. */
    article: Type.Optional(Type.String()),
    /** The step is open only this many days after the request was received (then refused). */
    withinDaysOfReceipt: Type.Optional(
      Type.Object(
        { days: Type.Integer({ minimum: 1 }), article: Type.String({ minLength: 1 }) },
        { additionalProperties: false },
      ),
    ),
    /**
     * Narrower roles when a field holds one of some values: an EPOC for traffic or content data
     * is validated by a judge only (EU Reg 2023/1543 Art 4(2)). Applied after the settings'
     * approvers, so no setting can widen them.
     */
    rolesWhen: Type.Optional(
      Type.Array(
        Type.Object(
          {
            field: Type.String(),
            includesAny: Type.Array(Type.String(), { minItems: 1 }),
            roles: Type.Array(lit(LEGAL_ROLES), { minItems: 1 }),
            article: Type.String({ minLength: 1 }),
          },
          { additionalProperties: false },
        ),
        { minItems: 1 },
      ),
    ),
  },
  { additionalProperties: false },
);
export type TransitionDefinition = Static<typeof TransitionSchema>;

export const DefinitionSchema = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Z][0-9]{1,2}$' }),
    legalBasis: Type.Array(lit(LEGAL_BASES), { minItems: 1 }),
    title: Type.String({ minLength: 1 }),
    /** `[V]`, `[S]` or `[U]`: how well the reference knows the instrument's articles. */
    verification: Verification,
    senders: Type.Array(lit(LEGAL_ROLES), { minItems: 1 }),
    /** Empty for R7 (a record, not a request). */
    receivers: Type.Array(lit(LEGAL_ROLES)),
    /** What kind of organisation receives it: an authority, a provider (industry), none (R7). */
    recipientKind: lit(['authority', 'provider', 'none'] as const),
    channels: Type.Array(lit(CHANNELS), { minItems: 1 }),
    urgencies: Type.Array(lit(URGENCIES), { minItems: 1 }),
    /** The request type a child is created from (R5 → R4); it then goes to the parent's requester. */
    parentType: Type.Optional(Type.String()),
    /**
     * A follow-up request: when it reaches `on`, the request named by its field `field` (which
     * must be in one of the states `from`) moves to `parentTo` (R6 received → its R4
     * `follow_up_received`, which holds the preservation clock; BC Art 29(7)).
     */
    followUp: Type.Optional(
      Type.Object(
        {
          field: Type.String(),
          on: Type.String(),
          from: Type.Array(Type.String(), { minItems: 1 }),
          parentTo: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
    fields: Type.Array(FieldSchema, { minItems: 1 }),
    deadlines: Type.Array(DeadlineSchema),
    refusalGrounds: Type.Array(Type.String()),
    states: Type.Array(
      Type.Object(
        { code: Type.String({ pattern: '^[a-z][a-z0-9_]*$' }), terminal: Type.Boolean() },
        { additionalProperties: false },
      ),
      { minItems: 2 },
    ),
    transitions: Type.Array(TransitionSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type RequestDefinition = Static<typeof DefinitionSchema>;

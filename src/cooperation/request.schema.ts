import { Type } from 'typebox';
import { OneLine } from '../platform/http/schema-types.js';
import { DefinitionSchema } from './definitions/definition.schema.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);
const Id = Type.String({ pattern: '^[0-9a-f-]{36}$', description: 'Request id (UUID)' });

export const RequestParams = Type.Object({ id: Id });
export const FileParams = Type.Object({ id: Id, fileId: Id });
export const TypeParams = Type.Object({ code: Type.String({ pattern: '^[A-Z][0-9]{1,2}$' }) });

const Fields = Type.Record(Type.String(), Type.Unknown(), {
  description: "The form's fields by code; values typed as the definition's field says",
});

export const DraftBody = Type.Object(
  {
    type: Type.String({ pattern: '^[A-Z][0-9]{1,2}$', description: 'Request-type code' }),
    urgency: Type.Optional(OneLine(1, 20)),
    channel: Type.Optional(OneLine(1, 40)),
    recipientOrganizationId: Type.Optional(Nullable(OneLine(1, 200))),
    parentId: Type.Optional(Nullable(Id)),
    fields: Type.Optional(Fields),
    confidential: Type.Optional(
      Type.Boolean({
        description:
          'BC Art 27(8): on the receiving side only the named handlers may read the request',
      }),
    ),
    handlers: Type.Optional(
      Type.Array(OneLine(1, 100), {
        maxItems: 20,
        description:
          "User names of the recipient's handlers allowed to read a confidential request",
      }),
    ),
  },
  { additionalProperties: false },
);

export const DraftUpdateBody = Type.Object(
  {
    urgency: Type.Optional(OneLine(1, 20)),
    channel: Type.Optional(OneLine(1, 40)),
    recipientOrganizationId: Type.Optional(Nullable(OneLine(1, 200))),
    fields: Type.Optional(Fields),
    confidential: Type.Optional(
      Type.Boolean({
        description:
          'BC Art 27(8): on the receiving side only the named handlers may read the request',
      }),
    ),
    handlers: Type.Optional(
      Type.Array(OneLine(1, 100), {
        maxItems: 20,
        description:
          "User names of the recipient's handlers allowed to read a confidential request",
      }),
    ),
  },
  { additionalProperties: false },
);

export const TransitionBody = Type.Object(
  {
    to: OneLine(1, 60, 'The state to move to'),
    reason: Type.Optional(Nullable(Type.String({ maxLength: 20_000 }))),
    ground: Type.Optional(Nullable(OneLine(1, 60, 'Refusal ground or cannot-comply reason code'))),
    files: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: OneLine(1, 255),
            mediaType: OneLine(1, 255),
            contentBase64: Type.String({ description: 'The file, base64' }),
          },
          { additionalProperties: false },
        ),
        { maxItems: 100, description: 'A data package (where the step carries one)' },
      ),
    ),
  },
  { additionalProperties: false },
);

export const ListQuery = Type.Object(
  {
    box: Type.Optional(
      Type.Union([Type.Literal('inbox'), Type.Literal('outbox'), Type.Literal('provider')]),
    ),
    type: Type.Optional(Type.String({ pattern: '^[A-Z][0-9]{1,2}$' })),
    state: Type.Optional(Type.String({ pattern: '^[a-z_]{1,60}$' })),
    overdue: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);

export const RequestSchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  state: Type.String(),
  urgency: Type.String(),
  channel: Type.String(),
  requesterOrganizationId: Type.String(),
  recipientOrganizationId: Nullable(Type.String()),
  parentId: Nullable(Type.String()),
  fields: Fields,
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  sentAt: Nullable(Type.String()),
  receivedAt: Nullable(Type.String()),
  acknowledgedAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  confidential: Type.Boolean({ description: 'BC Art 27(8) confidentiality asked by the sender' }),
  handlers: Type.Array(Type.String(), {
    description: 'User names that may read a confidential request on the receiving side',
  }),
  side: Type.Union([Type.Literal('requester'), Type.Literal('recipient')]),
  overdue: Type.Boolean({ description: 'A legal clock ran out and the request is not closed' }),
  nextDeadline: Nullable(
    Type.Object({ code: Type.String(), dueAt: Type.String(), zone: Type.String() }),
  ),
});

const DeadlineSchema = Type.Object({
  code: Type.String(),
  rule: Type.String(),
  party: Type.String(),
  status: Type.String({ description: 'running | held | met | overdue | cancelled' }),
  startedAt: Type.String(),
  dueAt: Type.String({ description: 'UTC' }),
  zone: Type.String({ description: 'IANA zone the deadline is expressed in' }),
  extensions: Type.Integer(),
  heldAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  escalatedAt: Nullable(Type.String()),
});

/**
 * A data-package file's chain of custody (issue 7, item 5): the producing node's acquisition
 * and transfer records, as signed in the manifest, then the receiving node's receipt; checked
 * on reading (`intact`, else `problem` names the first broken record). Null for older files.
 */
const FileCustodySchema = Type.Object({
  intact: Type.Boolean(),
  problem: Nullable(Type.String()),
  records: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      at: Type.String(),
      actor: Type.String(),
      organizationId: Type.String(),
      action: Type.String({ description: 'acquire | send | …, as in the evidence chains' }),
      purpose: Type.String(),
      details: Nullable(Type.String({ description: 'Canonical JSON' })),
      hash: Type.String({ description: 'SHA-256 of the record, chained to the previous one' }),
    }),
  ),
});

export const RequestWithTimelineSchema = Type.Intersect([
  RequestSchema,
  Type.Object({
    timeline: Type.Object({
      transitions: Type.Array(
        Type.Object({
          seq: Type.Integer(),
          from: Nullable(Type.String()),
          to: Type.String(),
          actor: Type.String(),
          at: Type.String(),
          reason: Nullable(Type.String()),
          ground: Nullable(Type.String()),
        }),
      ),
      deadlines: Type.Array(DeadlineSchema),
      reminders: Type.Array(
        Type.Object({
          kind: Type.String({ description: 'reminder | escalation' }),
          deadline: Type.String(),
          leadMinutes: Nullable(Type.Integer()),
          audience: Type.String({ description: 'responsible | contact-point | supervisor' }),
          userId: Type.String(),
          at: Type.String(),
        }),
      ),
      files: Type.Array(
        Type.Object({
          id: Type.String(),
          name: Type.String(),
          mediaType: Type.String(),
          sha256: Type.String(),
          size: Type.Integer(),
          at: Type.String(),
          custody: Nullable(FileCustodySchema),
        }),
      ),
      outbox: Type.Array(
        Type.Object({
          id: Type.String(),
          state: Type.String(),
          createdAt: Type.String(),
          deliveredAt: Nullable(Type.String()),
          attempts: Type.Integer(),
          lastError: Nullable(Type.String()),
          nextAttemptAt: Nullable(Type.String({ description: 'Back-off: not retried before' })),
          refusedAt: Nullable(Type.String({ description: 'The receiving node refused it' })),
          receiptAt: Nullable(
            Type.String({ description: 'Time in the receiving node’s signed receipt' }),
          ),
          receipt: Nullable(Type.String({ description: 'The signed receipt (compact JWS)' })),
        }),
      ),
      receipts: Type.Array(
        Type.Object(
          {
            messageId: Type.String(),
            state: Type.String(),
            fromNodeId: Type.String(),
            receivedAt: Type.String(),
            digest: Type.String({ description: 'base64url SHA-256 of the sender’s JWS' }),
            receipt: Type.String({ description: 'The receipt this node signed (compact JWS)' }),
          },
          { description: 'Messages of this request received from another node' },
        ),
      ),
    }),
  }),
]);

export const ProblemsSchema = Type.Object({
  problems: Type.Array(
    Type.Object({
      field: Type.String(),
      article: Type.String(),
      kind: Type.Union([Type.Literal('missing'), Type.Literal('invalid'), Type.Literal('unknown')]),
      message: Type.String(),
    }),
  ),
});

export const TypesSchema = Type.Object({
  types: Type.Array(DefinitionSchema),
  codeLists: Type.Record(Type.String(), Type.Array(Type.String())),
  offences: Type.Array(
    Type.Object({
      code: Type.String(),
      instrument: Type.String(),
      article: Type.String(),
      title: Type.String(),
      kind: Type.String(),
      appliesTo: Type.Optional(Type.Array(Type.String())),
    }),
  ),
  roleMap: Type.Record(Type.String(), Type.Array(Type.String()), {
    description: 'Node roles holding each legal role',
  }),
  approvers: Type.Record(Type.String(), Type.Record(Type.String(), Type.Array(Type.String())), {
    description:
      'Approving legal roles configured per type and requesting country (`*`: any), replacing the definition’s four-eyes roles',
  }),
  unverified: Type.Array(Type.String(), {
    description: 'Rules left configurable because the reference marks them [U]',
  }),
});

const Pct = Type.Object({ median: Nullable(Type.Number()), p90: Nullable(Type.Number()) });
export const MetricsSchema = Type.Object({
  counterparts: Type.Array(
    Type.Object({
      counterpartId: Nullable(Type.String()),
      country: Nullable(Type.String()),
      sent: Type.Record(Type.String(), Type.Integer()),
      received: Type.Record(Type.String(), Type.Integer()),
      acknowledgeSeconds: Pct,
      executeSeconds: Pct,
      refusalsByGround: Type.Record(Type.String(), Type.Integer()),
      overdue: Type.Integer(),
    }),
  ),
});

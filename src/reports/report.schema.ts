import { Type, type Static } from 'typebox';
import { AFFECTED, OBSERVABLE_KINDS } from '../intake/report/report-answers.js';
import { OneLine } from '../platform/http/schema-types.js';

const Timestamp = (description: string) =>
  Type.String({ maxLength: 64, description: `${description} (RFC 3339 with a time zone)` });

const When = Type.Union(
  [
    Type.Object(
      { kind: Type.Literal('at'), at: Timestamp('When it happened') },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        kind: Type.Literal('between'),
        from: Timestamp('Start'),
        until: Timestamp('End'),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      { kind: Type.Literal('ongoing'), since: Type.Optional(Timestamp('Since when')) },
      { additionalProperties: false },
    ),
  ],
  { description: 'When it happened: at a moment, between two moments, or still going on' },
);

export const ReportBody = Type.Object(
  {
    offence: OneLine(0, 100, 'An offence code from GET /api/v1/reports/offences, or "not-sure"'),
    when: When,
    affected: Type.Object(
      {
        who: Type.Union(
          AFFECTED.map((a) => Type.Literal(a)),
          { description: 'Who is affected' },
        ),
        count: Type.Optional(Type.Integer({ description: 'How many are affected, if known' })),
      },
      { additionalProperties: false },
    ),
    what_happened: Type.String({
      maxLength: 40_000,
      description: 'What the person saw, in their own words',
    }),
    observables: Type.Optional(
      Type.Array(
        Type.Object(
          {
            type: Type.Union(OBSERVABLE_KINDS.map((k) => Type.Literal(k))),
            value: Type.String({ maxLength: 8192 }),
          },
          { additionalProperties: false },
        ),
        { maxItems: 1000, description: 'Web addresses, domains, e-mail addresses, IPs, phones' },
      ),
    ),
    attachments: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: OneLine(0, 255, 'File name'),
            media_type: Type.Optional(OneLine(0, 255, 'Media type, e.g. application/pdf')),
            content_base64: Type.String({ description: 'The file, base64 (RFC 4648 §4)' }),
          },
          { additionalProperties: false },
        ),
        {
          maxItems: 100,
          description: 'Files or the e-mail (.eml); limits are given by GET /reports/offences',
        },
      ),
    ),
    tlp: Type.Optional(
      Type.Union(
        [
          Type.Literal('clear'),
          Type.Literal('green'),
          Type.Literal('amber'),
          Type.Literal('amber+strict'),
          Type.Literal('red'),
        ],
        { description: 'TLP 2.0 level of everything created; amber when absent' },
      ),
    ),
    distribution: Type.Optional(
      Type.Union(
        [
          Type.Literal('organisation'),
          Type.Literal('community'),
          Type.Literal('connected'),
          Type.Literal('all'),
        ],
        { description: 'How far the report may travel; the node default when absent' },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ReportBody = Static<typeof ReportBody>;

export const ReportReceiptSchema = Type.Object({
  incident_id: Type.String(),
  observables: Type.Array(
    Type.Object({ id: Type.String(), type: Type.String(), value: Type.String() }),
  ),
  relationship_ids: Type.Array(Type.String()),
  stored: Type.Integer({ description: 'Objects newly stored' }),
});

export const OffencesSchema = Type.Object({
  offences: Type.Array(
    Type.Object({
      code: Type.String(),
      instrument: Type.String({ description: 'ETS-185 (Convention) or ETS-189 (Protocol)' }),
      article: Type.String(),
      title: Type.String({ description: 'Official English heading of the article' }),
    }),
  ),
  not_sure: Type.String({ description: 'The code to send when the person cannot tell' }),
  limits: Type.Object({
    max_files: Type.Integer(),
    max_file_bytes: Type.Integer(),
    max_total_bytes: Type.Integer(),
  }),
});

/** The error shape, with the stable problem code of each detail (`report.error.<code>`). */
export const ReportErrorSchema = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Array(
      Type.Object({
        path: Type.String(),
        message: Type.String(),
        code: Type.Optional(Type.String()),
      }),
    ),
  }),
});

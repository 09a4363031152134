import { Type } from 'typebox';
import { IngestQuery } from '../objects/object.schema.js';

export const ImportQuery = Type.Object({
  ...IngestQuery.properties,
  format: Type.Optional(
    Type.String({
      maxLength: 64,
      description: 'Input format (see GET /api/v1/imports/formats); absent or `auto`: detected',
    }),
  ),
  feed: Type.Optional(
    Type.String({ maxLength: 128, description: 'Name of a shipped feed definition' }),
  ),
  tlp: Type.Optional(
    Type.Union(
      ['clear', 'green', 'amber', 'amber+strict', 'red'].map((l) => Type.Literal(l)),
      { description: 'Marking of the objects the import creates (default amber)' },
    ),
  ),
});

export const RecordProblemSchema = Type.Object({
  record: Type.Integer({ description: '1-based record number (feed line, attribute, message …)' }),
  line: Type.Optional(Type.Integer()),
  id: Type.Optional(Type.String()),
  reason: Type.String(),
});

export const ImportSummarySchema = Type.Object({
  format: Type.String(),
  records: Type.Integer(),
  objects: Type.Integer(),
  stored: Type.Integer(),
  duplicates: Type.Integer(),
  folded: Type.Integer(),
  problems: Type.Array(RecordProblemSchema),
  problemCount: Type.Integer(),
  warnings: Type.Array(
    Type.Object({
      record: Type.Integer(),
      line: Type.Optional(Type.Integer()),
      message: Type.String(),
    }),
  ),
  warningCount: Type.Integer(),
  rolledBack: Type.Boolean(),
});

export const FormatsSchema = Type.Object({
  formats: Type.Array(Type.Object({ name: Type.String(), description: Type.String() })),
  feeds: Type.Array(Type.Object({ name: Type.String(), description: Type.String() })),
});

import { Type } from 'typebox';

/** Response shapes of the witnessed audit (allow-lists: nothing else leaves). */
export const CheckpointSchema = Type.Object({
  nodeId: Type.String(),
  seq: Type.Integer(),
  headHash: Type.String(),
  at: Type.String({ format: 'date-time' }),
});

export const CheckpointViewSchema = Type.Object({
  id: Type.String(),
  nodeId: Type.String(),
  seq: Type.Integer(),
  headHash: Type.String(),
  at: Type.String({ format: 'date-time' }),
  signature: Type.String(),
  receipts: Type.Array(
    Type.Object({
      witness: Type.String(),
      witnessUrl: Type.String(),
      receivedAt: Type.String(),
      signature: Type.String(),
    }),
  ),
  deliveries: Type.Array(
    Type.Object({
      witnessUrl: Type.String(),
      state: Type.Enum(['pending', 'delivered']),
      attempts: Type.Integer(),
      lastError: Type.Union([Type.String(), Type.Null()]),
      nextAttemptAt: Type.String(),
    }),
  ),
});

/** A node descriptor as it travels (checked by `parseDescriptor`, not by the schema). */
export const DescriptorSchema = Type.Object({}, { additionalProperties: true });

export const ReceiptSchema = Type.Object({
  witness: Type.String(),
  receivedAt: Type.String(),
  signature: Type.String(),
  descriptor: DescriptorSchema,
});

export const WitnessCopySchema = Type.Object({
  witness: DescriptorSchema,
  nodeId: Type.String(),
  at: Type.String(),
  checkpoints: Type.Array(
    Type.Object({
      checkpoint: CheckpointSchema,
      signature: Type.String(),
      publicKey: Type.String(),
      receivedAt: Type.String(),
      countersignature: Type.String(),
      equivocation: Type.Boolean(),
    }),
  ),
  signature: Type.String(),
});

export const WitnessedNodeSchema = Type.Object({
  nodeId: Type.String(),
  name: Type.String(),
  fingerprint: Type.String(),
  registeredAt: Type.String(),
  registeredBy: Type.String(),
});

export const WitnessedReportSchema = Type.Object({
  ok: Type.Boolean(),
  /** The chain check alone, as before. */
  entries: Type.Integer(),
  firstBad: Type.Optional(
    Type.Object({
      seq: Type.Integer(),
      problem: Type.Enum(['changed', 'removed', 'reordered', 'inserted']),
      message: Type.String(),
    }),
  ),
  headSeq: Type.Integer(),
  checkpoints: Type.Integer(),
  sources: Type.Array(
    Type.Object({
      source: Type.String(),
      witness: Type.Union([Type.String(), Type.Null()]),
      checkpoints: Type.Integer(),
      error: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  problems: Type.Array(
    Type.Object({
      kind: Type.Enum([
        'chain',
        'signature',
        'countersignature',
        'head-mismatch',
        'truncated',
        'equivocation',
        'witness',
      ]),
      source: Type.String(),
      seq: Type.Union([Type.Integer(), Type.Null()]),
      message: Type.String(),
    }),
  ),
  divergence: Type.Union([
    Type.Object({
      lastMatchingSeq: Type.Integer(),
      firstDivergingSeq: Type.Integer(),
      firstBrokenSeq: Type.Union([Type.Integer(), Type.Null()]),
      message: Type.String(),
    }),
    Type.Null(),
  ]),
});

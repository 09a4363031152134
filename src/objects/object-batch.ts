import { validateStixObject, type StixObject } from '../stix/index.js';
import { referencesOf, toRow } from './object-row.js';
import type { LatestVersion, NewVersion } from './object.repository.js';
import type { Distribution, Rejection } from './object.types.js';

/** A batch after validation: the valid objects as candidate versions, and the rejections. */
export interface ValidatedBatch {
  readonly candidates: readonly {
    readonly index: number;
    readonly version: Omit<NewVersion, 'latest'>;
  }[];
  readonly rejected: Rejection[];
  /** Same id and version twice inside the batch: the later copies. */
  readonly inBatchDuplicates: number;
}

/** Validates each object of a batch (pure). `firstIndex` is the input index of `objects[0]`. */
export function validateBatch(
  objects: readonly unknown[],
  firstIndex: number,
  distribution: Distribution | ((object: StixObject) => Distribution),
): ValidatedBatch {
  const candidates: { index: number; version: Omit<NewVersion, 'latest'> }[] = [];
  const rejected: Rejection[] = [];
  const seen = new Set<string>();
  let inBatchDuplicates = 0;
  objects.forEach((value, i) => {
    const index = firstIndex + i;
    const issues = validateStixObject(value);
    if (issues.length > 0) {
      rejected.push({
        index,
        id: idOf(value),
        errors: issues.map((issue) => ({
          path: issue.path,
          message: `${issue.message} (${issue.code})`,
        })),
      });
      return;
    }
    const object = value as StixObject;
    const row = toRow(
      object,
      typeof distribution === 'function' ? distribution(object) : distribution,
    );
    const key = `${row.id}|${row.modified}`;
    if (seen.has(key)) {
      inBatchDuplicates++;
      return;
    }
    seen.add(key);
    candidates.push({ index, version: { row, object, refs: referencesOf(object) } });
  });
  return { candidates, rejected, inBatchDuplicates };
}

/** The plan for storing a validated batch, given what the store already holds (pure). */
export interface VersionPlan {
  readonly insert: NewVersion[];
  /** Seqs of stored versions that stop being the latest. */
  readonly supersede: number[];
  readonly duplicates: number;
  readonly rejected: Rejection[];
}

/**
 * Decides, for each candidate, whether it is a duplicate (same id and version already stored),
 * a version of a revoked object (rejected: STIX 2.1 §3.6, a revoked object is never versioned
 * again), or a new version — and which new version becomes the latest.
 */
export function planVersions(
  batch: ValidatedBatch,
  existing: ReadonlySet<string>,
  latest: ReadonlyMap<string, LatestVersion>,
): VersionPlan {
  const rejected: Rejection[] = [];
  const fresh: { index: number; version: Omit<NewVersion, 'latest'> }[] = [];
  let duplicates = batch.inBatchDuplicates;
  for (const c of batch.candidates) {
    const { id, modified } = c.version.row;
    if (existing.has(`${id}|${modified}`)) {
      duplicates++;
      continue;
    }
    const current = latest.get(id);
    if (current?.revoked && modified > current.modified) {
      rejected.push({
        index: c.index,
        id,
        errors: [{ path: '/id', message: `${id} is revoked and cannot get new versions` }],
      });
      continue;
    }
    fresh.push(c);
  }
  // The newest version of each id in this batch, if newer than the stored latest, becomes latest.
  const newest = new Map<string, string>();
  for (const c of fresh) {
    const { id, modified } = c.version.row;
    const best = newest.get(id);
    if (best === undefined || modified > best) newest.set(id, modified);
  }
  const supersede: number[] = [];
  const insert: NewVersion[] = fresh.map((c) => {
    const { id, modified } = c.version.row;
    const current = latest.get(id);
    const isLatest =
      newest.get(id) === modified && (current === undefined || modified > current.modified);
    if (isLatest && current !== undefined) supersede.push(current.seq);
    return { ...c.version, latest: isLatest };
  });
  return { insert, supersede, duplicates, rejected };
}

function idOf(value: unknown): string | null {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const id = (value as { id?: unknown }).id;
    if (typeof id === 'string') return id.slice(0, 200);
  }
  return null;
}

import type { AppDeps } from '../src/app.js';

/**
 * `BENCH_INDEXER=off` runs the import benches without the observable index writer, to measure
 * what writing `observable_keys` in the storing transaction costs an import. Products never do
 * this: only benches pass the override (see `AppDeps.indexer`).
 */
export function indexerOff(): boolean {
  return process.env.BENCH_INDEXER === 'off';
}

/** The node overrides of an import bench. */
export function benchOverrides(): Pick<AppDeps, 'indexer'> {
  return indexerOff() ? { indexer: null } : {};
}

/** Suffix of a measure's name that tells whether the indexer ran. */
export function indexerNote(): string {
  return indexerOff() ? ', indexer off' : '';
}

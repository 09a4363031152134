/** One figure a benchmark reports. */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** A target this figure should meet, stated for the table (e.g. `≥ 40 %`). */
  readonly target?: string;
  /** Whether the target was met, when there is one. */
  readonly ok?: boolean;
}

/** A `bench/*.bench.ts` module: `run` does the work and returns its figures. */
export interface BenchModule {
  run(): Promise<BenchResult[]>;
}

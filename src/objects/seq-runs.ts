/**
 * The seqs of the versions a long transaction stored, kept as runs of consecutive seqs (pure).
 * An atomic import of millions of objects announces what it stored only after it commits; a
 * list of every id would grow with the import, while the seqs of one transaction come mostly
 * in long runs (one per insert statement, or one for the whole import on SQLite): a few
 * numbers per run, read back to ids in bounded chunks once committed.
 */
export interface SeqRuns {
  /** Adds seqs in the order they were stored. */
  add(seqs: readonly number[]): void;
  /** Stored seqs so far. */
  readonly count: number;
  /** The runs, as inclusive `[first, last]` pairs, in the order stored. */
  runs(): Generator<readonly [number, number]>;
}

export function seqRuns(): SeqRuns {
  // Pairs (first, last); grown by doubling.
  let pairs = new Float64Array(64);
  let length = 0;
  let count = 0;
  return {
    add(seqs) {
      for (const seq of seqs) {
        count += 1;
        if (length > 0 && pairs[length - 1] === seq - 1) {
          pairs[length - 1] = seq;
          continue;
        }
        if (length === pairs.length) {
          const grown = new Float64Array(pairs.length * 2);
          grown.set(pairs);
          pairs = grown;
        }
        pairs[length] = seq;
        pairs[length + 1] = seq;
        length += 2;
      }
    },
    get count() {
      return count;
    },
    *runs() {
      for (let i = 0; i < length; i += 2) yield [pairs[i]!, pairs[i + 1]!] as const;
    },
  };
}

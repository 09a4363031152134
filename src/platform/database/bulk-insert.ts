import { CompiledQuery } from 'kysely';
import type { DialectCapabilities } from './capabilities.js';
import type { Database } from './schema.js';

/**
 * A multi-row `INSERT` whose SQL text is built once per row count. For bulk paths (imports of
 * millions of objects) where building Kysely's query tree for every chunk costs more than
 * SQLite's insert itself. Values are always bound parameters, never spliced into the text.
 *
 * @example
 *   const insert = bulkInsert(caps, 'stix_refs', ['object_seq', 'source_id', 'ref_id', 'property']);
 *   await db.executeQuery(insert.compile([[1, 'indicator--…', 'identity--…', 'created_by_ref']]));
 */
export function bulkInsert<T extends keyof Database & string>(
  capabilities: DialectCapabilities,
  table: T,
  columns: readonly (keyof Database[T] & string)[],
  returning?: keyof Database[T] & string,
) {
  const texts = new Map<number, string>();
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const head = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values `;
  const tail = returning ? ` returning ${quote(returning)}` : '';

  function text(rowCount: number): string {
    let t = texts.get(rowCount);
    if (t === undefined) {
      const groups: string[] = [];
      let n = 0;
      for (let r = 0; r < rowCount; r++) {
        const marks = columns.map(() =>
          capabilities.parameterStyle === 'question' ? '?' : `$${++n}`,
        );
        groups.push(`(${marks.join(', ')})`);
      }
      t = head + groups.join(', ') + tail;
      texts.set(rowCount, t);
    }
    return t;
  }

  const maxRows = Math.floor(capabilities.maxBindParameters / columns.length);
  function compile(rows: readonly (readonly unknown[])[]): CompiledQuery {
    const parameters: unknown[] = [];
    for (const row of rows) for (const v of row) parameters.push(v);
    return CompiledQuery.raw(text(rows.length), parameters);
  }
  return {
    /** Most rows per statement under the engine's bind-parameter limit. */
    maxRows,
    /** The statement for these rows; each row lists its values in `columns` order. */
    compile,
    /**
     * The statements inserting `rows`, in order, each with `chunkSizes` rows: a handful of
     * statement texts whatever the row counts, so the prepared-statement cache holds no more.
     */
    statements(rows: readonly (readonly unknown[])[]): CompiledQuery[] {
      const out: CompiledQuery[] = [];
      let at = 0;
      for (const size of chunkSizes(rows.length, maxRows)) {
        out.push(compile(rows.slice(at, at + size)));
        at += size;
      }
      return out;
    },
  };
}

/**
 * Splits `count` rows into chunks of `largest` rows, then the rest into chunks of decreasing
 * powers of two (700 with largest 500: 500, 128, 64, 8). A multi-row statement is prepared per
 * distinct row count, and a large one takes half a MiB of the engine's memory once prepared:
 * with these sizes a bulk insert needs at most `log2(largest) + 2` of them, instead of one per
 * row count met (hundreds in a long import).
 */
export function chunkSizes(count: number, largest: number): number[] {
  const sizes: number[] = [];
  let left = count;
  while (left >= largest) {
    sizes.push(largest);
    left -= largest;
  }
  for (let p = 1 << Math.floor(Math.log2(Math.max(left, 1))); left > 0; p >>= 1) {
    if (left >= p) {
      sizes.push(p);
      left -= p;
    }
  }
  return sizes;
}

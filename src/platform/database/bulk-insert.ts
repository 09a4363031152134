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

  return {
    /** Most rows per statement under the engine's bind-parameter limit. */
    maxRows: Math.floor(capabilities.maxBindParameters / columns.length),
    /** The statement for these rows; each row lists its values in `columns` order. */
    compile(rows: readonly (readonly unknown[])[]): CompiledQuery {
      const parameters: unknown[] = [];
      for (const row of rows) for (const v of row) parameters.push(v);
      return CompiledQuery.raw(text(rows.length), parameters);
    },
  };
}

import type { Kysely } from 'kysely';
import { openTexts, sealTexts } from '../privacy/sealed-text.js';
import type { FileRow } from './cooperation.tables.js';
import { requestScope } from './personal-fields.js';

/**
 * The files of a data package (issue 8, item 1): their name may name people, their content is
 * the data produced. Both are stored sealed under the request's data key, bound to the file, and
 * opened at the repository boundary for the request's parties and for the transport.
 */
const FILE_FIELDS: ReadonlyMap<string, string> = new Map([
  ['fileName', 'free-text'],
  ['fileContent', 'content'],
]);

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The row with its name and content sealed (for storage). */
export async function sealFileRow<DB>(db: Kysely<DB>, row: FileRow): Promise<FileRow> {
  const sealed = await sealTexts(
    db,
    requestScope(row.request_id),
    { fileName: row.name, fileContent: row.content },
    FILE_FIELDS,
    row.id,
  );
  return { ...row, name: sealed.fileName, content: sealed.fileContent };
}

/** The stored file with its name (and its content, when read) opened. */
export async function openFile<DB, T extends { id: string; name: string; content?: string }>(
  db: Kysely<DB>,
  requestId: string,
  row: T,
): Promise<T> {
  const opened = await openTexts(
    db,
    requestScope(requestId),
    { fileName: row.name, fileContent: row.content },
    row.id,
  );
  return {
    ...row,
    name: opened.fileName,
    ...(row.content === undefined ? {} : { content: opened.fileContent }),
  };
}

/** The files opened, ordered as a package lists them: by time, then by name. */
export async function openFiles<DB, T extends { id: string; name: string; created_at: string }>(
  db: Kysely<DB>,
  requestId: string,
  rows: readonly T[],
): Promise<T[]> {
  const opened = await Promise.all(rows.map((r) => openFile(db, requestId, r)));
  return opened.sort((a, b) => byText(a.created_at, b.created_at) || byText(a.name, b.name));
}

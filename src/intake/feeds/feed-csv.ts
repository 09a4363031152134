/**
 * Splits one delimited line into columns (RFC 4180 quoting: `"a,b"`, `""` for a quote).
 * A quoted value spanning several lines is not supported: feeds are read line by line so
 * that they can be streamed.
 */
export function splitDelimitedLine(
  line: string,
  delimiter: string,
): { ok: true; columns: string[] } | { ok: false; reason: string } {
  const columns: string[] = [];
  let current = '';
  let i = 0;
  let quoted = false;
  let wasQuoted = false;
  while (i < line.length) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        current += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else current += ch;
      i += 1;
      continue;
    }
    if (line.startsWith(delimiter, i)) {
      columns.push(current);
      current = '';
      wasQuoted = false;
      i += delimiter.length;
      continue;
    }
    if (ch === '"' && current.trim() === '' && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
      current = '';
    } else {
      current += ch;
    }
    i += 1;
  }
  if (quoted) return { ok: false, reason: 'unterminated quoted value' };
  columns.push(current);
  return { ok: true, columns };
}

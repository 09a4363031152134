import { Type } from 'typebox';

/**
 * Control characters, which no name, identifier or search text needs — and whose NUL
 * PostgreSQL text refuses (it would surface as a 500 instead of a 400 naming the field).
 */
const ONE_LINE = '^[^\\u0000-\\u001f\\u007f]*$';

/** One line of text between `minLength` and `maxLength` characters, without control characters. */
export function OneLine(minLength: number, maxLength: number, description?: string) {
  return Type.String({
    minLength,
    maxLength,
    pattern: ONE_LINE,
    ...(description ? { description } : {}),
  });
}

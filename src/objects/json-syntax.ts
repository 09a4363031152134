/** Where a JSON text first breaks RFC 8259, and what was expected there. */
export interface JsonSyntaxProblem {
  /** UTF-16 offset into the text. */
  readonly offset: number;
  readonly message: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

/**
 * Finds the first syntax error of a JSON text (RFC 8259), or returns null when it is
 * well-formed. Only called after `JSON.parse` failed, to say *where* — V8's messages do not
 * always carry a position. Iterative: hostile nesting cannot overflow the stack.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | null {
  const n = text.length;
  const stack: string[] = [];
  let i = 0;
  let expect: 'value' | 'key' | 'after' = 'value';
  const fail = (message: string): JsonSyntaxProblem => ({ offset: i, message });
  const found = (): string => (i < n ? `found ${JSON.stringify(text[i])}` : 'found the end');
  const skipWs = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t'))
      i++;
  };
  const scanString = (): JsonSyntaxProblem | null => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return null;
      }
      if (c < 0x20) return fail('control character in a string (escape it)');
      if (c === 0x5c) {
        const e = text[i + 1] ?? '';
        if (e === 'u') {
          if (!HEX4.test(text.slice(i + 2, i + 6)))
            return fail('bad \\u escape: expected 4 hex digits');
          i += 6;
        } else if (ESCAPES.has(e)) {
          i += 2;
        } else {
          return fail(`bad escape "\\${e}" in a string`);
        }
      } else {
        i++;
      }
    }
    return fail('unterminated string');
  };

  for (;;) {
    skipWs();
    if (expect === 'value') {
      const c = text[i];
      if (c === '{' || c === '[') {
        stack.push(c);
        i++;
        skipWs();
        if (text[i] === (c === '{' ? '}' : ']')) {
          stack.pop();
          i++;
          expect = 'after';
        } else {
          expect = c === '{' ? 'key' : 'value';
        }
        continue;
      }
      if (c === '"') {
        const problem = scanString();
        if (problem) return problem;
      } else if (c === 't' || c === 'f' || c === 'n') {
        const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null';
        if (!text.startsWith(word, i)) return fail(`expected ${word}`);
        i += word.length;
      } else {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) return fail(`expected a value, ${found()}`);
        i = NUMBER.lastIndex;
      }
      expect = 'after';
    } else if (expect === 'key') {
      if (text[i] !== '"') return fail(`expected a property name in double quotes, ${found()}`);
      const problem = scanString();
      if (problem) return problem;
      skipWs();
      if (text[i] !== ':') return fail(`expected ':' after the property name, ${found()}`);
      i++;
      expect = 'value';
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined)
        return i < n ? fail(`unexpected text after the value, ${found()}`) : null;
      const close = top === '{' ? '}' : ']';
      if (text[i] === ',') {
        i++;
        expect = top === '{' ? 'key' : 'value';
      } else if (text[i] === close) {
        stack.pop();
        i++;
      } else {
        return fail(`expected ',' or '${close}', ${found()}`);
      }
    }
  }
}

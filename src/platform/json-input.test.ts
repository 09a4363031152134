import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { parseJsonInput } from './json-input.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof DomainError ? err.code : 'other';
  }
  return undefined;
}

describe('parseJsonInput', () => {
  it('parses well-formed UTF-8 JSON', () => {
    expect(parseJsonInput(Buffer.from('{"name":"Café ☕"}'))).toEqual({ name: 'Café ☕' });
  });

  it('refuses invalid UTF-8 and says where', () => {
    expect(() => parseJsonInput(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]))).toThrow(
      /UTF-8.*offset 2/,
    );
  });

  it('refuses malformed JSON', () => {
    expect(codeOf(() => parseJsonInput('{"a":'))).toBe('NH_ERR_MALFORMED_JSON');
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s at any depth', (key) => {
    expect(() => parseJsonInput(`{"objects":[{"x":{"${key}":{}}}]}`)).toThrow(
      new RegExp(`/objects/0/x/${key}`),
    );
  });

  it('refuses nesting beyond the limit without overflowing the stack', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    let code: string | undefined;
    try {
      parseJsonInput(deep, { maxDepth: 64 });
    } catch (err) {
      code = (err as DomainError).code;
    }
    // JSON.parse itself may give up first on absurd depth; either way it is a 4xx-class error.
    expect(['NH_ERR_INPUT_LIMIT', 'NH_ERR_MALFORMED_JSON']).toContain(code);
    expect(codeOf(() => parseJsonInput('{"a":'.repeat(70) + '1' + '}'.repeat(70)))).toBe(
      'NH_ERR_INPUT_LIMIT',
    );
    expect(parseJsonInput('{"a":'.repeat(60) + '1' + '}'.repeat(60))).toBeTruthy();
  });
});

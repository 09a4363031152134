import { describe, expect, it } from 'vitest';
import { blindToken, identifiersOf, normaliseIdentifier } from './blind-index.js';

describe('blind index (issue 8, item 7)', () => {
  const key = Buffer.alloc(32, 7);

  it('normalises case, width and spacing, so any spelling of an identifier meets one token', () => {
    expect(normaliseIdentifier('  Jean \t DUPONT ')).toBe('jean dupont');
    expect(normaliseIdentifier('ＡＬＩＣＥ@example.org')).toBe('alice@example.org');
    expect(blindToken(key, 'Alice@Example.ORG')).toBe(blindToken(key, ' alice@example.org'));
    expect(blindToken(key, 'alice@example.org')).not.toBe(
      blindToken(Buffer.alloc(32, 8), 'alice@example.org'),
    );
  });

  it('takes every value of an identifier field but not its labels; e-mails from any text', () => {
    expect(
      identifiersOf(
        [
          { kind: 'email', value: 'A@x.org' },
          { kind: 'account', value: 'acc-1' },
        ],
        'subscriber',
      ),
    ).toEqual(['a@x.org', 'acc-1']);
    expect(
      identifiersOf({ text: 'Write to Bob.Smith@mail.example or call.', lang: 'en' }, 'free-text'),
    ).toEqual(['bob.smith@mail.example']);
    expect(identifiersOf('no address here', 'free-text')).toEqual([]);
    expect(identifiersOf('Jo', 'identity')).toEqual([]);
  });
});

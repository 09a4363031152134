import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  EnvelopeError,
  isSealedEnvelope,
  keyCheckValue,
  masterKeyId,
  openValue,
  sealValue,
  unwrapKey,
  wrapKey,
} from './envelope.js';

const key = randomBytes(32);
const value = { kind: 'email', value: 'alice.suspect@example.org' };

describe('personal-data envelopes (AES-256-GCM)', () => {
  it('seals a value so that the plaintext is not in the envelope, and opens it again', () => {
    const env = sealValue(key, randomBytes(12), value, 'subscriber', 'request:1#identifiers');
    expect(isSealedEnvelope(env)).toBe(true);
    expect(JSON.stringify(env)).not.toContain('alice');
    expect(openValue(key, env, 'request:1#identifiers')).toEqual(value);
  });

  it('refuses a wrong key', () => {
    const env = sealValue(key, randomBytes(12), value, 'subscriber', 'a');
    expect(() => openValue(randomBytes(32), env, 'a')).toThrow(EnvelopeError);
  });

  it('refuses a tampered ciphertext, tag or category, and an envelope moved elsewhere', () => {
    const env = sealValue(key, randomBytes(12), value, 'subscriber', 'request:1#identifiers');
    const ct = Buffer.from(env.ct, 'base64');
    ct[0]! ^= 1;
    expect(() =>
      openValue(key, { ...env, ct: ct.toString('base64') }, 'request:1#identifiers'),
    ).toThrow(EnvelopeError);
    const tag = Buffer.from(env.tag, 'base64');
    tag[3]! ^= 0x80;
    expect(() =>
      openValue(key, { ...env, tag: tag.toString('base64') }, 'request:1#identifiers'),
    ).toThrow(EnvelopeError);
    expect(() => openValue(key, { ...env, category: 'content' }, 'request:1#identifiers')).toThrow(
      EnvelopeError,
    );
    expect(() => openValue(key, env, 'request:2#identifiers')).toThrow(EnvelopeError);
  });

  it('wraps a data key under a master key; a wrong master key or scope does not unwrap it', () => {
    const master = randomBytes(32);
    const dataKey = randomBytes(32);
    const wrapped = wrapKey(master, randomBytes(12), dataKey, 'case:1');
    expect(wrapped).not.toContain(dataKey.toString('base64'));
    expect(unwrapKey(master, wrapped, 'case:1').equals(dataKey)).toBe(true);
    expect(() => unwrapKey(randomBytes(32), wrapped, 'case:1')).toThrow(EnvelopeError);
    expect(() => unwrapKey(master, wrapped, 'case:2')).toThrow(EnvelopeError);
  });

  it('names a master key and checks it without revealing it', () => {
    const master = randomBytes(32);
    expect(masterKeyId(master)).toMatch(/^[0-9a-f]{16}$/);
    expect(keyCheckValue(master)).not.toBe(keyCheckValue(randomBytes(32)));
    expect(keyCheckValue(master)).not.toContain(master.toString('hex'));
  });
});

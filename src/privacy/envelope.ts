import { createCipheriv, createDecipheriv, createHash, createHmac } from 'node:crypto';

/**
 * Field-level encryption of personal data (issue 8, item 1): AES-256-GCM envelopes.
 *
 * A value is encrypted with the data key of its scope (a case or a request); the data key is
 * stored wrapped (AES-256-GCM too) by the node master key, which never enters the database.
 * The additional authenticated data binds a ciphertext to where it belongs (scope, field,
 * category) so that an envelope copied into another row or field does not open.
 */

/** A sealed value as it is stored in place of the plaintext (inside a row's JSON). */
export interface SealedEnvelope {
  /** Format version. */
  readonly $sealed: 1;
  /** Data category of the value (`personal-data.ts`). */
  readonly category: string;
  /** 12-byte GCM nonce, base64. */
  readonly iv: string;
  /** Ciphertext of the value's JSON, base64. */
  readonly ct: string;
  /** 16-byte GCM tag, base64. */
  readonly tag: string;
}

/** An envelope does not open: wrong key, or it was altered (GCM authentication failed). */
export class EnvelopeError extends Error {
  override name = 'EnvelopeError';
}

const KEY_BYTES = 32;

function encrypt(key: Buffer, iv: Buffer, plaintext: Buffer, aad: string) {
  if (key.length !== KEY_BYTES) throw new EnvelopeError('a key must be 32 bytes (AES-256)');
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ct, tag: cipher.getAuthTag() };
}

function decrypt(key: Buffer, iv: Buffer, ct: Buffer, tag: Buffer, aad: string): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ct), decipher.final()]);
  } catch {
    throw new EnvelopeError('the envelope does not open: wrong key or altered ciphertext');
  }
}

export function isSealedEnvelope(value: unknown): value is SealedEnvelope {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    v.$sealed === 1 &&
    typeof v.category === 'string' &&
    typeof v.iv === 'string' &&
    typeof v.ct === 'string' &&
    typeof v.tag === 'string'
  );
}

/** Encrypts `value` (any JSON value) with `dataKey`; `iv` must be 12 fresh random bytes. */
export function sealValue(
  dataKey: Buffer,
  iv: Buffer,
  value: unknown,
  category: string,
  aad: string,
): SealedEnvelope {
  const { ct, tag } = encrypt(
    dataKey,
    iv,
    Buffer.from(JSON.stringify(value), 'utf8'),
    `${aad}|${category}`,
  );
  return {
    $sealed: 1,
    category,
    iv: iv.toString('base64'),
    ct: ct.toString('base64'),
    tag: tag.toString('base64'),
  };
}

/** The value inside `envelope`; throws {@link EnvelopeError} for a wrong key or tampering. */
export function openValue(dataKey: Buffer, envelope: SealedEnvelope, aad: string): unknown {
  const plain = decrypt(
    dataKey,
    Buffer.from(envelope.iv, 'base64'),
    Buffer.from(envelope.ct, 'base64'),
    Buffer.from(envelope.tag, 'base64'),
    `${aad}|${envelope.category}`,
  );
  return JSON.parse(plain.toString('utf8')) as unknown;
}

/** A data key wrapped by a master key: `iv.tag.ciphertext`, each base64. */
export function wrapKey(masterKey: Buffer, iv: Buffer, dataKey: Buffer, scope: string): string {
  const { ct, tag } = encrypt(masterKey, iv, dataKey, `nohaven-data-key|${scope}`);
  return [iv, tag, ct].map((b) => b.toString('base64')).join('.');
}

export function unwrapKey(masterKey: Buffer, wrapped: string, scope: string): Buffer {
  const [iv, tag, ct] = wrapped.split('.').map((p) => Buffer.from(p, 'base64'));
  if (!iv || !tag || !ct) throw new EnvelopeError('a wrapped data key is malformed');
  return decrypt(masterKey, iv, ct, tag, `nohaven-data-key|${scope}`);
}

/** The public name of a master key (stored next to what it wraps): 16 hex digits. */
export function masterKeyId(masterKey: Buffer): string {
  return createHash('sha256')
    .update('nohaven-master-key-id|')
    .update(masterKey)
    .digest('hex')
    .slice(0, 16);
}

/** The key check value stored for a master key: proves a key is the right one without it. */
export function keyCheckValue(masterKey: Buffer): string {
  return createHmac('sha256', masterKey).update('nohaven-master-key-check').digest('hex');
}

import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { CompactEncrypt, CompactSign, compactDecrypt, compactVerify } from 'jose';
import { canonicalJson } from '../platform/canonical-json.js';
import { encryptionPublicKey } from '../federation/encryption-key.js';
import type { PublicKeyText } from '../federation/signing.js';

/**
 * JOSE envelope of the exchange of legal requests between nodes (issue 7, item 5), with the
 * maintained `jose` library. A message is first signed by the sending node (compact JWS, EdDSA
 * with its Ed25519 node key, over the RFC 8785 canonical JSON of the payload), then encrypted to
 * the receiving node (compact JWE, ECDH-ES with its X25519 key, A256GCM), so that a relay sees
 * neither the content nor who signed it. Receipts and evidence manifests are JWS of their own.
 */

export type JwsKind = 'message' | 'receipt' | 'manifest';

const TYP: Readonly<Record<JwsKind, string>> = {
  message: 'nohaven-cooperation-message+jws',
  receipt: 'nohaven-cooperation-receipt+jws',
  manifest: 'nohaven-evidence-manifest+jws',
};

/** Why an envelope, receipt or manifest is refused; the message names the check that failed. */
export class EnvelopeError extends Error {
  override name = 'EnvelopeError';
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Base64url SHA-256 of a text (the digest of a JWS that a receipt names). */
export function digestOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}

function signingPublicKey(text: PublicKeyText): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: text }, format: 'jwk' });
}

/** Compact JWS (EdDSA) of the canonical JSON of `value`; `kid` names the signing node. */
export async function signJws(
  kind: JwsKind,
  value: unknown,
  key: KeyObject,
  kid: string,
): Promise<string> {
  return new CompactSign(encoder.encode(canonicalJson(value)))
    .setProtectedHeader({ alg: 'EdDSA', typ: TYP[kind], kid })
    .sign(key);
}

/** The payload of a JWS of `kind` signed by `publicKey`; throws {@link EnvelopeError}. */
export async function verifyJws(
  kind: JwsKind,
  jws: string,
  publicKey: PublicKeyText,
): Promise<unknown> {
  let result;
  try {
    result = await compactVerify(jws, signingPublicKey(publicKey), { algorithms: ['EdDSA'] });
  } catch {
    throw new EnvelopeError(`the ${kind} signature is not the sender node’s`);
  }
  if (result.protectedHeader.typ !== TYP[kind])
    throw new EnvelopeError(
      `the signed content is not a ${kind} (typ ${result.protectedHeader.typ})`,
    );
  try {
    return JSON.parse(decoder.decode(result.payload)) as unknown;
  } catch {
    throw new EnvelopeError(`the signed ${kind} is not JSON`);
  }
}

/** Signs `payload` as the sending node and encrypts it to the receiving node's X25519 key. */
export async function sealMessage(input: {
  readonly payload: unknown;
  readonly signingKey: KeyObject;
  readonly senderNodeId: string;
  readonly recipientNodeId: string;
  readonly recipientEncryptionKey: PublicKeyText;
}): Promise<{ readonly jwe: string; readonly jws: string }> {
  const jws = await signJws('message', input.payload, input.signingKey, input.senderNodeId);
  const jwe = await new CompactEncrypt(encoder.encode(jws))
    .setProtectedHeader({
      alg: 'ECDH-ES',
      enc: 'A256GCM',
      cty: TYP.message,
      kid: input.recipientNodeId,
    })
    .encrypt(encryptionPublicKey(input.recipientEncryptionKey));
  return { jwe, jws };
}

/**
 * Decrypts an envelope with this node's X25519 key and checks the inner signature against the
 * sending node's key; returns the signed JWS (kept as proof) and its payload.
 */
export async function openMessage(input: {
  readonly jwe: string;
  readonly encryptionKey: KeyObject;
  readonly senderPublicKey: PublicKeyText;
}): Promise<{ readonly jws: string; readonly payload: unknown }> {
  let jws: string;
  try {
    const { plaintext } = await compactDecrypt(input.jwe, input.encryptionKey, {
      keyManagementAlgorithms: ['ECDH-ES'],
      contentEncryptionAlgorithms: ['A256GCM'],
    });
    jws = decoder.decode(plaintext);
  } catch {
    throw new EnvelopeError('the envelope cannot be decrypted with this node’s key');
  }
  return { jws, payload: await verifyJws('message', jws, input.senderPublicKey) };
}

/** What a receipt states: the message it took, the digest of its JWS, when, by which node. */
export interface ReceiptStatement {
  readonly messageId: string;
  readonly digest: string;
  readonly receivedAt: string;
  readonly node: string;
}

/** Checks a receipt against the message sent; returns its statement or throws. */
export async function verifyReceipt(
  receipt: string,
  expected: { readonly messageId: string; readonly digest: string; readonly node: string },
  publicKey: PublicKeyText,
): Promise<ReceiptStatement> {
  const r = (await verifyJws('receipt', receipt, publicKey)) as Partial<ReceiptStatement>;
  if (
    r.messageId !== expected.messageId ||
    r.digest !== expected.digest ||
    r.node !== expected.node
  )
    throw new EnvelopeError('the receipt names another message, digest or node');
  if (typeof r.receivedAt !== 'string' || Number.isNaN(Date.parse(r.receivedAt)))
    throw new EnvelopeError('the receipt has no valid receivedAt');
  return r as ReceiptStatement;
}

import type { Kysely } from 'kysely';
import { isSealedEnvelope } from '../privacy/envelope.js';
import { vaultOf } from '../privacy/privacy-vault.js';
import { openTexts, sealTexts } from '../privacy/sealed-text.js';
import { BUILT_IN_DEFINITIONS } from './definitions/index.js';

/**
 * The personal fields of each request type (`personal` in the definitions), and the sealing of
 * a request's fields at the repository boundary (issue 8, item 1): stored rows hold envelopes,
 * the service works on the opened values, views show `{ sealed: true, category }`.
 */
const BY_TYPE: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map(
  BUILT_IN_DEFINITIONS.map((d) => [
    d.code,
    new Map(d.fields.filter((f) => f.personal).map((f) => [f.code, f.personal!])),
  ]),
);

const NONE: ReadonlyMap<string, string> = new Map();

export const personalFieldsOf = (type: string): ReadonlyMap<string, string> =>
  BY_TYPE.get(type) ?? NONE;

/** The data-key scope of a request's personal fields. */
export const requestScope = (id: string) => `request:${id}`;

/** The fields JSON with the personal values sealed (for storage). */
export async function sealFieldsJson<DB>(
  db: Kysely<DB>,
  requestId: string,
  type: string,
  fieldsJson: string,
): Promise<string> {
  const personal = personalFieldsOf(type);
  if (personal.size === 0) return fieldsJson;
  const values = JSON.parse(fieldsJson) as Record<string, unknown>;
  return JSON.stringify(await vaultOf(db).seal(db, requestScope(requestId), values, personal));
}

/** The fields JSON with every envelope opened (for the service). */
export async function openFieldsJson<DB>(
  db: Kysely<DB>,
  requestId: string,
  fieldsJson: string,
): Promise<string> {
  if (!fieldsJson.includes('"$sealed"')) return fieldsJson;
  const values = JSON.parse(fieldsJson) as Record<string, unknown>;
  return JSON.stringify(await vaultOf(db).open(db, requestScope(requestId), values));
}

type MessageWithFields = {
  requestId: string;
  requestType: string;
  transitionId?: string;
  reason?: unknown;
  request: { fields: Record<string, unknown> } | null;
  /** The data package's file list: its names may name people. */
  files?: unknown;
};

const FILE_LIST: ReadonlyMap<string, string> = new Map([['fileNames', 'free-text']]);

/**
 * The reason given at a transition is free text that may name people (a refusal's
 * explanation, a note on the data found): stored sealed under the request's data key, bound to
 * its transition, and opened for the request's parties with the rest of its history.
 */
const REASON: ReadonlyMap<string, string> = new Map([['reason', 'free-text']]);

export async function sealReason<DB>(
  db: Kysely<DB>,
  requestId: string,
  transitionId: string,
  reason: string | null,
): Promise<string | null> {
  return (await sealTexts(db, requestScope(requestId), { reason }, REASON, transitionId)).reason;
}

export async function openReason<DB>(
  db: Kysely<DB>,
  requestId: string,
  transitionId: string,
  stored: string | null,
): Promise<string | null> {
  return (await openTexts(db, requestScope(requestId), { reason: stored }, transitionId)).reason;
}

/**
 * An outbox message with the request's personal values, its reason and its file names sealed
 * (for storage).
 */
export async function sealMessageJson<DB>(db: Kysely<DB>, messageJson: string): Promise<string> {
  const m = JSON.parse(messageJson) as MessageWithFields;
  const vault = vaultOf(db);
  const scope = requestScope(m.requestId);
  const out: MessageWithFields = { ...m };
  if (typeof m.reason === 'string' && m.transitionId)
    out.reason = (await vault.seal(db, scope, { reason: m.reason }, REASON, m.transitionId)).reason;
  if (Array.isArray(m.files) && m.files.length > 0 && m.transitionId)
    out.files = (
      await vault.seal(db, scope, { fileNames: m.files }, FILE_LIST, m.transitionId)
    ).fileNames;
  const personal = personalFieldsOf(m.requestType);
  if (m.request && personal.size > 0)
    out.request = {
      ...m.request,
      fields: await vault.seal(db, scope, m.request.fields, personal),
    };
  return JSON.stringify(out);
}

/** An outbox message with its envelopes opened (for the transport). */
export async function openMessageJson<DB>(db: Kysely<DB>, messageJson: string): Promise<string> {
  if (!messageJson.includes('"$sealed"')) return messageJson;
  const m = JSON.parse(messageJson) as MessageWithFields;
  const vault = vaultOf(db);
  const scope = requestScope(m.requestId);
  const out: MessageWithFields = { ...m };
  if (m.transitionId && m.reason !== null && typeof m.reason === 'object')
    out.reason = (await vault.open(db, scope, { reason: m.reason }, m.transitionId)).reason;
  if (m.transitionId && isSealedEnvelope(m.files))
    out.files = (await vault.open(db, scope, { fileNames: m.files }, m.transitionId)).fileNames;
  if (m.request)
    out.request = { ...m.request, fields: await vault.open(db, scope, m.request.fields) };
  return JSON.stringify(out);
}

/**
 * The signed copy of a message received from another node (kept as proof of origin): its
 * payload holds the request's fields, personal ones included, so it is stored sealed, as free
 * text under the request's data key.
 */
export async function sealSignedCopy<DB>(
  db: Kysely<DB>,
  requestId: string,
  jws: string,
): Promise<string> {
  const sealed = await vaultOf(db).seal(
    db,
    requestScope(requestId),
    { jws },
    new Map([['jws', 'free-text']]),
  );
  return JSON.stringify(sealed.jws);
}

/** The signed copy as received (a compact JWS never starts with `{`: it was stored as is). */
export async function openSignedCopy<DB>(
  db: Kysely<DB>,
  requestId: string,
  stored: string,
): Promise<string> {
  if (!stored.startsWith('{')) return stored;
  const opened = await vaultOf(db).open(db, requestScope(requestId), {
    jws: JSON.parse(stored) as unknown,
  });
  return String(opened.jws);
}

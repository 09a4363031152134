import { DomainError } from '../platform/errors.js';
import type { HostedOrganization } from './federation.types.js';

/**
 * The hello two nodes exchange before anything flows between them (issue 6 §2):
 * `POST /federation/v1/hello`, signed, body `{ descriptor, organizations }` — the sender's
 * descriptor and the organisations it hosts. The answer is `{ accepted: true, organizations }`
 * when this side's administrator added the sender too (both sides accepted: active), else
 * `{ accepted: false }` (the sender is recorded as `requested` until an administrator here
 * confirms its fingerprint).
 */
export type HelloAnswer =
  | { readonly accepted: true; readonly organizations: readonly HostedOrganization[] }
  | { readonly accepted: false; readonly error?: string };

const MAX_ORGANIZATIONS = 10_000;

/** The organisations of a hello or its answer, checked; throws naming the bad member. */
export function parseHostedOrganizations(value: unknown, path: string): HostedOrganization[] {
  const fail = (at: string, message: string): never => {
    throw new DomainError('NH_ERR_VALIDATION', `${at}: ${message}`, [{ path: at, message }]);
  };
  if (!Array.isArray(value)) return fail(path, 'must be an array');
  if (value.length > MAX_ORGANIZATIONS) return fail(path, `at most ${MAX_ORGANIZATIONS} items`);
  return value.map((o: unknown, i) => {
    const r = o as Record<string, unknown> | null;
    if (r === null || typeof r !== 'object') return fail(`${path}/${i}`, 'must be an object');
    if (typeof r.id !== 'string' || !/^identity--[0-9a-f-]{36}$/.test(r.id)) {
      return fail(`${path}/${i}/id`, 'must be a STIX identity id');
    }
    if (typeof r.name !== 'string' || r.name.length === 0 || r.name.length > 200) {
      return fail(`${path}/${i}/name`, 'must be 1 to 200 characters');
    }
    if (typeof r.country !== 'string' || !/^([A-Z]{2})?$/.test(r.country)) {
      return fail(`${path}/${i}/country`, 'must be an ISO 3166-1 alpha-2 code');
    }
    return { id: r.id, name: r.name, country: r.country };
  });
}

/** Reads the peer's answer to our hello; a refusal or malformed answer carries an error. */
export function parseHelloAnswer(status: number, json: unknown): HelloAnswer {
  const body = json as Record<string, unknown> | null;
  if (status !== 200) {
    const err = (body?.error as { message?: unknown } | undefined)?.message;
    return {
      accepted: false,
      error: `hello refused: HTTP ${status}${typeof err === 'string' ? ` ${err}` : ''}`,
    };
  }
  if (body === null || typeof body !== 'object' || typeof body.accepted !== 'boolean') {
    return { accepted: false, error: 'hello answer is not { accepted, organizations }' };
  }
  if (!body.accepted) return { accepted: false };
  try {
    return {
      accepted: true,
      organizations: parseHostedOrganizations(body.organizations, '/organizations'),
    };
  } catch (err) {
    return { accepted: false, error: `hello answer: ${(err as Error).message}` };
  }
}

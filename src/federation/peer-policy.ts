import { DomainError, type ErrorDetail } from '../platform/errors.js';
import type { PeerContent, PeerPolicy, PeerTlpCeiling } from './federation.types.js';

export const TLP_CEILINGS: readonly PeerTlpCeiling[] = ['clear', 'green', 'amber', 'red'];
export const PEER_CONTENTS: readonly PeerContent[] = ['objects', 'alerts', 'aggregates', 'legal'];
export const PEER_DISTRIBUTIONS = ['connected', 'all'] as const;

const SHARING_GROUP_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

/**
 * Checks a per-peer policy (issue 6 §2) member by member; returns it normalised (lists without
 * repeats) or throws `NH_ERR_VALIDATION` naming each bad member, e.g. `/maxTlp`.
 * `amber+strict` is never a ceiling: AMBER+STRICT does not leave the owning organisation's node.
 */
export function parsePeerPolicy(value: unknown, base = '/policy'): PeerPolicy {
  const problems: ErrorDetail[] = [];
  const at = (path: string, message: string) => problems.push({ path: `${base}${path}`, message });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new DomainError('NH_ERR_VALIDATION', `${base}: must be an object`, [
      { path: base, message: 'must be an object' },
    ]);
  }
  const p = value as Record<string, unknown>;
  for (const key of Object.keys(p)) {
    if (!['distributions', 'sharingGroups', 'maxTlp', 'content'].includes(key)) {
      at(`/${key}`, 'is not a member of a peer policy');
    }
  }
  const list = <T extends string>(key: string, allowed: readonly T[] | RegExp): T[] => {
    const v = p[key];
    if (!Array.isArray(v)) {
      at(`/${key}`, 'must be an array');
      return [];
    }
    v.forEach((item, i) => {
      const ok =
        typeof item === 'string' &&
        (Array.isArray(allowed)
          ? (allowed as readonly string[]).includes(item)
          : (allowed as RegExp).test(item));
      if (!ok) {
        at(
          `/${key}/${i}`,
          Array.isArray(allowed)
            ? `must be one of ${(allowed as readonly string[]).join(', ')}`
            : 'must be a sharing group id',
        );
      }
    });
    return [...new Set(v as T[])];
  };
  const distributions = list('distributions', PEER_DISTRIBUTIONS);
  const sharingGroups = list<string>('sharingGroups', SHARING_GROUP_ID);
  const content = list('content', PEER_CONTENTS);
  const maxTlp = p.maxTlp;
  if (typeof maxTlp !== 'string' || !(TLP_CEILINGS as readonly string[]).includes(maxTlp)) {
    at(
      '/maxTlp',
      maxTlp === 'amber+strict'
        ? 'amber+strict is not a ceiling: TLP:AMBER+STRICT never leaves the owning organisation’s node'
        : `must be one of ${TLP_CEILINGS.join(', ')}`,
    );
  }
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new DomainError('NH_ERR_VALIDATION', `${first.path}: ${first.message}`, problems);
  }
  return { distributions, sharingGroups, maxTlp: maxTlp as PeerTlpCeiling, content };
}

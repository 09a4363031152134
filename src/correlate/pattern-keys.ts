/**
 * Index keys of an indicator's STIX pattern (issue 5, item 1), pure: the pattern's anchors
 * (see `stix/pattern/anchors.ts`) in the stored forms of `observable-keys.ts`, so that an
 * observable's lookup finds the indicators whose patterns may match it. Anchors are a
 * necessary condition only; the correlation service evaluates the pattern before it reports a
 * match.
 */
import { normalizeUrl } from '../intake/observables.js';
import {
  matchesObservable,
  parsePattern,
  patternAnchors,
  type ObservableObject,
  type Pattern,
  type PatternAnchor,
  type StixObject,
} from '../stix/index.js';
import { dedupe, domainKey, hashKind, ipKey, type ObservableKey } from './observable-keys.js';

/** The parsed STIX pattern of an indicator; undefined for other pattern languages or errors. */
export function stixPatternOf(indicator: StixObject): Pattern | undefined {
  const o = indicator as { pattern?: unknown; pattern_type?: unknown };
  if (o.pattern_type !== 'stix' || typeof o.pattern !== 'string') return undefined;
  try {
    return parsePattern(o.pattern);
  } catch {
    return undefined;
  }
}

/** The anchor keys of an indicator's STIX pattern, or null when it has none to index. */
export function patternKeys(indicator: StixObject): ObservableKey[] | null {
  const pattern = stixPatternOf(indicator);
  const anchors = pattern ? patternAnchors(pattern) : null;
  if (anchors === null) return null;
  return dedupe(anchors.map(anchorKeyOf).filter((k): k is ObservableKey => k !== undefined));
}

/** Whether an indicator's STIX pattern matches one observable (see `matchesObservable`). */
export function patternMatches(indicator: StixObject, observable: StixObject): boolean {
  const pattern = stixPatternOf(indicator);
  return pattern !== undefined && matchesObservable(pattern, observable as ObservableObject);
}

function anchorKeyOf(a: PatternAnchor): ObservableKey | undefined {
  switch (a.type) {
    case 'ipv4-addr':
    case 'ipv6-addr':
      return ipKey(a.value);
    case 'domain-name':
      return domainKey(a.value);
    case 'url':
      return { kind: 'url', value: normalizeUrl(a.value) ?? a.value };
    case 'email-addr':
      return { kind: 'email-addr', value: a.value.trim().toLowerCase() };
    case 'email-message':
      return { kind: 'email-subject', value: a.value.trim() };
    case 'autonomous-system':
      return { kind: 'asn', value: a.value };
    case 'mac-addr':
      return { kind: 'mac-addr', value: a.value.toLowerCase() };
    case 'file': {
      if (a.path === 'name') return { kind: 'file-name', value: a.value.trim() };
      const kind = a.path.startsWith('hashes.') ? hashKind(a.path.slice(7)) : undefined;
      return kind ? { kind, value: a.value.toLowerCase() } : undefined;
    }
  }
}

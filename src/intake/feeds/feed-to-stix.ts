/**
 * Turns a normalised feed event (IntelMQ harmonization fields) into STIX 2.1 cyber-observables
 * and an observation of its subject, the way every intake format hands its records to the
 * shared pipeline. The subject is the most specific observable the event carries: URL, then
 * domain, then IP address, then network, then autonomous system; the others are referenced by
 * the same observation.
 */
import { normalizeTimestamp, TLP, type StixObject } from '../../stix/index.js';
import type { IntakeContext, IntakeItem } from '../intake-item.js';
import {
  asnObservable,
  domainObservable,
  ipObservable,
  urlObservable,
  type ObservableResult,
} from '../observables.js';
import type { FeedEvent } from './feed-record.js';
import type { TlpLevel } from './feed-vocabulary.js';

/** Feed fields that name an observable, most specific first, with their builder. */
const OBSERVABLE_FIELDS: readonly [string, (value: string) => ObservableResult][] = [
  ['source.url', urlObservable],
  ['source.fqdn', domainObservable],
  ['source.ip', ipObservable],
  ['source.network', ipObservable],
  ['source.asn', (v) => asnObservable(v)],
  ['destination.url', urlObservable],
  ['destination.fqdn', domainObservable],
  ['destination.ip', ipObservable],
];

const TLP_MARKING: Readonly<Record<TlpLevel, string>> = {
  CLEAR: TLP.CLEAR.id,
  WHITE: TLP.CLEAR.id,
  GREEN: TLP.GREEN.id,
  AMBER: TLP.AMBER.id,
  'AMBER+STRICT': TLP.AMBER_STRICT.id,
  RED: TLP.RED.id,
};

/** The marking-definition id of a feed TLP level (`CLEAR`, `WHITE`, `AMBER+STRICT` …). */
export function tlpMarkingRef(level: string): string | undefined {
  return TLP_MARKING[level.toUpperCase() as TlpLevel];
}

/** A feed timestamp (`2026-11-28T04:10:00+00:00`) as a millisecond STIX timestamp. */
export function stixTime(value: string): string | undefined {
  const direct = normalizeTimestamp(value);
  if (direct !== null) return direct;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/**
 * The intake item of one feed event: its observables (with the event's TLP as marking), and
 * an observation of the subject at `time.source` (the intake time when the feed has none),
 * labelled with `classification.type` and, when known, `malware:<malware.name>`.
 */
export function feedEventToItem(event: FeedEvent, ctx: IntakeContext): IntakeItem {
  const fields = event.fields;
  const tlp = typeof fields.tlp === 'string' ? tlpMarkingRef(fields.tlp) : undefined;
  const markings = tlp !== undefined ? [tlp] : ctx.defaultMarkingRefs;
  const objects: StixObject[] = [];
  for (const [field, build] of OBSERVABLE_FIELDS) {
    const value = fields[field];
    if (value === undefined) continue;
    const built = build(String(value));
    if (!built.ok) {
      return {
        kind: 'error',
        record: event.line,
        line: event.line,
        reason: `${field}: ${built.reason}`,
      };
    }
    if (objects.some((o) => o.id === built.sco.id)) continue;
    objects.push(
      markings.length > 0 ? { ...built.sco, object_marking_refs: [...markings] } : built.sco,
    );
  }
  if (objects.length === 0) {
    return {
      kind: 'error',
      record: event.line,
      line: event.line,
      reason: 'no observable: the event has no URL, domain, IP address, network or AS number',
    };
  }
  const time = fields['time.source'];
  const seen = (typeof time === 'string' ? stixTime(time) : undefined) ?? ctx.now;
  const labels: string[] = [];
  const classification = fields['classification.type'];
  if (classification !== undefined) labels.push(String(classification));
  const malware = fields['malware.name'];
  if (malware !== undefined) labels.push(`malware:${String(malware).toLowerCase()}`);
  return {
    kind: 'objects',
    record: event.line,
    line: event.line,
    objects,
    observation: {
      subjectRef: objects[0]!.id,
      objectRefs: objects.map((o) => o.id),
      seen,
      labels,
    },
  };
}

/**
 * The nohaven outbreak-alert extension (STIX 2.1 section 7.3) and the STIX `note` (spec 4.13)
 * that carries an outbreak alert (issue 5, item 3), pure.
 *
 * The note is created by the node's organisation; each detector event (opened, updated,
 * closed) is a new version of the same note (same id, later `modified`). Its `object_refs` are
 * the cyber-observables of the alert's keys. The extension holds severity, status, times,
 * counts, countries, keys and trigger — never the reporting organisations: an alert shares
 * outbreak figures as an aggregate, not who reported (DESIGN.md capability 3).
 */
import { NOHAVEN_IDENTITY } from '../enrich/enrichment-extension.js';
import { explainTrigger, type OutbreakAlert } from '../correlate/outbreak-alert.js';
import { TLP, type StixObject } from '../stix/index.js';

export const ALERT_EXTENSION_ID =
  'extension-definition--257cd21e-4345-4ef7-8c66-a7e716b195ad' as const;

export const ALERT_EXTENSION_SCHEMA_URL =
  'https://github.com/nohaven/nohaven/blob/main/src/alerts/alert-extension.schema.json';

/** The extension-definition object (spec 7.3.1) of the outbreak-alert extension, version 1.0. */
export const ALERT_EXTENSION_DEFINITION = Object.freeze({
  type: 'extension-definition',
  spec_version: '2.1',
  id: ALERT_EXTENSION_ID,
  created: '2026-11-29T00:00:00.000Z',
  modified: '2026-11-29T00:00:00.000Z',
  created_by_ref: NOHAVEN_IDENTITY.id,
  name: 'nohaven outbreak alert',
  description:
    'An outbreak early warning raised by a nohaven node: the same attachment hash, e-mail subject, URL or address reported by several organisations in several countries within minutes (or reports of it doubling). Severity, status, first and last seen, report and organisation counts, countries, the clustering values and the rule that tripped. The reporting organisations are never named.',
  schema: ALERT_EXTENSION_SCHEMA_URL,
  version: '1.0',
  extension_types: Object.freeze(['property-extension'] as const),
} as const);

/** The properties of the extension on one note (see the JSON schema). */
export interface AlertProperties {
  readonly extension_type: 'property-extension';
  /** `severity` is a reserved STIX property name (spec 3.1), hence the prefix. */
  readonly alert_severity: OutbreakAlert['severity'];
  readonly status: OutbreakAlert['status'];
  readonly opened_at: string;
  readonly first_seen: string;
  readonly last_seen: string;
  readonly closed_at?: string;
  readonly report_count: number;
  readonly organisation_count: number;
  readonly countries: readonly string[];
  readonly keys: readonly { kind: string; value: string }[];
  readonly trigger: {
    readonly rule: OutbreakAlert['trigger']['rule'];
    readonly code: OutbreakAlert['trigger']['code'];
    readonly key: { kind: string; value: string };
    readonly params: Readonly<Record<string, number>>;
  };
}

/** The STIX id of the note of a detector alert id (a UUID). */
export function alertNoteId(alertUuid: string): string {
  return `note--${alertUuid}`;
}

/**
 * Alerts are TLP:GREEN: the detector is fed only reports marked CLEAR or GREEN and shared with
 * the whole community (see `alert-feed.ts`), so every key an alert names was already readable
 * by every organisation of the node; counts and countries are the aggregate their owners
 * allowed (`aggregate.ts`).
 */
export const ALERT_MARKING = TLP.GREEN.id;

/**
 * The note of `alert` as of `modified`. `observableRefs`: ids of the observables of its keys;
 * when none is stored (cannot happen for keys taken from stored reports), the note refers to
 * its creator so that `object_refs` stays non-empty as the spec requires.
 */
export function alertNote(input: {
  readonly alert: OutbreakAlert;
  readonly createdBy: string;
  readonly modified: string;
  readonly observableRefs: readonly string[];
}): StixObject {
  const { alert } = input;
  const key = alert.trigger.key;
  const ext: AlertProperties = {
    extension_type: 'property-extension',
    alert_severity: alert.severity,
    status: alert.status,
    opened_at: alert.openedAt,
    first_seen: alert.firstSeen,
    last_seen: alert.lastSeen,
    ...(alert.closedAt ? { closed_at: alert.closedAt } : {}),
    report_count: alert.reportCount,
    organisation_count: alert.organisations.length,
    countries: [...alert.countries],
    keys: alert.keys.map((k) => ({ kind: k.kind, value: k.value })),
    trigger: {
      rule: alert.trigger.rule,
      code: alert.trigger.code,
      key: { kind: key.kind, value: key.value },
      params: { ...alert.trigger.params },
    },
  };
  const refs = input.observableRefs.length > 0 ? [...input.observableRefs] : [input.createdBy];
  return {
    type: 'note',
    spec_version: '2.1',
    id: alertNoteId(alert.id),
    created: alert.openedAt,
    modified: input.modified,
    created_by_ref: input.createdBy,
    abstract: `Outbreak (${alert.severity}): ${key.kind} ${key.value} — ${alert.organisations.length} organisations in ${alert.countries.length} countries`,
    content: `${explainTrigger(alert.trigger)}. ${alert.reportCount} reports; countries: ${alert.countries.join(', ') || 'unknown'}.`,
    object_refs: refs,
    object_marking_refs: [ALERT_MARKING],
    labels: ['outbreak-alert'],
    extensions: { [ALERT_EXTENSION_ID]: ext },
  } as StixObject;
}

/** The extension properties of a stored alert note, or undefined when it is not one. */
export function alertPropertiesOf(note: StixObject): AlertProperties | undefined {
  const ext = (note.extensions as Record<string, unknown> | undefined)?.[ALERT_EXTENSION_ID];
  return ext && typeof ext === 'object' ? (ext as AlertProperties) : undefined;
}

/**
 * Outbreak alerts and the events the detector emits about them (issue 5, item 3). Plain,
 * JSON-serialisable values: the storage step keeps them (as a STIX `note` with a nohaven
 * extension) and the delivery step sends them to {@link affectedParties}.
 */
import { canonicalJson } from '../platform/canonical-json.js';
import { uuidV5 } from '../stix/ids.js';
import type { ClusterKey } from './outbreak-report.js';
import type { OutbreakSettings } from './outbreak-settings.js';

export const OUTBREAK_SEVERITIES = ['medium', 'high', 'critical'] as const;
/** `medium` when a rule trips; `high` and `critical` as countries or organisations add up. */
export type OutbreakSeverity = (typeof OUTBREAK_SEVERITIES)[number];

/**
 * Why an alert opened, as a stable code and its parameters, so every UI can say it in its own
 * language. `NH_OUTBREAK_SPREAD`: `{ organisations, countries, windowSeconds,
 * minOrganisations, minCountries }`; `NH_OUTBREAK_GROWTH`: `{ recentReports, previousReports,
 * windowSeconds, factor, minBase, organisations }`.
 */
export interface OutbreakTrigger {
  readonly rule: 'spread' | 'growth';
  readonly code: 'NH_OUTBREAK_SPREAD' | 'NH_OUTBREAK_GROWTH';
  /** The key whose window tripped the rule. */
  readonly key: ClusterKey;
  readonly params: Readonly<Record<string, number>>;
}

/** An alert as the detector sees it at one moment. Lists are sorted (keys: order joined). */
export interface OutbreakAlert {
  /** A UUID derived from the tripping key and the trip time: replays give the same ids. */
  readonly id: string;
  readonly status: 'open' | 'closed';
  readonly severity: OutbreakSeverity;
  /** The time of the report that tripped the rule (RFC 3339, UTC). */
  readonly openedAt: string;
  /** The oldest report of the evidence that tripped it. */
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** Set when closed: the time of the close. */
  readonly closedAt: string | null;
  /** Reports counted: the evidence, then every report of one of its keys. */
  readonly reportCount: number;
  readonly organisations: readonly string[];
  readonly countries: readonly string[];
  readonly keys: readonly ClusterKey[];
  readonly trigger: OutbreakTrigger;
}

/** What an alert gained since its previous event. */
export interface OutbreakGrowth {
  readonly reports: number;
  readonly organisations: readonly string[];
  readonly countries: readonly string[];
  readonly keys: readonly ClusterKey[];
}

export type OutbreakEvent =
  | { readonly type: 'opened'; readonly at: string; readonly alert: OutbreakAlert }
  | {
      readonly type: 'updated';
      readonly at: string;
      readonly alert: OutbreakAlert;
      readonly added: OutbreakGrowth;
      /** The severity of the previous event when it rose; null otherwise. */
      readonly severityFrom: OutbreakSeverity | null;
      /** Ids of alerts merged into this one since the previous event. */
      readonly merged: readonly string[];
    }
  | {
      readonly type: 'closed';
      readonly at: string;
      readonly alert: OutbreakAlert;
      /** `quiet`: no report for the quiet period; `merged`: a report joined it to another. */
      readonly reason: 'quiet' | 'merged';
      readonly mergedInto: string | null;
    };

/** The parties an alert concerns: the delivery step maps countries to 24/7 points of contact. */
export interface AffectedParties {
  readonly countries: readonly string[];
  readonly organisations: readonly string[];
}

export function affectedParties(alert: OutbreakAlert): AffectedParties {
  return { countries: [...alert.countries], organisations: [...alert.organisations] };
}

/** English wording of a trigger, for logs and the CLI; UIs translate the code instead. */
export function explainTrigger(trigger: OutbreakTrigger): string {
  const p = trigger.params;
  const what = `${trigger.key.kind} "${trigger.key.value}"`;
  const minutes = (p.windowSeconds ?? 0) / 60;
  return trigger.rule === 'spread'
    ? `${what} was reported by ${p.organisations} organisations in ${p.countries} countries ` +
        `within ${minutes} minutes (threshold: ${p.minOrganisations} in ${p.minCountries})`
    : `${what} was reported ${p.recentReports} times in the last ${minutes} minutes against ` +
        `${p.previousReports} in the ${minutes} before (threshold: ×${p.factor}, base ${p.minBase})`;
}

/** Namespace of alert ids (a fixed random UUID). */
export const OUTBREAK_ALERT_NAMESPACE = '6f1c2a3e-8d4b-4c5f-9a7e-2b3c4d5e6f70';

/** The alert id for a key id (`clusterKeyId`) tripping at `tripAtMs`. */
export function outbreakAlertId(keyId: string, tripAtMs: number): string {
  return uuidV5(OUTBREAK_ALERT_NAMESPACE, canonicalJson([keyId, new Date(tripAtMs).toISOString()]));
}

export function severityFor(
  countries: number,
  organisations: number,
  s: OutbreakSettings,
): OutbreakSeverity {
  if (countries >= s.criticalCountries || organisations >= s.criticalOrganisations)
    return 'critical';
  if (countries >= s.highCountries || organisations >= s.highOrganisations) return 'high';
  return 'medium';
}

export function severityRank(s: OutbreakSeverity): number {
  return OUTBREAK_SEVERITIES.indexOf(s);
}

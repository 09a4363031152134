import type { Coverage } from './coverage-rules.js';

/** The coverage as the API and `nohaven coverage --json` give it (snake_case). */
export function coverageView(c: Coverage) {
  return {
    answer_within: c.answerWithinSeconds,
    countries: c.countries.map((k) => ({
      country: k.country,
      level: k.level,
      points_of_contact: k.pointsOfContact,
      certs: k.certs,
      abuse_contacts: k.abuseContacts,
      routed: k.routed,
      acknowledged: k.acknowledged,
      actioned: k.actioned,
      rejected: k.rejected,
      unanswered: k.unanswered,
      median_acknowledge_seconds: k.medianAcknowledgeSeconds,
      oldest_unanswered_seconds: k.oldestUnansweredSeconds,
    })),
    gaps: c.gaps.map((g) => ({ country: g.country, reasons: [...g.reasons] })),
    without_country: { ...c.withoutCountry },
  };
}

/**
 * English renderings of routing explanations (the API's `text`; the web UI renders the same
 * codes and parameters in the reader's language).
 */
import type { Explanation } from './routing-rules.js';

function located(p: Explanation['params']): string {
  const parts: string[] = [];
  if (p.asn !== undefined) parts.push(`AS${p.asn}`);
  if (p.country !== undefined && p.country !== '') parts.push(`announced from ${p.country}`);
  return parts.join(', ');
}

/** One sentence: "routed to X because 203.0.113.7 is in AS64500, announced from NL". */
export function explain(e: Explanation<string>): string {
  const p = e.params;
  const to = `routed to ${p.contact}`;
  switch (e.code) {
    case 'abuse-network': {
      const where = located(p);
      return `${to} because ${p.value} is in ${p.network}${where ? ` (${where})` : ''}`;
    }
    case 'abuse-asn':
      return `${to} because ${p.value} is in ${located(p)}`;
    case 'abuse-domain':
      return `${to} because ${p.value} is under ${p.domain}`;
    case 'poc-infrastructure':
      return `${to}, the 24/7 point of contact of ${p.country}, because ${p.value} is located in ${p.country}`;
    case 'poc-victim':
      return `${to}, the 24/7 point of contact of ${p.country}, because the victim is in ${p.country}`;
    case 'cert-sector':
      return `${to}, the CERT of the ${p.sector} sector${p.country ? ` in ${p.country}` : ''}, because the victim is in that sector`;
    case 'warninglisted':
      return `not routed: ${p.value} is on the warninglists ${p.warninglists}`;
    case 'no-abuse-contact':
      return `no abuse contact in the directory for ${p.value}`;
    case 'no-point-of-contact':
      return `no 24/7 point of contact in the directory for ${p.country}`;
    case 'no-sector-cert':
      return `no CERT in the directory for the ${p.sector} sector`;
    default:
      return e.code;
  }
}

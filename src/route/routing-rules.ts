/**
 * Routing rules (issue 5, item 4; DESIGN.md capability 4), pure: given one finding — a STIX
 * cyber-observable with nohaven's enrichment extension — the victim when known, and the
 * contact directory, who must receive it and why.
 *
 * - Infrastructure: the most specific abuse contact of the network that hosts the value —
 *   longest matching CIDR prefix, else the autonomous system, else the longest matching domain
 *   (the host itself or a parent of it, down to the registrable domain) — and the 24/7 point of
 *   contact (Budapest Convention art. 35) of the country the infrastructure is in (the
 *   enrichment's country, else the matched abuse contact's).
 * - Victim: the point of contact of the victim's country; the CERT of the victim's sector (in
 *   the victim's country when one is there, else any).
 * - A warninglisted value is not routed ("do not alert or route on this", enrichment extension).
 * - Recipients are deduplicated by contact, their reasons merged.
 *
 * Each reason is a code with parameters (`explain.ts` renders them in English; the UI in its
 * language), e.g. `{ code: 'abuse-asn', params: { value: '203.0.113.7', asn: 64500,
 * country: 'NL', contact: 'Example abuse' } }`.
 */
import { cidrRange } from '../enrich/ip-ranges.js';
import {
  ENRICHMENT_EXTENSION_ID,
  type EnrichmentProperties,
} from '../enrich/enrichment-extension.js';
import type { Contact } from './contact.types.js';

export const ROUTABLE_TYPES: ReadonlySet<string> = new Set([
  'ipv4-addr',
  'ipv6-addr',
  'domain-name',
  'url',
  'email-addr',
]);

export type ReasonCode =
  | 'abuse-network'
  | 'abuse-asn'
  | 'abuse-domain'
  | 'poc-infrastructure'
  | 'poc-victim'
  | 'cert-sector';

/** Why a finding was not routed, or to whom it could not be: the gaps of the directory. */
export type NoteCode =
  'warninglisted' | 'not-routable' | 'no-abuse-contact' | 'no-point-of-contact' | 'no-sector-cert';

export interface Explanation<C extends string = ReasonCode> {
  readonly code: C;
  readonly params: Readonly<Record<string, string | number>>;
}

export interface Recipient {
  readonly contact: Contact;
  readonly reasons: readonly Explanation[];
}

export interface RoutingResult {
  readonly recipients: readonly Recipient[];
  readonly notes: readonly Explanation<NoteCode>[];
}

/** What routing needs to know of a finding. */
export interface Finding {
  readonly id: string;
  readonly type: string;
  readonly value: string;
  readonly enrichment: EnrichmentProperties;
}

export interface Victim {
  /** ISO 3166-1 alpha-2, upper case. */
  readonly country?: string;
  /** Sector name, compared case-insensitively. */
  readonly sector?: string;
}

/** The finding of a STIX object, or null when the object is not a routable observable. */
export function findingOf(object: {
  id?: unknown;
  type?: unknown;
  value?: unknown;
  extensions?: unknown;
}): Finding | null {
  const { id, type, value } = object;
  if (typeof id !== 'string' || typeof type !== 'string' || typeof value !== 'string') return null;
  if (!ROUTABLE_TYPES.has(type)) return null;
  const ext = (object.extensions as Record<string, unknown> | undefined)?.[ENRICHMENT_EXTENSION_ID];
  const enrichment = ext !== null && typeof ext === 'object' ? (ext as EnrichmentProperties) : {};
  return { id, type, value, enrichment };
}

/** The IP address a finding is located at (itself, or the IP host of a URL), if any. */
function ipOf(f: Finding): string | null {
  if (f.type === 'ipv4-addr' || f.type === 'ipv6-addr') return f.value.split('/')[0]!;
  const host = urlHost(f);
  return host !== null && cidrRange(host) !== undefined ? host : null;
}

/** The host of a URL finding: the enrichment's, else parsed from the value (no brackets). */
function urlHost(f: Finding): string | null {
  if (f.type !== 'url') return null;
  if (f.enrichment.host !== undefined) return f.enrichment.host;
  if (!URL.canParse(f.value)) return null;
  const host = new URL(f.value).hostname.replace(/^\[(.*)\]$/, '$1');
  return host === '' ? null : host;
}

/** The host name a finding is under (a domain, the host of a URL, an e-mail domain), if any. */
function hostOf(f: Finding): string | null {
  if (f.type === 'domain-name') return f.value.toLowerCase().replace(/\.$/, '');
  if (f.type === 'email-addr') {
    const at = f.value.lastIndexOf('@');
    return at > 0 ? f.value.slice(at + 1).toLowerCase() : null;
  }
  const host = urlHost(f);
  return host !== null && ipOf(f) === null ? host.toLowerCase() : null;
}

/** The contacts of a directory, indexed for the rules (build once per routing run). */
export interface Directory {
  readonly networks: readonly {
    contact: Contact;
    family: 4 | 6;
    start: bigint;
    end: bigint;
    prefix: number;
  }[];
  readonly asns: ReadonlyMap<number, Contact[]>;
  readonly domains: ReadonlyMap<string, Contact[]>;
  readonly pocs: ReadonlyMap<string, Contact[]>;
  readonly certs: readonly Contact[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function buildDirectory(contacts: readonly Contact[]): Directory {
  const networks: Directory['networks'][number][] = [];
  const asns = new Map<number, Contact[]>();
  const domains = new Map<string, Contact[]>();
  const pocs = new Map<string, Contact[]>();
  const certs: Contact[] = [];
  for (const c of contacts) {
    if (c.kind === 'abuse') {
      if (c.network !== null) {
        const r = cidrRange(c.network);
        if (!r) continue;
        const bits = r.family === 4 ? 32 : 128;
        const prefix = bits - (r.end - r.start + 1n).toString(2).length + 1;
        networks.push({ contact: c, ...r, prefix });
      } else if (c.asn !== null) push(asns, c.asn, c);
      else if (c.domain !== null) push(domains, c.domain, c);
    } else if (c.kind === 'poc' && c.country !== null) push(pocs, c.country, c);
    else if (c.kind === 'cert') certs.push(c);
  }
  return { networks, asns, domains, pocs, certs };
}

/** The rules; see the module comment. */
export function routeFinding(
  finding: Finding,
  directory: Directory,
  victim: Victim = {},
): RoutingResult {
  const value = finding.value;
  const lists = finding.enrichment.warninglists ?? [];
  if (lists.length > 0)
    return {
      recipients: [],
      notes: [{ code: 'warninglisted', params: { value, warninglists: lists.join(', ') } }],
    };

  const found = new Map<string, { contact: Contact; reasons: Explanation[] }>();
  const notes: Explanation<NoteCode>[] = [];
  const add = (contact: Contact, reason: Explanation) => {
    const entry = found.get(contact.id) ?? { contact, reasons: [] };
    const key = JSON.stringify(reason);
    if (!entry.reasons.some((r) => JSON.stringify(r) === key)) entry.reasons.push(reason);
    found.set(contact.id, entry);
  };
  const { asn, country } = finding.enrichment;
  const located = {
    ...(asn !== undefined ? { asn } : {}),
    ...(country !== undefined ? { country } : {}),
  };

  // Infrastructure: the most specific abuse contact.
  let abuse: Contact[] = [];
  const ip = ipOf(finding);
  const range = ip === null ? undefined : cidrRange(ip);
  if (range) {
    let best = -1;
    for (const n of directory.networks) {
      if (n.family !== range.family || n.start > range.start || n.end < range.end) continue;
      if (n.prefix > best) {
        best = n.prefix;
        abuse = [n.contact];
      } else if (n.prefix === best) abuse.push(n.contact);
    }
    for (const c of abuse)
      add(c, {
        code: 'abuse-network',
        params: { value, network: c.network!, ...located, contact: c.name },
      });
  }
  if (abuse.length === 0 && asn !== undefined) {
    abuse = directory.asns.get(asn) ?? [];
    for (const c of abuse)
      add(c, { code: 'abuse-asn', params: { value, ...located, contact: c.name } });
  }
  const host = hostOf(finding);
  if (abuse.length === 0 && host !== null) {
    const labels = host.split('.');
    for (let i = 0; i < labels.length - 1 && abuse.length === 0; i++) {
      const domain = labels.slice(i).join('.');
      abuse = directory.domains.get(domain) ?? [];
      for (const c of abuse)
        add(c, { code: 'abuse-domain', params: { value, domain, contact: c.name } });
    }
  }
  if (abuse.length === 0 && (range || host !== null))
    notes.push({ code: 'no-abuse-contact', params: { value, ...located } });

  // Infrastructure: the point of contact of its country.
  const infraCountry = country ?? abuse.find((c) => c.country !== null)?.country ?? undefined;
  if (infraCountry !== undefined) {
    const pocs = directory.pocs.get(infraCountry) ?? [];
    for (const c of pocs)
      add(c, {
        code: 'poc-infrastructure',
        params: { value, country: infraCountry, contact: c.name },
      });
    if (pocs.length === 0)
      notes.push({ code: 'no-point-of-contact', params: { country: infraCountry } });
  }

  // Victim: its country's point of contact, its sector's CERT.
  if (victim.country !== undefined) {
    const pocs = directory.pocs.get(victim.country) ?? [];
    for (const c of pocs)
      add(c, { code: 'poc-victim', params: { country: victim.country, contact: c.name } });
    if (pocs.length === 0 && victim.country !== infraCountry)
      notes.push({ code: 'no-point-of-contact', params: { country: victim.country } });
  }
  if (victim.sector !== undefined) {
    const sector = victim.sector.toLowerCase();
    const ofSector = directory.certs.filter((c) => c.sector === sector);
    const local = ofSector.filter((c) => c.country === victim.country);
    const certs = local.length > 0 ? local : ofSector;
    for (const c of certs)
      add(c, {
        code: 'cert-sector',
        params: { sector, country: c.country ?? '', contact: c.name },
      });
    if (certs.length === 0) notes.push({ code: 'no-sector-cert', params: { sector } });
  }

  return {
    recipients: [...found.values()].map((e) => ({ contact: e.contact, reasons: e.reasons })),
    notes,
  };
}

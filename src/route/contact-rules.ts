/**
 * Checks of a contact of the directory (pure). Each problem names the field, so that a REST
 * caller gets a 400 naming it and an import reports it with the line it is on.
 */
import { cidrRange } from '../enrich/ip-ranges.js';
import { isCountryCode } from '../platform/countries.js';
import { isDomainName } from '../stix/sco.formats.js';
import {
  CHANNELS,
  CONTACT_KINDS,
  type Channel,
  type ContactFields,
  type ContactInput,
  type ContactKind,
} from './contact.types.js';

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export type ContactCheck =
  | { readonly ok: true; readonly contact: ContactFields }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\u0000-\u001f\u007f]/;
/** BCP 47 (RFC 5646) tags in their common shape: language, then subtags of 1–8 letters/digits. */
const BCP47 = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;
const EMAIL = /^[^\s@"(),:;<>[\\\]]+@[^\s@"(),:;<>[\\\]]+\.[^\s@"(),:;<>[\\\]]+$/;
const ORGANISATION_ID = /^identity--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ASN_MAX = 4_294_967_295;

function text(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return null;
  const t = value.trim();
  return t === '' ? null : t;
}

/** `AS64500`, `as64500` or `64500` (a string or a number) as a number; null when not an ASN. */
export function parseAsn(value: unknown): number | null {
  const t = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  const m = /^(?:AS)?(\d{1,10})$/i.exec(t.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 && n <= ASN_MAX ? n : null;
}

/** A CIDR block or address (IPv4 or IPv6) in lower case; null when it is neither. */
export function normalizeNetwork(value: string): string | null {
  const v = value.trim().toLowerCase();
  return cidrRange(v) === undefined ? null : v;
}

function languagesOf(value: unknown): string[] | null {
  if (value === undefined || value === null || value === '') return [];
  const list = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.split(/[\s,;]+/).filter((s) => s !== '')
      : null;
  if (list === null || !list.every((l) => typeof l === 'string')) return null;
  return list as string[];
}

/**
 * Checks and normalises a contact. `organizationExists` says whether an organisation identity
 * id is one of this node's (the `nohaven` channel must name one).
 */
export function checkContact(
  input: ContactInput,
  organizationExists: (id: string) => boolean,
): ContactCheck {
  const problems: FieldProblem[] = [];
  const bad = (field: string, message: string) => problems.push({ field, message });

  const kindText = text(input.kind)?.toLowerCase() ?? null;
  const kind = CONTACT_KINDS.includes(kindText as ContactKind) ? (kindText as ContactKind) : null;
  if (kind === null) bad('kind', `must be one of ${CONTACT_KINDS.join(', ')}`);

  const name = text(input.name);
  if (name === null || name.length > 200 || CONTROL.test(name))
    bad('name', 'must be 1 to 200 characters on one line');

  let network: string | null = null;
  const networkText = text(input.network);
  if (networkText !== null) {
    network = normalizeNetwork(networkText);
    if (network === null) bad('network', `"${networkText}" is not an IPv4 or IPv6 CIDR block`);
  }
  let asn: number | null = null;
  const asnText = text(input.asn);
  if (asnText !== null) {
    asn = parseAsn(input.asn);
    if (asn === null) bad('asn', `"${asnText}" is not an ASN (AS64500 or 64500)`);
  }
  let domain: string | null = null;
  const domainText = text(input.domain);
  if (domainText !== null) {
    domain = domainText.toLowerCase().replace(/\.$/, '');
    if (!isDomainName(domain) || !domain.includes('.'))
      bad('domain', `"${domainText}" is not a domain name`);
  }
  const countryText = text(input.country);
  const country = countryText?.toUpperCase() ?? null;
  if (country !== null && !isCountryCode(country))
    bad('country', `"${countryText}" is not an ISO 3166-1 alpha-2 country code`);
  const sectorText = text(input.sector);
  const sector = sectorText?.toLowerCase() ?? null;
  if (sector !== null && (sector.length > 100 || CONTROL.test(sector)))
    bad('sector', 'must be 1 to 100 characters on one line');

  if (kind === 'abuse') {
    const given = [networkText, asnText, domainText].filter((s) => s !== null).length;
    if (given !== 1) bad('network', 'an abuse contact needs exactly one of network, asn or domain');
    if (sector !== null) bad('sector', 'only a cert has a sector');
  } else if (kind !== null) {
    if (networkText !== null) bad('network', `a ${kind} has no network`);
    if (asnText !== null) bad('asn', `a ${kind} has no asn`);
    if (domainText !== null) bad('domain', `a ${kind} has no domain`);
    if (countryText === null) bad('country', `a ${kind} needs a country`);
    if (kind === 'poc' && sector !== null) bad('sector', 'only a cert has a sector');
  }

  const languages = languagesOf(input.languages);
  if (languages === null) bad('languages', 'must be a list of BCP 47 language tags');
  else {
    const wrong = languages.find((l) => !BCP47.test(l));
    if (wrong !== undefined) bad('languages', `"${wrong}" is not a BCP 47 language tag`);
  }

  const channelText = text(input.channel)?.toLowerCase() ?? null;
  const channel = CHANNELS.includes(channelText as Channel) ? (channelText as Channel) : null;
  if (channel === null) bad('channel', `must be one of ${CHANNELS.join(', ')}`);
  const address = text(input.address);
  if (address === null) bad('address', 'is required');
  else if (channel === 'email' && !EMAIL.test(address))
    bad('address', `"${address}" is not an e-mail address`);
  else if (channel === 'webhook' && !isWebUrl(address))
    bad('address', `"${address}" is not an http or https URL`);
  else if (channel === 'nohaven' && !(ORGANISATION_ID.test(address) && organizationExists(address)))
    bad('address', `"${address}" is not an organisation of this node`);

  const notes = text(input.notes);
  if (notes !== null && notes.length > 4000) bad('notes', 'must be at most 4000 characters');

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    contact: {
      kind: kind!,
      name: name!,
      network,
      asn,
      domain,
      country,
      sector,
      languages: languages!.map(canonicalTag),
      channel: channel!,
      address: channel === 'email' ? address!.toLowerCase() : address!,
      notes,
    },
  };
}

function isWebUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const u = new URL(value);
  return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
}

/** RFC 5646 §2.1.1 case conventions: language lower, region upper, script title case. */
function canonicalTag(tag: string): string {
  return tag
    .split('-')
    .map((part, i) => {
      if (i === 0) return part.toLowerCase();
      if (part.length === 2) return part.toUpperCase();
      if (part.length === 4) return part[0]!.toUpperCase() + part.slice(1).toLowerCase();
      return part.toLowerCase();
    })
    .join('-');
}

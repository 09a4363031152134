/**
 * Offline enrichment of cyber-observables (issue 4): pure logic over data loaded once by
 * `enrichment-data.ts`. Results go into the nohaven enrichment property-extension
 * (`enrichment-extension.ts`); other object types pass through unchanged.
 *
 * | type                   | properties added                                            |
 * | ---------------------- | ----------------------------------------------------------- |
 * | ipv4-addr, ipv6-addr   | asn, as_name, country, warninglists                         |
 * | domain-name            | registrable_domain, public_suffix, warninglists             |
 * | url                    | host; then as an IP or as a domain; warninglists            |
 * | email-addr             | registrable_domain, public_suffix, warninglists (of domain) |
 *
 * A CIDR value (`10.0.0.0/8`) is enriched by its first address. A property is left out when
 * nothing was found; an object with nothing found at all is returned as it was.
 */
import { parse as parseDomain } from 'tldts';
import type { StixObject } from '../stix/index.js';
import {
  ENRICHMENT_EXTENSION_ID,
  type EnrichmentExtension,
  type EnrichmentProperties,
} from './enrichment-extension.js';
import type { AsnRecord } from './ip-table.js';
import { parseIpv4 } from './ip-ranges.js';
import type { WarninglistMatcher } from './warninglists.js';

/** Where one piece of enrichment data came from, for `nohaven status`. */
export interface DataVersion {
  readonly kind: 'asn' | 'country' | 'warninglist';
  /** npm package name, file name, or warninglist name. */
  readonly name: string;
  /** Package version, warninglist version, or the file's modification date. */
  readonly version: string;
  /** When the data was built (MMDB metadata or the package's dated version), RFC 3339. */
  readonly buildDate: string | null;
  /** The file (or folder) read, or `built-in` for lists shipped with nohaven. */
  readonly source: string;
  /** Ranges in a table, or entries in a warninglist. */
  readonly entries: number | null;
  readonly licence: string | null;
}

export type AsnLookup = (address: string) => AsnRecord | undefined;
export type CountryLookup = (address: string) => string | undefined;

/** Everything enrichment needs, loaded once (see `loadEnrichmentData`). */
export interface EnrichmentData {
  readonly asn: AsnLookup | null;
  readonly country: CountryLookup | null;
  readonly warninglists: WarninglistMatcher;
  readonly versions: readonly DataVersion[];
}

export interface Enricher {
  /**
   * The object with the enrichment extension added (a new object; the input is not changed),
   * or the same object when its type is not enriched or nothing was found. An enrichment
   * extension already present is replaced.
   */
  enrich<T extends StixObject>(object: T): T;
  versions(): readonly DataVersion[];
}

const DOMAIN_OPTIONS = {
  allowPrivateDomains: true,
  extractHostname: false,
  detectIp: false,
  validateHostname: false,
  mixedInputs: false,
} as const;

export function createEnricher(data: EnrichmentData): Enricher {
  const { asn, country, warninglists } = data;

  function addIp(address: string, props: EnrichmentProperties): void {
    const slash = address.indexOf('/');
    const ip = slash < 0 ? address : address.slice(0, slash);
    const as = asn?.(ip);
    if (as) {
      props.asn = as.number;
      if (as.name !== undefined) props.as_name = as.name;
    }
    const cc = country?.(ip);
    if (cc !== undefined) props.country = cc;
    addLists(props, warninglists.matchIp(address));
  }

  function addDomain(host: string, props: EnrichmentProperties): void {
    const parsed = parseDomain(host, DOMAIN_OPTIONS);
    if (parsed.domain !== null) props.registrable_domain = parsed.domain;
    if (parsed.publicSuffix !== null) props.public_suffix = parsed.publicSuffix;
    addLists(props, warninglists.matchHostname(host));
  }

  function addUrl(value: string, props: EnrichmentProperties): void {
    let host = '';
    if (URL.canParse(value)) host = new URL(value).hostname;
    addLists(props, warninglists.matchUrl(value));
    if (host === '') return;
    if (host.startsWith('[') && host.endsWith(']')) {
      props.host = host.slice(1, -1);
      addIp(props.host, props);
    } else if (parseIpv4(host) >= 0) {
      props.host = host;
      addIp(host, props);
    } else {
      props.host = host;
      addDomain(host, props);
    }
  }

  return {
    enrich(object) {
      const value = (object as { value?: unknown }).value;
      if (typeof value !== 'string') return object;
      const props: EnrichmentProperties = {};
      switch (object.type) {
        case 'ipv4-addr':
        case 'ipv6-addr':
          addIp(value, props);
          break;
        case 'domain-name':
          addDomain(value.toLowerCase(), props);
          break;
        case 'url':
          addUrl(value, props);
          break;
        case 'email-addr': {
          const at = value.lastIndexOf('@');
          if (at > 0) addDomain(value.slice(at + 1).toLowerCase(), props);
          break;
        }
        default:
          return object;
      }
      // Any key set means something was found.
      let found = false;
      for (const _ in props) {
        found = true;
        break;
      }
      if (!found) return object;
      const extension: EnrichmentExtension = { extension_type: 'property-extension', ...props };
      const extensions = (object as { extensions?: Record<string, unknown> }).extensions;
      return {
        ...object,
        extensions: { ...extensions, [ENRICHMENT_EXTENSION_ID]: extension },
      };
    },
    versions: () => data.versions,
  };
}

function addLists(props: EnrichmentProperties, names: readonly string[]): void {
  if (names.length === 0) return;
  if (props.warninglists === undefined) props.warninglists = [...names];
  else {
    for (const n of names) if (!props.warninglists.includes(n)) props.warninglists.push(n);
    props.warninglists.sort();
  }
}

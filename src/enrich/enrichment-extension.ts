/**
 * The nohaven enrichment extension (STIX 2.1 section 7.3): a property-extension that carries
 * what offline enrichment found about an observable — autonomous system, country, registrable
 * domain, warninglist marks — under `extensions[ENRICHMENT_EXTENSION_ID]`, never as ad-hoc
 * top-level properties. Its properties are defined by `enrichment-extension.schema.json`.
 *
 * The extension-definition and the identity that created it are fixed objects shipped with
 * every node (stored at node setup), so peers and TAXII clients can resolve them.
 */

/** The nohaven project as a STIX identity: creator of nohaven's built-in definitions. */
export const NOHAVEN_IDENTITY = Object.freeze({
  type: 'identity',
  spec_version: '2.1',
  id: 'identity--cde2a54d-b1c8-421d-a4a1-4223e4246ab2',
  created: '2026-11-28T00:00:00.000Z',
  modified: '2026-11-28T00:00:00.000Z',
  name: 'nohaven',
  description:
    'The nohaven project: the open-source federated platform for cooperation against cybercrime. Creator of the extension definitions that nohaven nodes use.',
  identity_class: 'system',
} as const);

export const ENRICHMENT_EXTENSION_ID =
  'extension-definition--5bc8798e-96e2-4c51-9461-48acd6c56636' as const;

/** Where the JSON schema of the extension's properties is published. */
export const ENRICHMENT_EXTENSION_SCHEMA_URL =
  'https://github.com/nohaven/nohaven/blob/main/src/enrich/enrichment-extension.schema.json';

/** The extension-definition object (spec 7.3.1) of the enrichment extension, version 1.0. */
export const ENRICHMENT_EXTENSION_DEFINITION = Object.freeze({
  type: 'extension-definition',
  spec_version: '2.1',
  id: ENRICHMENT_EXTENSION_ID,
  created: '2026-11-28T00:00:00.000Z',
  modified: '2026-11-28T00:00:00.000Z',
  created_by_ref: NOHAVEN_IDENTITY.id,
  name: 'nohaven enrichment',
  description:
    'Offline enrichment of cyber-observables by a nohaven node: autonomous system number and name and country of an IP address (or of the IP host of a URL), host, registrable domain and public suffix of a domain name, URL or e-mail address, and the names of the known-benign lists (warninglists) that hold the value. A warninglist mark means "do not alert or route on this", not "discard".',
  schema: ENRICHMENT_EXTENSION_SCHEMA_URL,
  version: '1.0',
  extension_types: Object.freeze(['property-extension'] as const),
} as const);

/** The properties of the extension on one object (see the JSON schema). */
export interface EnrichmentProperties {
  /** Autonomous system number announcing the address. */
  asn?: number;
  /** Name of the organisation behind that autonomous system. */
  as_name?: string;
  /** ISO 3166-1 alpha-2 code of the country the address is registered or located in. */
  country?: string;
  /** Host of a URL (a name, or an IP address without brackets). */
  host?: string;
  /** Registrable domain ("eTLD+1", Public Suffix List, private section included). */
  registrable_domain?: string;
  public_suffix?: string;
  /** Names of the warninglists that hold the value, its host or its domain, sorted. */
  warninglists?: string[];
}

/** The extension instance as stored in `extensions[ENRICHMENT_EXTENSION_ID]`. */
export type EnrichmentExtension = { extension_type: 'property-extension' } & EnrichmentProperties;

/**
 * The code lists of the legal-cooperation forms (`reference/cooperation-law.md` §1.1, §1.5, §3,
 * §8). Every coded field of a request names one of these lists; the codes are stable and
 * language-independent (the UI translates them). Pure data.
 */

/** Data categories (BC Art 1, Art 18(3); EU Reg 2023/1543 Art 3) — §1.1. */
export const DATA_CATEGORIES = [
  'subscriber_information',
  'identification_data',
  'traffic_data',
  'content_data',
  'computer_data',
] as const;

/** `legal_basis` values (§8). */
export const LEGAL_BASES = [
  'BC-24',
  'BC-26',
  'BC-27',
  'BC-28',
  'BC-29',
  'BC-30',
  'BC-31',
  'BC-32',
  'BC-33',
  'BC-34',
  'SAP-6',
  'SAP-7',
  'SAP-8',
  'SAP-9',
  'SAP-10',
  'SAP-11',
  'SAP-12',
  'EU-EPO',
  'EU-EPresO',
] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

export const URGENCIES = ['normal', 'urgent', 'emergency'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** `channel` (§8); `local_record` is R7, which is logged, not sent. */
export const CHANNELS = [
  'central_authority',
  'judicial_direct',
  '24_7',
  'interpol',
  'provider_direct',
  'eu_decentralised_it',
  'local_record',
] as const;
export type Channel = (typeof CHANNELS)[number];

/** `refusal_ground` (§8), plus the postponement of BC Art 27(5). */
export const REFUSAL_GROUNDS = [
  'political_offence',
  'essential_interests',
  'dual_criminality',
  'treaty_ground',
  'immunity_privilege',
  'fundamental_rights',
  'ne_bis_in_idem',
  'third_country_conflict',
  'data_not_available',
  'postpone_domestic_case',
  'nationality',
] as const;

/** Why an addressee cannot comply with an EPOC / EPOC-PR (EU Reg 2023/1543 Annex III). */
export const CANNOT_COMPLY_REASONS = [
  'incomplete',
  'manifest_errors',
  'insufficient_detail',
  'data_not_stored',
  'de_facto_impossible',
  'not_issued_by_competent_authority',
  'immunity_privilege_press_freedom',
] as const;

/** Kinds of target identifier (EU Reg 2023/1543 Annex II; BC Art 29(2)(c)). */
export const IDENTIFIER_KINDS = [
  'ip',
  'account',
  'email',
  'phone',
  'domain',
  'imei',
  'mac',
] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** BC Arts 27–28 apply only without a treaty between the Parties (§1.5 "regime switch"). */
export const REGIMES = ['treaty', 'bc_art27'] as const;

/** The addressee of an EPOC (EU Reg 2023/1543 Art 7). */
export const ADDRESSEE_TYPES = [
  'designated_establishment',
  'legal_representative',
  'emergency_alternative',
] as const;

/** Basis of a trans-border access without request (BC Art 32). */
export const UNILATERAL_BASES = ['public', 'consent'] as const;

/** Jurisdiction bases (BC Art 22). */
export const JURISDICTION_BASES = [
  'territory',
  'flag_ship',
  'aircraft',
  'nationality',
  'aut_dedere_aut_judicare',
] as const;

/** Measures an MLA request may ask for (BC Arts 16–21, §1.3). */
export const MEASURES = [
  'PRESERVE_STORED',
  'PRESERVE_TRAFFIC_PARTIAL_DISCLOSE',
  'PRODUCTION_ORDER',
  'SEARCH_SEIZURE',
  'REALTIME_TRAFFIC',
  'INTERCEPT_CONTENT',
  'WITNESS_HEARING',
] as const;

/** Every code list by name, as the definitions endpoint publishes them. */
export const CODE_LISTS = {
  data_category: DATA_CATEGORIES,
  legal_basis: LEGAL_BASES,
  urgency: URGENCIES,
  channel: CHANNELS,
  refusal_ground: REFUSAL_GROUNDS,
  cannot_comply_reason: CANNOT_COMPLY_REASONS,
  identifier_kind: IDENTIFIER_KINDS,
  regime: REGIMES,
  addressee_type: ADDRESSEE_TYPES,
  unilateral_basis: UNILATERAL_BASES,
  jurisdiction_basis: JURISDICTION_BASES,
  measure: MEASURES,
} as const satisfies Record<string, readonly string[]>;
export type CodeListName = keyof typeof CODE_LISTS;

export function isCodeListName(name: string): name is CodeListName {
  return Object.hasOwn(CODE_LISTS, name);
}

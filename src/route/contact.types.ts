/**
 * The contact directory of routing to responsibility (issue 5, item 4): who can act on a
 * finding. `abuse`: a network owner's abuse desk, for one network (CIDR block), autonomous
 * system or domain; `poc`: a country's 24/7 point of contact (Budapest Convention art. 35);
 * `cert`: a national CERT, or the CERT of one sector of a country.
 */
export const CONTACT_KINDS = ['abuse', 'poc', 'cert'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

/**
 * How a contact is reached: `nohaven` (an organisation of this node, whose queue receives the
 * items), `webhook` (an http(s) URL) or `email` (an address).
 */
export const CHANNELS = ['nohaven', 'webhook', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

/** A contact as stored (values checked and normalised by `checkContact`). */
export interface Contact {
  readonly id: string;
  readonly kind: ContactKind;
  readonly name: string;
  /** CIDR block or single address (abuse contacts of a network), lower case. */
  readonly network: string | null;
  readonly asn: number | null;
  /** Domain name, lower case, without a trailing dot. */
  readonly domain: string | null;
  /** ISO 3166-1 alpha-2 code, upper case. */
  readonly country: string | null;
  /** Sector name, lower case (`finance`, `health` …). */
  readonly sector: string | null;
  /** BCP 47 language tags. */
  readonly languages: readonly string[];
  readonly channel: Channel;
  readonly address: string;
  readonly notes: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The writable fields of a contact, as given by a person or a file (unchecked). */
export interface ContactInput {
  readonly kind?: unknown;
  readonly name?: unknown;
  readonly network?: unknown;
  readonly asn?: unknown;
  readonly domain?: unknown;
  readonly country?: unknown;
  readonly sector?: unknown;
  /** An array of tags, or one string of tags separated by spaces, commas or semicolons. */
  readonly languages?: unknown;
  readonly channel?: unknown;
  readonly address?: unknown;
  readonly notes?: unknown;
}

/** The checked writable fields of a contact. */
export type ContactFields = Omit<Contact, 'id' | 'createdAt' | 'updatedAt'>;

export interface ContactFilters {
  readonly kind?: ContactKind;
  readonly country?: string;
  readonly sector?: string;
  /** Case-insensitive match on name, network, domain and address. */
  readonly text?: string;
}

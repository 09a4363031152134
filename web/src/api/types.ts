/** The REST API's shapes as the UI reads them (`/api/v1`). */

export type TlpLevel = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';
export type Distribution = 'organisation' | 'community' | 'connected' | 'all';

export interface User {
  readonly id: string;
  readonly username: string;
  readonly role: string;
  readonly organization: {
    readonly id: string;
    readonly name: string;
    readonly sector?: string | null;
    readonly country?: string | null;
  };
}

export interface NodeInfo {
  readonly name: string;
  readonly organization: { readonly id: string; readonly name: string };
  readonly country: string | null;
  readonly counts: { readonly total: number; readonly byType: Readonly<Record<string, number>> };
}

/** A STIX object: `type`, `id` and any other property. */
export interface StixObject {
  readonly type: string;
  readonly id: string;
  readonly [property: string]: unknown;
}

export interface StoredObject {
  readonly object: StixObject;
  readonly date_added: string;
  readonly latest: boolean;
  readonly tlp: TlpLevel | null;
  readonly distribution: Distribution | string;
}

export interface ObjectPage {
  readonly items: readonly StoredObject[];
  readonly next_cursor: string | null;
}

export interface VersionInfo {
  readonly modified: string;
  readonly date_added: string;
  readonly latest: boolean;
  readonly revoked: boolean;
}

export interface Token {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

export interface CreatedToken {
  readonly id: string;
  readonly name: string;
  /** The secret, returned once. */
  readonly token: string;
  readonly createdAt: string;
}

import type { NodeDescriptor } from '../federation/descriptor.js';
import type { CustodyRecord } from './custody-chain.js';

/** Version tag of the manifest format below. */
export const PACKAGE_FORMAT = 'nohaven-evidence-package/1';
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';

/** Where an item came from: who, which organisation, which node, when and how it was acquired. */
export interface EvidenceOrigin {
  /** Actor label of the person or service that acquired it (`user:alice`). */
  readonly by: string;
  readonly organizationId: string;
  /** Node id of the node it was acquired on, when the node has a federation identity. */
  readonly nodeId: string | null;
  /** RFC 3339. */
  readonly acquiredAt: string;
  /** How it was acquired (`seized laptop image`, `provider response to R6 …`). */
  readonly method: string;
}

export interface ManifestItem {
  readonly id: string;
  readonly number: number;
  /** Path of the file in the package: `evidence/<number>-<name>`. */
  readonly path: string;
  readonly name: string;
  readonly mediaType: string;
  readonly sha256: string;
  readonly size: number;
  readonly description: string | null;
  readonly origin: EvidenceOrigin;
  /** The item's whole custody chain, ending with this export. */
  readonly custody: readonly CustodyRecord[];
}

/**
 * `manifest.json` of an evidence package. `manifest.sig` holds the producing node's Ed25519
 * signature (base64url) over the RFC 8785 canonical JSON of this object, made with the key of
 * `producer` (its self-signed descriptor), so the package verifies offline.
 */
export interface PackageManifest {
  readonly format: typeof PACKAGE_FORMAT;
  readonly packageId: string;
  readonly createdAt: string;
  readonly case: { readonly id: string; readonly reference: string; readonly title: string };
  /** Actor label of who exported it, and why. */
  readonly producedBy: string;
  readonly purpose: string;
  readonly producer: NodeDescriptor;
  readonly items: readonly ManifestItem[];
}

/** The file name of an item inside a package: safe characters, at most 100 bytes in all. */
export function packagePath(number: number, originalName: string): string {
  const safe =
    originalName
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^[._]+/, '')
      .slice(0, 80) || 'file';
  return `evidence/${number}-${safe}`;
}

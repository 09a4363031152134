import { createHash, type KeyObject } from 'node:crypto';
import type { PublicKeyText } from '../federation/signing.js';
import type { CustodyRecord } from '../cases/custody-chain.js';
import { EnvelopeError, signJws, verifyJws } from './exchange-envelope.js';
import { custodyProblem } from './package-custody.js';

/**
 * The signed manifest of a response's data package (issue 7, item 5): every file's name, media
 * type, SHA-256 (hex) and size, signed (JWS) by the node of the producing party, so that the
 * receiving side can tell which file was altered on the way — and the file's chain of custody
 * up to its transfer (`package-custody.ts`; absent from older nodes' manifests).
 */
export interface ManifestEntry {
  readonly name: string;
  readonly mediaType: string;
  readonly sha256: string;
  readonly size: number;
  readonly custody?: readonly CustodyRecord[];
}

export interface Manifest {
  readonly requestId: string;
  readonly transitionId: string;
  /** The producing party's organisation. */
  readonly producer: string;
  readonly files: readonly ManifestEntry[];
}

export interface PackageContent {
  readonly name: string;
  readonly mediaType: string;
  readonly content: Buffer;
}

const sha256Hex = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export async function signManifest(
  manifest: Manifest,
  key: KeyObject,
  nodeId: string,
): Promise<string> {
  return signJws('manifest', manifest, key, nodeId);
}

/**
 * Checks a package against its signed manifest: the producer's signature, the step it belongs
 * to, then every file (present, same media type, SHA-256 and size) and its chain of custody
 * when the manifest carries one; the error names the file.
 */
export async function verifyPackage(
  manifestJws: string,
  publicKey: PublicKeyText,
  expected: {
    readonly requestId: string;
    readonly transitionId: string;
    readonly producer: string;
  },
  files: readonly PackageContent[],
): Promise<Manifest> {
  let m: Manifest;
  try {
    m = (await verifyJws('manifest', manifestJws, publicKey)) as Manifest;
  } catch {
    throw new EnvelopeError('the evidence manifest is not signed by the producing party’s node');
  }
  if (
    m.requestId !== expected.requestId ||
    m.transitionId !== expected.transitionId ||
    m.producer !== expected.producer ||
    !Array.isArray(m.files)
  )
    throw new EnvelopeError('the evidence manifest belongs to another request, step or producer');
  for (const f of files) {
    const entry = m.files.find((e) => e.name === f.name);
    if (!entry) throw new EnvelopeError(`evidence file "${f.name}" is not in the signed manifest`);
    if (entry.sha256 !== sha256Hex(f.content) || entry.size !== f.content.length)
      throw new EnvelopeError(
        `evidence file "${f.name}" does not match its signed manifest (SHA-256 ${entry.sha256}, ${entry.size} bytes)`,
      );
    if (entry.mediaType !== f.mediaType)
      throw new EnvelopeError(`evidence file "${f.name}" has another media type than its manifest`);
    const broken = entry.custody === undefined ? null : custodyProblem(entry.custody, entry);
    if (broken !== null)
      throw new EnvelopeError(
        `evidence file "${f.name}": its chain of custody is broken: ${broken}`,
      );
  }
  for (const e of m.files)
    if (!files.some((f) => f.name === e.name))
      throw new EnvelopeError(`evidence file "${e.name}" of the signed manifest is missing`);
  return m;
}

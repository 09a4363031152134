import { parseDescriptor, type NodeDescriptor } from '../federation/descriptor.js';
import { verifyCanonical } from '../federation/signing.js';
import { DomainError } from '../platform/errors.js';
import {
  custodyAnchor,
  sha256Hex,
  verifyCustodyChain,
  type CustodyRecord,
} from './custody-chain.js';
import {
  MANIFEST_FILE,
  PACKAGE_FORMAT,
  SIGNATURE_FILE,
  type ManifestItem,
  type PackageManifest,
} from './package-manifest.js';
import { readTar, TarFormatError } from './package-tar.js';

/** One failed check: the file or manifest field at fault, and what is wrong. */
export interface PackageProblem {
  readonly where: string;
  readonly message: string;
}

export interface PackageVerification {
  readonly ok: boolean;
  readonly problems: readonly PackageProblem[];
  /** The manifest as read (null when it could not be read at all). */
  readonly manifest: PackageManifest | null;
  /** Fingerprint of the key the manifest claims to be signed by. */
  readonly fingerprint: string | null;
  readonly files: number;
}

/**
 * Verifies an evidence package offline, needing nothing but its bytes: the producer's
 * descriptor is self-signed and its key signs the manifest; if `expectedFingerprint` is given
 * (read out of band), the key must be that one. Then every listed file must be present with
 * the listed size and SHA-256, no other file may be present, and each item's custody chain
 * must hold. Every problem is named (`evidence/2-capture.pcap: SHA-256 mismatch`).
 */
export function verifyPackage(
  archive: Buffer,
  options: { readonly expectedFingerprint?: string } = {},
): PackageVerification {
  const problems: PackageProblem[] = [];
  const fail = (where: string, message: string) => problems.push({ where, message });
  const result = (manifest: PackageManifest | null, fingerprint: string | null, files = 0) => ({
    ok: problems.length === 0,
    problems,
    manifest,
    fingerprint,
    files,
  });

  let entries;
  try {
    entries = readTar(archive);
  } catch (err) {
    if (!(err instanceof TarFormatError)) throw err;
    fail('package', `not a readable tar archive: ${err.message}`);
    return result(null, null);
  }
  const files = new Map<string, Buffer>();
  for (const e of entries) {
    if (files.has(e.name)) fail(e.name, 'appears more than once in the package');
    files.set(e.name, e.data);
  }
  const manifestBytes = files.get(MANIFEST_FILE);
  const signature = files.get(SIGNATURE_FILE)?.toString('utf8').trim();
  if (!manifestBytes) fail(MANIFEST_FILE, 'missing');
  if (signature === undefined) fail(SIGNATURE_FILE, 'missing');
  if (!manifestBytes) return result(null, null);

  let manifest: PackageManifest;
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8')) as PackageManifest;
  } catch {
    fail(MANIFEST_FILE, 'is not JSON');
    return result(null, null);
  }
  const shapeProblem = checkShape(manifest);
  if (shapeProblem) {
    fail(`${MANIFEST_FILE} ${shapeProblem.where}`, shapeProblem.message);
    return result(null, null);
  }

  let producer: NodeDescriptor | null = null;
  try {
    producer = parseDescriptor(manifest.producer);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const d = err.details[0];
    fail(`${MANIFEST_FILE} /producer${d?.path ?? ''}`, d?.message ?? err.message);
  }
  const fingerprint = producer?.fingerprint ?? null;
  if (producer && options.expectedFingerprint !== undefined) {
    if (producer.fingerprint !== options.expectedFingerprint) {
      fail(
        `${MANIFEST_FILE} /producer/fingerprint`,
        `the producer's key is ${producer.fingerprint}, not the expected ${options.expectedFingerprint}`,
      );
    }
  }
  if (producer && signature !== undefined) {
    if (!verifyCanonical(producer.publicKey, manifest, signature)) {
      fail(
        SIGNATURE_FILE,
        `is not the producer's signature of ${MANIFEST_FILE} (the manifest was changed after signing, or signed by another key)`,
      );
    }
  }

  const listed = new Set<string>([MANIFEST_FILE, SIGNATURE_FILE]);
  manifest.items.forEach((item, i) => {
    listed.add(item.path);
    checkItem(item, i, files.get(item.path), fail);
  });
  for (const name of files.keys()) {
    if (!listed.has(name)) fail(name, 'is in the package but not listed in the manifest');
  }
  return result(manifest, fingerprint, manifest.items.length);
}

function checkItem(
  item: ManifestItem,
  index: number,
  data: Buffer | undefined,
  fail: (where: string, message: string) => void,
): void {
  if (data === undefined) {
    fail(item.path, 'listed in the manifest but missing from the package');
  } else {
    if (data.length !== item.size) {
      fail(item.path, `size mismatch: ${data.length} bytes, the manifest says ${item.size}`);
    }
    if (sha256Hex(data) !== item.sha256) fail(item.path, 'SHA-256 mismatch');
  }
  const broken = verifyCustodyChain(
    custodyAnchor(item),
    item.id,
    item.custody as readonly CustodyRecord[],
  );
  if (broken)
    fail(`${MANIFEST_FILE} /items/${index}/custody`, `custody chain broken: ${broken.message}`);
}

/** The first member of the manifest that is missing or of the wrong type. */
function checkShape(m: unknown): { where: string; message: string } | null {
  if (m === null || typeof m !== 'object' || Array.isArray(m)) {
    return { where: '', message: 'must be a JSON object' };
  }
  const o = m as Record<string, unknown>;
  if (o.format !== PACKAGE_FORMAT)
    return { where: '/format', message: `must be "${PACKAGE_FORMAT}"` };
  if (typeof o.packageId !== 'string') return { where: '/packageId', message: 'must be a string' };
  if (typeof o.producer !== 'object' || o.producer === null) {
    return { where: '/producer', message: 'must be a node descriptor' };
  }
  if (!Array.isArray(o.items)) return { where: '/items', message: 'must be an array' };
  for (let i = 0; i < o.items.length; i++) {
    const it = o.items[i] as Record<string, unknown> | null;
    const at = `/items/${i}`;
    if (it === null || typeof it !== 'object') return { where: at, message: 'must be an object' };
    for (const key of ['id', 'path', 'sha256'] as const) {
      if (typeof it[key] !== 'string')
        return { where: `${at}/${key}`, message: 'must be a string' };
    }
    if (typeof it.size !== 'number') return { where: `${at}/size`, message: 'must be a number' };
    if (!Array.isArray(it.custody)) return { where: `${at}/custody`, message: 'must be an array' };
  }
  return null;
}

import { createHash } from 'node:crypto';
import { canonicalJson, entryHash } from './audit.hash.js';
import type { AuditEntryView } from './audit.types.js';
import { verifyCanonical } from '../federation/signing.js';

/**
 * The signed audit export (issue 8, item 5): JSON lines, one audit entry each (as its reader
 * may read it), then one last line `{ "manifest": …, "signature": … }` — the node key's
 * signature over the manifest, which holds the count, the first and last seq, the hash of
 * the last entry and the SHA-256 of every entry line (each with its `\n`). Pure.
 */
export const EXPORT_FORMAT = 'nohaven-audit-export/1';

export interface ExportManifest {
  readonly format: typeof EXPORT_FORMAT;
  readonly nodeId: string;
  readonly publicKey: string;
  /** The period asked for (RFC 3339; null: open). */
  readonly from: string | null;
  readonly to: string | null;
  readonly count: number;
  readonly firstSeq: number | null;
  readonly lastSeq: number | null;
  /** The chain hash of the last exported entry (null when none). */
  readonly headHash: string | null;
  /** SHA-256 (hex) of the entry lines, each with its line end. */
  readonly linesSha256: string;
  readonly exportedAt: string;
  readonly exportedBy: string;
  /** True when personal data was masked for the reader (oversight). */
  readonly redacted: boolean;
}

export function exportLine(entry: AuditEntryView): string {
  return `${canonicalJson(entry)}\n`;
}

export function manifestLine(manifest: ExportManifest, signature: string): string {
  return `${canonicalJson({ manifest, signature })}\n`;
}

export type ExportCheck =
  | { readonly ok: true; readonly count: number; readonly manifest: ExportManifest }
  | { readonly ok: false; readonly line: number | null; readonly message: string };

/**
 * Verifies an export offline: each line continues the chain (seq, previous hash, and — where
 * nothing was redacted — its own hash), the manifest matches the lines, and its signature is
 * the given key's (else the key the manifest names; compare its fingerprint out of band).
 * Names the first bad line (1-based). A redacted line cannot be re-hashed: a change to it is
 * caught by the manifest's digest of the lines, without naming the line.
 */
export function verifyExport(text: string, publicKey?: string): ExportCheck {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return { ok: false, line: null, message: 'the file is empty' };
  const bad = (line: number, message: string): ExportCheck => ({ ok: false, line, message });
  const digest = createHash('sha256');
  let prev: { seq: number; hash: string } | null = null;
  let first: number | null = null;
  for (let i = 0; i < lines.length - 1; i++) {
    const n = i + 1;
    let e: AuditEntryView;
    try {
      e = JSON.parse(lines[i]!) as AuditEntryView;
    } catch {
      return bad(n, `line ${n} is not JSON`);
    }
    if (typeof e.seq !== 'number' || typeof e.hash !== 'string' || typeof e.prevHash !== 'string') {
      return bad(n, `line ${n} is not an audit entry`);
    }
    if (prev !== null && e.seq !== prev.seq + 1) {
      return bad(n, `line ${n} holds entry #${e.seq} where #${prev.seq + 1} belongs`);
    }
    if (prev !== null && e.prevHash !== prev.hash) {
      return bad(n, `line ${n} (entry #${e.seq}) does not follow the entry before it`);
    }
    if (!e.redacted || e.redacted.length === 0) {
      const recomputed = entryHash({
        seq: e.seq,
        at: e.at,
        actor: e.actor,
        action: e.action,
        target: e.target,
        reason: e.reason,
        details: e.details === null ? null : canonicalJson(e.details),
        prev_hash: e.prevHash,
      });
      if (recomputed !== e.hash)
        return bad(n, `line ${n} (entry #${e.seq}) was changed: it no longer matches its hash`);
    }
    first ??= e.seq;
    prev = { seq: e.seq, hash: e.hash };
    digest.update(`${lines[i]}\n`, 'utf8');
  }
  const last = lines.length;
  let m: { manifest: ExportManifest; signature: string };
  try {
    m = JSON.parse(lines[last - 1]!) as typeof m;
  } catch {
    return bad(last, `line ${last} (the manifest) is not JSON`);
  }
  const { manifest, signature } = m ?? {};
  if (!manifest || manifest.format !== EXPORT_FORMAT || typeof signature !== 'string') {
    return bad(last, `line ${last} is not the signed manifest: the file was cut or extended`);
  }
  const key = publicKey ?? manifest.publicKey;
  if (!verifyCanonical(key, manifest, signature)) {
    return bad(
      last,
      publicKey
        ? 'the manifest is not signed by the given key'
        : 'the manifest’s signature is not valid',
    );
  }
  const count = last - 1;
  if (manifest.count !== count)
    return bad(last, `the manifest counts ${manifest.count} entries, the file has ${count}`);
  if (manifest.firstSeq !== first || manifest.lastSeq !== (prev?.seq ?? null)) {
    return bad(
      last,
      `the manifest covers #${manifest.firstSeq} to #${manifest.lastSeq}, the file #${first} to #${prev?.seq ?? null}`,
    );
  }
  if (manifest.headHash !== (prev?.hash ?? null))
    return bad(last, 'the last entry’s hash is not the manifest’s head hash');
  if (manifest.linesSha256 !== digest.digest('hex')) {
    return bad(
      last,
      'the lines are not the ones signed (a redacted line was changed, or lines were altered)',
    );
  }
  return { ok: true, count, manifest };
}

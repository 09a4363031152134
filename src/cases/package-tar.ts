/**
 * The container of an evidence package: a POSIX.1-1988 "ustar" tar archive (IEEE Std
 * 1003.1, `tar -tvf` lists it, `tar -xf` unpacks it), regular files only, names of at most 100
 * bytes. Written and read whole in memory: packages are bounded by the evidence size limit.
 */

const BLOCK = 512;

export interface TarEntry {
  readonly name: string;
  readonly data: Buffer;
}

export class TarFormatError extends Error {
  override name = 'TarFormatError';
}

/** A tar archive of `entries`, in order, with modification time `mtime` (seconds). */
export function writeTar(entries: readonly TarEntry[], mtime: number): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    if (name.length === 0 || name.length > 100) {
      throw new TarFormatError(`tar entry name must be 1–100 bytes: ${e.name}`);
    }
    const header = Buffer.alloc(BLOCK);
    name.copy(header, 0);
    octal(0o644, 8).copy(header, 100);
    octal(0, 8).copy(header, 108);
    octal(0, 8).copy(header, 116);
    octal(e.data.length, 12).copy(header, 124);
    octal(Math.max(0, Math.floor(mtime)), 12).copy(header, 136);
    header.write('        ', 148, 'ascii');
    header.write('0', 156, 'ascii');
    header.write('ustar\u0000', 257, 'ascii');
    header.write('00', 263, 'ascii');
    octal(checksum(header), 8).copy(header, 148);
    parts.push(header, e.data, Buffer.alloc(padding(e.data.length)));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

/**
 * The regular files of a tar archive. Throws {@link TarFormatError} for anything that is not a
 * well-formed ustar archive of regular files (bad checksum, truncated data, links, devices).
 */
export function readTar(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) return entries;
    const stored = parseOctal(header.subarray(148, 156));
    if (stored !== checksum(header)) {
      throw new TarFormatError(`bad header checksum at byte ${offset}`);
    }
    const prefix = cString(header.subarray(345, 500));
    const base = cString(header.subarray(0, 100));
    const name = prefix ? `${prefix}/${base}` : base;
    const type = String.fromCharCode(header[156] ?? 0);
    const size = parseOctal(header.subarray(124, 136));
    if (type !== '0' && type !== '\u0000') {
      throw new TarFormatError(`${name}: not a regular file (tar type ${JSON.stringify(type)})`);
    }
    const start = offset + BLOCK;
    if (start + size > archive.length) throw new TarFormatError(`${name}: truncated`);
    entries.push({ name, data: Buffer.from(archive.subarray(start, start + size)) });
    offset = start + size + padding(size);
  }
  throw new TarFormatError('the archive ends without its end-of-archive blocks');
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/** Sum of the header bytes with the checksum field counted as spaces. */
function checksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  return sum;
}

/** `width - 1` octal digits and a NUL. */
function octal(value: number, width: number): Buffer {
  const digits = value.toString(8);
  if (digits.length > width - 1) throw new TarFormatError(`value ${value} too large for tar`);
  return Buffer.from(`${digits.padStart(width - 1, '0')}\u0000`, 'ascii');
}

function parseOctal(field: Buffer): number {
  const text = cString(field).trim();
  if (!/^[0-7]*$/.test(text)) throw new TarFormatError(`bad octal field "${text}"`);
  return text === '' ? 0 : parseInt(text, 8);
}

function cString(field: Buffer): string {
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? field.length : end).toString('utf8');
}

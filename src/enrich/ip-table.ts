/**
 * IP range tables read from CSV text in the layout of the ip-location-db project
 * (`ip_range_start,ip_range_end,...values`, inclusive ranges, no header): addresses in text
 * form (`1.0.0.0`, `2001:200::`) or as decimal numbers (the `-num.csv` files; a number above
 * 2^32 − 1 is an IPv6 address). IPv4 and IPv6 rows may share one file.
 */
import { IPV4_MAX, parseIpv4, parseIpv6, RangeIndexBuilder, type RangeIndex } from './ip-ranges.js';

/** A range table: one index per address family. */
export interface IpTable<T> {
  readonly v4: RangeIndex<T>;
  readonly v6: RangeIndex<T>;
}

/** A CSV row that cannot be read: names the file, the line and the field. */
export class IpTableError extends Error {
  constructor(
    readonly source: string,
    readonly line: number,
    message: string,
  ) {
    super(`${source}, line ${line}: ${message}`);
    this.name = 'IpTableError';
  }
}

/** Splits one CSV line (RFC 4180 quoting). */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) throw new Error('unterminated quoted field');
        value += line.slice(j, q);
        if (line[q + 1] === '"') {
          value += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      out.push(value);
      i = j + 1;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

const scratchStart = new Uint32Array(4);
const scratchEnd = new Uint32Array(4);

/** Reads one bound into `words`; returns the family, or 0 when the text is no address. */
function readBound(text: string, words: Uint32Array): 0 | 4 | 6 {
  // Fast path: a decimal IPv4 number (the `-num.csv` files).
  if (text.length > 0 && text.length < 10) {
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) {
        n = -1;
        break;
      }
      n = n * 10 + d;
    }
    if (n >= 0) {
      words[0] = n;
      return 4;
    }
  }
  if (text.includes(':')) return parseIpv6(text, words) ? 6 : 0;
  if (text.includes('.')) {
    const n = parseIpv4(text);
    if (n < 0) return 0;
    words[0] = n;
    return 4;
  }
  if (!/^\d+$/.test(text)) return 0;
  const big = BigInt(text);
  if (big <= BigInt(IPV4_MAX)) {
    words[0] = Number(big);
    return 4;
  }
  if (big >= 1n << 128n) return 0;
  words[0] = Number((big >> 96n) & 0xffffffffn);
  words[1] = Number((big >> 64n) & 0xffffffffn);
  words[2] = Number((big >> 32n) & 0xffffffffn);
  words[3] = Number(big & 0xffffffffn);
  return 6;
}

/**
 * Parses the CSV `text` into range tables. `value` turns the rest of the row after the two
 * bounds (the raw CSV text, for example `13335,"Cloudflare, Inc."`) into the row's value; it
 * may throw an `Error` whose message names the field. Blank lines and lines starting with `#`
 * are skipped. Throws {@link IpTableError} for a bad row; overlapping rows keep the first.
 */
export function parseIpTableCsv<T>(
  text: string,
  source: string,
  value: (rest: string) => T,
): IpTable<T> {
  const v4 = new RangeIndexBuilder<T>(4);
  const v6 = new RangeIndexBuilder<T>(6);
  let at = 0;
  let line = 0;
  while (at < text.length) {
    let nl = text.indexOf('\n', at);
    if (nl < 0) nl = text.length;
    const lineEnd = text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    const lineStart = at;
    at = nl + 1;
    line++;
    if (lineEnd === lineStart || text.charCodeAt(lineStart) === 35) continue;
    const c1 = text.indexOf(',', lineStart);
    const c2 = c1 < 0 || c1 >= lineEnd ? -1 : text.indexOf(',', c1 + 1);
    if (c2 < 0 || c2 >= lineEnd) {
      const found = text.slice(lineStart, lineEnd).split(',').length;
      throw new IpTableError(source, line, `expected at least 3 fields, found ${found}`);
    }
    const b1 = text.slice(lineStart, c1);
    const f1 = readBound(b1, scratchStart);
    if (f1 === 0) throw new IpTableError(source, line, `"${b1}" is not an IP address`);
    const b2 = text.slice(c1 + 1, c2);
    const f2 = readBound(b2, scratchEnd);
    if (f2 === 0) throw new IpTableError(source, line, `"${b2}" is not an IP address`);
    if (f1 !== f2)
      throw new IpTableError(source, line, 'the range starts and ends in different IP versions');
    let v: T;
    try {
      v = value(text.slice(c2 + 1, lineEnd));
    } catch (err) {
      throw new IpTableError(source, line, (err as Error).message);
    }
    if (f1 === 4) v4.addIpv4(scratchStart[0] as number, scratchEnd[0] as number, v);
    else v6.addWords(scratchStart, scratchEnd, v);
  }
  return { v4: v4.build(), v6: v6.build() };
}

/** An autonomous system as the ASN tables give it. */
export interface AsnRecord {
  readonly number: number;
  readonly name: string | undefined;
}

/**
 * Value reader for ASN tables (`asn,organisation`): each distinct AS is one shared object.
 */
export function asnValues(): (rest: string) => AsnRecord {
  const seen = new Map<string, AsnRecord>();
  return (rest) => {
    const known = seen.get(rest);
    if (known) return known;
    const fields = splitCsvLine(rest);
    const text = (fields[0] ?? '').trim();
    if (!/^\d{1,10}$/.test(text) || Number(text) > 4294967295)
      throw new Error(`"${text}" is not an AS number`);
    // A copy: a slice would keep the whole table text (tens of MiB) alive for the process.
    const name = Buffer.from((fields[1] ?? '').trim(), 'utf8').toString('utf8');
    const record = Object.freeze({ number: Number(text), name: name === '' ? undefined : name });
    seen.set(rest, record);
    return record;
  };
}

/** Value reader for country tables (`CC`): an ISO 3166-1 alpha-2 code, upper-case. */
export function countryValues(): (rest: string) => string {
  const seen = new Map<string, string>();
  return (rest) => {
    const known = seen.get(rest);
    if (known !== undefined) return known;
    const code = (splitCsvLine(rest)[0] ?? '').trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(code)) throw new Error(`"${rest}" is not a country code`);
    seen.set(rest, code);
    return code;
  };
}

/**
 * A lookup by address text over a table. An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`)
 * is looked up as the IPv4 address it carries.
 */
export function ipTableLookup<T>(table: IpTable<T>): (address: string) => T | undefined {
  const words = new Uint32Array(4);
  return (address) => {
    const n = parseIpv4(address);
    if (n >= 0) return table.v4.findIpv4(n);
    if (!parseIpv6(address, words)) return undefined;
    if (words[0] === 0 && words[1] === 0 && words[2] === 0xffff)
      return table.v4.findIpv4(words[3] as number);
    return table.v6.find(words);
  };
}

import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { deterministicScoId } from '../src/stix/ids.js';

/**
 * Deterministic STIX 2.1 content for benchmarks and crash tests: object `i` is always the same.
 * The mix cycles through an indicator (`[ipv4-addr:value = '…']`), an ipv4-addr, a domain-name,
 * a url and a file (SHA-256 hash); SCO ids are the spec's deterministic UUIDv5 ids.
 */
export function generatedObject(i: number): Record<string, unknown> & { id: string; type: string } {
  const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const host = `host-${i}.example.net`;
  switch (i % 5) {
    case 0: {
      const hex = i.toString(16).padStart(12, '0');
      return {
        type: 'indicator',
        spec_version: '2.1',
        id: `indicator--6ba7b810-9dad-41d1-80b4-${hex}`,
        created: '2026-01-10T10:00:00.000Z',
        modified: '2026-01-10T10:00:00.000Z',
        name: `C2 address ${ip}`,
        indicator_types: ['malicious-activity'],
        pattern: `[ipv4-addr:value = '${ip}']`,
        pattern_type: 'stix',
        valid_from: '2026-01-10T10:00:00Z',
      };
    }
    case 1:
      return sco({ type: 'ipv4-addr', value: ip });
    case 2:
      return sco({ type: 'domain-name', value: host });
    case 3:
      return sco({ type: 'url', value: `https://${host}/login?id=${i}` });
    default:
      return sco({
        type: 'file',
        name: `payload-${i}.exe`,
        hashes: { 'SHA-256': createHash('sha256').update(String(i)).digest('hex') },
      });
  }
}

function sco(
  props: Record<string, unknown> & { type: string },
): Record<string, unknown> & { id: string; type: string } {
  const { type, ...rest } = props;
  return { type, spec_version: '2.1', id: deterministicScoId(props), ...rest };
}

/** Writes a bundle of `count` generated objects (one per line) to `path`; returns its size in bytes. */
export async function writeGeneratedBundle(path: string, count: number): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (text: string): Promise<void> => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`{"type":"bundle","id":"bundle--0b9a6f4e-5d1c-4c8e-9a51-3f0e6b2c7d41","objects":[\n`);
  let pending = '';
  for (let i = 0; i < count; i++) {
    pending += `${i === 0 ? '' : ',\n'}${JSON.stringify(generatedObject(i))}`;
    if (pending.length > 1 << 20) {
      await write(pending);
      pending = '';
    }
  }
  await write(`${pending}\n]}\n`);
  out.end();
  await once(out, 'finish');
  return bytes;
}

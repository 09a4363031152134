/**
 * The input formats nohaven reads, in the order content detection tries them. Feeds are not
 * detected (a list of addresses says nothing of its source): they are named with a feed
 * definition.
 */
import type { IntakeParser } from '../intake-item.js';
import { arfFormat } from './arf/arf-format.js';
import { emlFormat } from './email/eml-format.js';
import * as iodef from './iodef/index.js';
import * as misp from './misp/index.js';
import * as stix20 from './stix20/index.js';
import * as stix21 from './stix21.js';
import { xarfFormat } from './xarf/xarf-format.js';

export interface IntakeFormat {
  readonly name: string;
  readonly description: string;
  /** Recognises the format from the first {@link DETECTION_BYTES} of the input, as text. */
  readonly detect: (head: string) => boolean;
  readonly parse: IntakeParser;
}

/** How much of the input detection looks at. */
export const DETECTION_BYTES = 64 * 1024;

/**
 * Order matters: specific formats before the general ones (X-ARF and ARF are e-mails too, so
 * plain e-mail comes after them).
 */
export const INTAKE_FORMATS: readonly IntakeFormat[] = [
  stix21,
  {
    name: stix20.name,
    description: 'STIX 2.0 bundle (JSON), upgraded to 2.1',
    detect: stix20.detect,
    parse: stix20.parseStix20,
  },
  { name: misp.name, description: 'MISP event JSON', detect: misp.detect, parse: misp.parseMisp },
  {
    name: iodef.name,
    description: 'IODEF incident XML (RFC 5070, RFC 7970)',
    detect: iodef.detect,
    parse: iodef.parseIodef,
  },
  { ...xarfFormat, description: 'X-ARF abuse report (v4 JSON, v3 / 0.x e-mail)' },
  { ...arfFormat, description: 'ARF abuse report (RFC 5965 e-mail)' },
  { ...emlFormat, description: 'E-mail message (.eml) or mbox' },
];

export function formatNamed(name: string): IntakeFormat | undefined {
  return INTAKE_FORMATS.find((f) => f.name === name);
}

/**
 * The format of an input from its first bytes, or why none fits: binary data (NUL bytes or
 * mostly invalid UTF-8) is refused outright; otherwise each format is tried in order.
 */
export function detectFormat(
  head: Uint8Array,
): { ok: true; format: IntakeFormat } | { ok: false; reason: string } {
  if (head.length === 0) return { ok: false, reason: 'the input is empty' };
  if (head.includes(0)) return { ok: false, reason: 'the input is binary data, not text' };
  const text = new TextDecoder('utf-8').decode(head);
  const replaced = text.length - text.replaceAll('\uFFFD', '').length;
  if (replaced > 16 && replaced > text.length / 100) {
    return { ok: false, reason: 'the input is binary data or not UTF-8 text' };
  }
  const format = INTAKE_FORMATS.find((f) => f.detect(text));
  if (format) return { ok: true, format };
  return {
    ok: false,
    reason: `not in a known format (tried: ${INTAKE_FORMATS.map((f) => f.name).join(', ')}); for a feed, name its definition`,
  };
}

/**
 * The classic X-ARF e-mail report (X-ARF 0.1/0.2, header `X-XARF: PLAIN`): its second MIME
 * part is a flat YAML document of `Key: value` lines, for example
 *
 * ```
 * Reported-From: reports@sensor.example
 * Category: abuse
 * Report-Type: login-attack
 * Date: Thu, 26 Nov 2026 10:00:00 +0000
 * Source-Type: ipv4
 * Source: 192.0.2.44
 * Port: 22
 * ```
 *
 * Required here: Reported-From, Category, Report-Type, Date, Source-Type, Source. The source
 * becomes the subject by its Source-Type (`ipv4`/`ipv6`/`ip-address`, `uri`/`url`, `email`,
 * `domain`); Port gives a `network-traffic`. Labels as for the JSON versions.
 */
import {
  domainObservable,
  emailObservable,
  ipObservable,
  urlObservable,
} from '../../observables.js';
import type { ObservableResult } from '../../observables.js';
import { parseMailDate } from '../email/email-values.js';
import {
  Builder,
  finish,
  missing,
  port,
  traffic,
  xarfClassification,
  type XarfOutcome,
} from './xarf-report.js';

/** `Key: value` lines (comments, `---` and blank lines skipped; surrounding quotes removed). */
export function parseFlatYaml(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Za-z][\w-]*):\s*(.*?)\s*$/.exec(line);
    if (m === null) continue;
    fields[m[1]!] = m[2]!.replace(/^(["'])(.*)\1$/, '$2');
  }
  return fields;
}

/** True when `text` reads as an X-ARF 0.x YAML report. */
export function isXarfYaml(text: string): boolean {
  return /^Report-Type:/m.test(text) && /^(?:Reported-From|Category|Source):/m.test(text);
}

const SOURCE_TYPES: Readonly<Record<string, (v: string) => ObservableResult>> = {
  ipv4: ipObservable,
  ipv6: ipObservable,
  'ip-address': ipObservable,
  uri: urlObservable,
  url: urlObservable,
  email: emailObservable,
  domain: domainObservable,
};

export function mapXarfYaml(text: string): XarfOutcome {
  const r = parseFlatYaml(text);
  const absent = missing(r, [
    'Reported-From',
    'Category',
    'Report-Type',
    'Date',
    'Source-Type',
    'Source',
  ]);
  if (absent !== undefined) return { ok: false, reason: absent };
  const seen = parseMailDate(r.Date);
  if (seen === undefined) return { ok: false, reason: `Date: unparsable date "${r.Date}"` };
  const sourceType = r['Source-Type']!.toLowerCase();
  const make = SOURCE_TYPES[sourceType];
  if (make === undefined)
    return { ok: false, reason: `Source-Type: unknown type "${r['Source-Type']}"` };
  const source = make(r.Source!);
  if (!source.ok) return { ok: false, reason: `Source: ${source.reason}` };
  const b = new Builder();
  const subject =
    sourceType === 'uri' || sourceType === 'url' ? b.url('Source', r.Source)! : b.add(source)!;
  if (source.sco.type.startsWith('ipv')) traffic(b, subject, undefined, port('Port', r.Port, b));
  const category = r.Category!.toLowerCase();
  const type = r['Report-Type']!.toLowerCase();
  const labels = [xarfClassification(type), `xarf:${category}/${type}`];
  return finish(b, subject, seen, labels, {
    abstract: `X-ARF ${category}/${type} report`,
    content: text,
  });
}

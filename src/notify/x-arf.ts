/**
 * Notification e-mail as X-ARF v0.2 (DESIGN.md: "ARF/X-ARF for abuse mail"), pure. One message
 * carries one recipient's batch in one language (`multipart/mixed`, headers `X-ARF: Yes` and
 * `X-XARF: PLAIN`):
 * 1. a human-readable `text/plain` part in the recipient's language, listing every
 *    notification of the batch (withheld ones as a notice with a link only);
 * 2. per finding whose content may be sent, an X-ARF report `report-N.txt` (YAML: Reported-From,
 *    Category, Report-Type, Source, Source-Type, Date, Report-ID, Schema-URL, Version …) and its
 *    evidence `evidence-N.json` (the STIX object as stored); an alert whose content may be sent
 *    has its evidence part only (it is not an abuse report about one source).
 * X-ARF 0.2 describes one report per message; a batch carries one report part per finding, in
 * the order of the text part, so that one recipient gets one message per batch window.
 */
import { explain } from '../route/explain.js';
import type { Notification, StixJson } from './delivery-content.js';
import { MAIL_TEXT, messageLanguage } from './x-arf-text.js';

/** A message as the SMTP transport takes it (nodemailer's message fields). */
export interface MailMessage {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly date: Date;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  readonly attachments: readonly {
    readonly filename: string;
    readonly contentType: string;
    readonly content: string;
  }[];
}

export interface XarfBatch {
  readonly from: string;
  readonly to: string;
  /** BCP 47 tag; a language without a translation falls back to English. */
  readonly language: string;
  readonly nodeName: string;
  readonly date: Date;
  readonly notifications: readonly Notification[];
}

/** X-ARF `Source-Type` and `Report-Type` of a finding's STIX type. */
const SOURCES: Readonly<Record<string, { sourceType: string; reportType: string }>> = {
  'ipv4-addr': { sourceType: 'ipv4', reportType: 'malicious-host' },
  'ipv6-addr': { sourceType: 'ipv6', reportType: 'malicious-host' },
  'domain-name': { sourceType: 'domain', reportType: 'malicious-domain' },
  url: { sourceType: 'uri', reportType: 'malicious-url' },
  'email-addr': { sourceType: 'email', reportType: 'malicious-sender' },
  'autonomous-system': { sourceType: 'asn', reportType: 'malicious-network' },
  file: { sourceType: 'hash', reportType: 'malware' },
};

/** The finding's value as X-ARF `Source`: the SCO's value, number or strongest hash. */
export function sourceOf(object: StixJson): string {
  if (typeof object.value === 'string') return object.value;
  if (typeof object.number === 'number') return `AS${object.number}`;
  const hashes = object.hashes as Record<string, string> | undefined;
  if (hashes) return hashes['SHA-256'] ?? hashes['SHA-1'] ?? hashes.MD5 ?? object.id;
  return object.id;
}

/** A YAML document of `key: value` lines (every value a double-quoted scalar). */
export function yamlDocument(fields: readonly (readonly [string, string | number])[]): string {
  return `---\n${fields.map(([k, v]) => `${k}: ${typeof v === 'number' ? v : JSON.stringify(v)}`).join('\n')}\n`;
}

export function xarfReport(
  n: Notification & { kind: 'routed-item' },
  object: StixJson,
  from: string,
  date: Date,
): string {
  const kind = SOURCES[object.type] ?? { sourceType: object.type, reportType: 'info' };
  const host = from.slice(from.indexOf('@') + 1);
  return yamlDocument([
    ['Reported-From', from],
    ['Category', 'abuse'],
    ['Report-Type', kind.reportType],
    ['Report-ID', `${n.item.id}@${host}`],
    ['Date', date.toUTCString()],
    ['Source', sourceOf(object)],
    ['Source-Type', kind.sourceType],
    ['Attachment', 'application/json'],
    ['Schema-URL', `http://www.x-arf.org/schema/abuse_${kind.reportType}_0.2.json`],
    ['User-Agent', 'nohaven'],
    ['Version', '0.2'],
  ]);
}

export function xarfMessage(batch: XarfBatch): MailMessage {
  const language = messageLanguage([batch.language]);
  const t = MAIL_TEXT[language];
  const lines = [t.greeting, '', t.intro(batch.notifications.length), ''];
  const attachments: MailMessage['attachments'][number][] = [];
  let reports = 0;
  let part = 0;
  batch.notifications.forEach((n, i) => {
    const label = n.kind === 'routed-item' ? t.routed : t.alert;
    if (n.withheld !== null || n.object === null) {
      lines.push(`${i + 1}. ${label} — ${t.withheld}: ${n.link}`, '');
      return;
    }
    const object = n.object;
    part += 1;
    if (n.kind === 'routed-item') {
      reports += 1;
      lines.push(`${i + 1}. ${label}: ${object.type} ${sourceOf(object)} (report-${part}.txt)`);
      for (const r of n.item.reasons) lines.push(`   - ${explain(r)}`);
      attachments.push({
        filename: `report-${part}.txt`,
        contentType: 'text/plain; charset=utf-8',
        content: xarfReport(n, object, batch.from, batch.date),
      });
    } else {
      lines.push(`${i + 1}. ${label} (${n.change}): ${String(object.id)}`);
    }
    attachments.push({
      filename: `evidence-${part}.json`,
      contentType: 'application/json; charset=utf-8',
      content: `${JSON.stringify(object, null, 2)}\n`,
    });
    lines.push(`   ${t.readOnNode}: ${n.link}`, '');
  });
  if (attachments.length > 0) lines.push(t.attached, '');
  lines.push('--', t.footer(batch.nodeName));
  return {
    from: batch.from,
    to: batch.to,
    subject: t.subject(batch.notifications.length, batch.nodeName),
    date: batch.date,
    headers: {
      'X-ARF': 'Yes',
      'X-XARF': 'PLAIN',
      'Auto-Submitted': 'auto-generated',
      'X-Nohaven-Reports': String(reports),
    },
    text: `${lines.join('\n')}\n`,
    attachments,
  };
}

/**
 * One X-ARF report (JSON) → observables, classification and time.
 *
 * - **v4** (xarf-spec 4.x, `"xarf_version": "4.…"`): flat fields. Required here: `xarf_version`,
 *   `report_id`, `timestamp`, `reporter`, `source_identifier`, `category`, `type`. Used:
 *   `source_identifier` (IP, or a domain) + `source_port`, `destination_ip` + `destination_port`
 *   + `protocol` (`network-traffic`), `url`, `c2_server`, `smtp_from`, `smtp_to`, `file_hash`
 *   (`algorithm:hex`); seen at `first_seen`, else `timestamp`.
 * - **v3** (abusix X-ARF 3, `"Version": "3"`, `ReporterInfo` and `Report`): required here:
 *   `Report.ReportClass`, `Report.ReportType`, `Report.Date`, `Report.SourceIp`. Used:
 *   `SourceIp`/`SourcePort`, `DestinationIp`/`DestinationPort`, `SourceUrl`,
 *   `SmtpMailFromAddress`, `SmtpRcptToAddress`, and `Samples` that name a file (hashed as
 *   decoded, never run or unpacked); seen at `Report.Date`.
 *
 * Labels: the IntelMQ `classification.type` of the report type, then `xarf:<class>/<type>`.
 */
import { createHash } from 'node:crypto';
import type { StixObject } from '../../../stix/index.js';
import type { Observation } from '../../intake-item.js';
import {
  domainObservable,
  emailObservable,
  fileObservable,
  hashAlgorithmOf,
  ipObservable,
  networkTrafficObservable,
  normalizeDomain,
  urlObservable,
  type HashAlgorithm,
  type ObservableResult,
} from '../../observables.js';

/** What the record's `note` says: a title and the report as sent, evidence payloads left out. */
export interface XarfSummary {
  readonly abstract: string;
  readonly content: string;
}

export type XarfOutcome =
  | {
      ok: true;
      objects: StixObject[];
      observation: Observation;
      problems: string[];
      summary: XarfSummary;
    }
  | { ok: false; reason: string };

/** IntelMQ classification types of X-ARF report types (v3 ReportType, v4 type), lower-case. */
const CLASSIFICATION: Readonly<Record<string, string>> = {
  spam: 'spam',
  bulk_messaging: 'spam',
  dos: 'ddos',
  ddos: 'ddos',
  ddos_amplification: 'ddos-amplifier',
  loginattack: 'brute-force',
  login_attack: 'brute-force',
  portscan: 'scanner',
  port_scan: 'scanner',
  phishing: 'phishing',
  malware: 'malware-distribution',
  botnet: 'infected-system',
  c2: 'c2-server',
  compromised_server: 'system-compromise',
  copyright: 'copyright',
  fraud: 'masquerade',
  open_service: 'vulnerable-system',
  vulnerability: 'vulnerable-system',
};

export function xarfClassification(type: string): string {
  return CLASSIFICATION[type.toLowerCase().replace(/-/g, '_')] ?? 'other';
}

export class Builder {
  readonly objects = new Map<string, StixObject>();
  readonly problems: string[] = [];

  add(result: ObservableResult): string | undefined {
    if (!result.ok) return undefined;
    if (!this.objects.has(result.sco.id)) this.objects.set(result.sco.id, result.sco);
    return result.sco.id;
  }

  /** Adds an optional field's observable; a bad value is a problem naming the field. */
  field(
    name: string,
    value: unknown,
    make: (text: string) => ObservableResult,
  ): string | undefined {
    if (value === undefined || value === null || value === '') return undefined;
    const result =
      typeof value === 'string' ? make(value) : { ok: false as const, reason: 'not a string' };
    if (!result.ok) {
      this.problems.push(`${name}: ${result.reason}`);
      return undefined;
    }
    return this.add(result);
  }

  /** URL and the domain (or IP) of its host. */
  url(name: string, value: unknown): string | undefined {
    const ref = this.field(name, value, urlObservable);
    if (ref === undefined) return undefined;
    const host = new URL(String(this.objects.get(ref)!.value)).hostname.replace(/^\[|\]$/g, '');
    this.add(normalizeDomain(host) !== undefined ? domainObservable(host) : ipObservable(host));
    return ref;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function missing(
  object: Record<string, unknown>,
  fields: readonly string[],
  prefix = '',
): string | undefined {
  const absent = fields.filter(
    (f) => object[f] === undefined || object[f] === null || object[f] === '',
  );
  return absent.length === 0
    ? undefined
    : `missing required field${absent.length > 1 ? 's' : ''} ${absent.map((f) => prefix + f).join(', ')}`;
}

function timeOf(
  name: string,
  value: unknown,
): { ok: true; time: string } | { ok: false; reason: string } {
  const ms =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
  return Number.isFinite(ms)
    ? { ok: true, time: new Date(ms).toISOString() }
    : { ok: false, reason: `${name}: unparsable date ${JSON.stringify(value)}` };
}

export function port(name: string, value: unknown, b: Builder): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 65535) return n;
  b.problems.push(`${name}: invalid port ${JSON.stringify(value)}`);
  return undefined;
}

export function traffic(
  b: Builder,
  src: string,
  dst: string | undefined,
  srcPort?: number,
  dstPort?: number,
  protocol?: unknown,
): void {
  if (dst === undefined && srcPort === undefined && dstPort === undefined) return;
  const ipVersion = String(b.objects.get(src)?.type ?? '').startsWith('ipv6') ? 'ipv6' : 'ipv4';
  const protocols =
    typeof protocol === 'string' && protocol !== '' ? [ipVersion, protocol] : [ipVersion];
  b.add(networkTrafficObservable({ srcRef: src, dstRef: dst, srcPort, dstPort, protocols }));
}

export function finish(
  b: Builder,
  subjectRef: string,
  seen: string,
  labels: string[],
  summary: XarfSummary,
): XarfOutcome {
  const objects = [...b.objects.values()];
  objects.sort((x, y) => (x.id === subjectRef ? -1 : y.id === subjectRef ? 1 : 0));
  const observation = { subjectRef, objectRefs: objects.map((o) => o.id), seen, labels };
  return { ok: true, objects, observation, problems: b.problems, summary };
}

/** The report as JSON text without evidence payloads (`payload`, `Payload`). */
function withoutPayloads(report: unknown): string {
  return JSON.stringify(
    report,
    (key, value: unknown) => (key.toLowerCase() === 'payload' ? undefined : value),
    2,
  );
}

function mapV4(r: Record<string, unknown>): XarfOutcome {
  const absent = missing(r, [
    'xarf_version',
    'report_id',
    'timestamp',
    'reporter',
    'source_identifier',
    'category',
    'type',
  ]);
  if (absent !== undefined) return { ok: false, reason: absent };
  const when = timeOf(
    r.first_seen !== undefined ? 'first_seen' : 'timestamp',
    r.first_seen ?? r.timestamp,
  );
  if (!when.ok) return when;
  const b = new Builder();
  const source = String(r.source_identifier);
  const ip = ipObservable(source);
  const subject = b.add(ip.ok ? ip : domainObservable(source));
  if (subject === undefined) {
    return {
      ok: false,
      reason: `source_identifier: neither an IP address nor a domain name: "${source}"`,
    };
  }
  const dst = b.field('destination_ip', r.destination_ip, ipObservable);
  traffic(
    b,
    subject,
    dst,
    port('source_port', r.source_port, b),
    port('destination_port', r.destination_port, b),
    r.protocol,
  );
  b.url('url', r.url);
  b.field('c2_server', r.c2_server, (v) => {
    const asIp = ipObservable(v);
    return asIp.ok ? asIp : domainObservable(v);
  });
  b.field('smtp_from', r.smtp_from, emailObservable);
  b.field('smtp_to', r.smtp_to, emailObservable);
  b.field('file_hash', r.file_hash, (v) => {
    const [algorithm = '', hex = ''] = v.includes(':') ? v.split(':', 2) : ['', v];
    const name = hashAlgorithmOf(hex);
    const wanted = algorithm.toUpperCase().replace(/^SHA(\d)/, 'SHA-$1');
    if (name === undefined || (algorithm !== '' && wanted !== name)) {
      return { ok: false, reason: `invalid hash "${v}"` };
    }
    return fileObservable({ hashes: { [name]: hex } as Partial<Record<HashAlgorithm, string>> });
  });
  const category = String(r.category).toLowerCase();
  const type = String(r.type).toLowerCase();
  const abstract = `X-ARF ${category}/${type} report`;
  return finish(b, subject, when.time, [xarfClassification(type), `xarf:${category}/${type}`], {
    abstract,
    content: withoutPayloads(r),
  });
}

function mapV3(doc: Record<string, unknown>): XarfOutcome {
  const top = missing(doc, ['Version', 'ReporterInfo', 'Report']);
  if (top !== undefined) return { ok: false, reason: top };
  if (!isRecord(doc.Report)) return { ok: false, reason: 'Report: not an object' };
  const r = doc.Report;
  const absent = missing(r, ['ReportClass', 'ReportType', 'Date', 'SourceIp'], 'Report.');
  if (absent !== undefined) return { ok: false, reason: absent };
  const when = timeOf('Report.Date', r.Date);
  if (!when.ok) return when;
  const b = new Builder();
  const source = ipObservable(String(r.SourceIp));
  if (!source.ok) return { ok: false, reason: `Report.SourceIp: ${source.reason}` };
  const subject = b.add(source)!;
  const dst = b.field('Report.DestinationIp', r.DestinationIp, ipObservable);
  traffic(
    b,
    subject,
    dst,
    port('Report.SourcePort', r.SourcePort, b),
    port('Report.DestinationPort', r.DestinationPort, b),
  );
  b.url('Report.SourceUrl', r.SourceUrl);
  b.field('Report.SmtpMailFromAddress', r.SmtpMailFromAddress, emailObservable);
  b.field('Report.SmtpRcptToAddress', r.SmtpRcptToAddress, emailObservable);
  const samples = Array.isArray(r.Samples) ? r.Samples : [];
  samples.forEach((sample: unknown, i) => {
    if (
      !isRecord(sample) ||
      typeof sample.FileName !== 'string' ||
      typeof sample.Payload !== 'string'
    )
      return;
    const bytes =
      sample.Base64Encoded === true
        ? Buffer.from(sample.Payload, 'base64')
        : Buffer.from(sample.Payload, 'utf8');
    const digest = (a: string): string => createHash(a).update(bytes).digest('hex');
    const file = fileObservable({
      hashes: { MD5: digest('md5'), 'SHA-1': digest('sha1'), 'SHA-256': digest('sha256') },
      name: sample.FileName,
      size: bytes.length,
      mimeType: typeof sample.ContentType === 'string' ? sample.ContentType : undefined,
    });
    if (!file.ok) b.problems.push(`Report.Samples[${i}]: ${file.reason}`);
    else b.add(file);
  });
  const reportClass = String(r.ReportClass).toLowerCase();
  const type = String(r.ReportType).toLowerCase();
  const labels = [xarfClassification(type), `xarf:${reportClass}/${type}`];
  return finish(b, subject, when.time, labels, {
    abstract: `X-ARF ${reportClass}/${type} report`,
    content: withoutPayloads(doc),
  });
}

/** Maps one report; tells v3 from v4 by `xarf_version` / `Version`. */
export function mapXarfReport(report: unknown): XarfOutcome {
  if (!isRecord(report)) return { ok: false, reason: 'an X-ARF report must be a JSON object' };
  if (report.xarf_version !== undefined) {
    return /^4(\.|$)/.test(String(report.xarf_version))
      ? mapV4(report)
      : {
          ok: false,
          reason: `xarf_version: unsupported version ${JSON.stringify(report.xarf_version)}`,
        };
  }
  if (report.Version !== undefined) {
    return String(report.Version) === '3'
      ? mapV3(report)
      : {
          ok: false,
          reason: `Version: unsupported X-ARF version ${JSON.stringify(report.Version)}`,
        };
  }
  return { ok: false, reason: 'missing required field xarf_version (v4) or Version (v3)' };
}

/** True when a parsed JSON value looks like an X-ARF report (either version). */
export function isXarfReport(value: unknown): boolean {
  return (
    isRecord(value) &&
    (value.xarf_version !== undefined || (value.Version !== undefined && isRecord(value.Report)))
  );
}

/**
 * IODEF XML → STIX 2.1 (issue 4): version 1 (RFC 5070) and version 2 (RFC 7970). The document
 * is read whole (at most {@link IodefParserOptions.maxChars}); records are its `Incident`
 * elements, numbered from 1 in document order, with the line each starts on.
 *
 * Mapping of one `Incident` (RFC 5070 §3.2, RFC 7970 §3.2):
 * - an `incident` SDO: `name` from the first `Description`, else from `IncidentID` and its
 *   `name` attribute (the CSIRT); `description` from the incident's and its `EventData`'s
 *   descriptions, the `Expectation`s and `AdditionalData`; `created` from `ReportTime` (v1) or
 *   `GenerationTime` (v2, else `ReportTime`); the `IncidentID` and each `Method/Reference`
 *   as external references; labels `iodef:purpose=…`, `iodef:impact=…` (v1 `Impact`, v2
 *   `SystemImpact` and `BusinessImpact` types) and `iodef:severity=…`;
 * - observables from `EventData` (nested too) → `Flow` → `System` → `Node`: `Address` by
 *   category (ipv4-addr, ipv6-addr, ipv4-net, ipv6-net → ipv4/ipv6-addr; e-mail → email-addr;
 *   mac → mac-addr; asn → autonomous-system; site-uri → url), `NodeName` (v1) and
 *   `DomainData/Name` (v2) → domain-name. Addresses of other categories (atm, net masks,
 *   ext-value) have no STIX observable and are kept in the description;
 * - each observable is linked to the incident by a `related-to` relationship whose
 *   description gives the role of its system ("source system", "target system", …), so the
 *   role the report gave survives;
 * - each `Contact` becomes a `note` on the incident (role, name, e-mail, telephone), so the
 *   reporting CSIRT can be answered;
 * - `restriction` (on the incident): v2's TLP colours become TLP 2.0 markings; `private`,
 *   `need-to-know` and `public` become the item's distribution organisation, community, all.
 *
 * A broken incident (no report time, an unparsable time, an invalid address) is a per-record
 * error naming the element; the other incidents are imported.
 */
import { TLP, validateStixObject, type StixObject } from '../../../stix/index.js';
import type {
  IntakeContext,
  IntakeDistribution,
  IntakeItem,
  IntakeParser,
} from '../../intake-item.js';
import { IntakeFormatError } from '../../intake-item.js';
import {
  asnObservable,
  domainObservable,
  emailObservable,
  ipObservable,
  urlObservable,
  type ObservableResult,
} from '../../observables.js';
import { isoTimestamp, readAllText, sdo } from '../format-input.js';
import { macObservable } from '../extra-observables.js';
import {
  attr,
  IODEF_FORMAT,
  kids,
  lineOf,
  parseXml,
  text,
  texts,
  type XmlNode,
} from './iodef-xml.js';

export const name = IODEF_FORMAT;

/** True for an XML document whose root is an IODEF-Document (any prefix). */
export function detect(head: string): boolean {
  return (
    /<(?:[\w.-]+:)?IODEF-Document[\s>]/.test(head) && head.includes('urn:ietf:params:xml:ns:iodef-')
  );
}

export interface IodefParserOptions {
  /** Largest document read, in characters (default 16 Mi). */
  readonly maxChars?: number;
}

const ADDRESS_BUILDERS: Readonly<Record<string, (v: string) => ObservableResult>> = {
  'ipv4-addr': ipObservable,
  'ipv6-addr': ipObservable,
  'ipv4-net': ipObservable,
  'ipv6-net': ipObservable,
  'e-mail': (v) => emailObservable(v),
  mac: macObservable,
  asn: (v) => asnObservable(v),
  'site-uri': urlObservable,
};

const TLP_RESTRICTIONS: Readonly<Record<string, string>> = {
  white: TLP.CLEAR.id,
  clear: TLP.CLEAR.id,
  green: TLP.GREEN.id,
  amber: TLP.AMBER.id,
  'amber+strict': TLP.AMBER_STRICT.id,
  red: TLP.RED.id,
};

const DISTRIBUTION_RESTRICTIONS: Readonly<Record<string, IntakeDistribution>> = {
  private: 'organisation',
  'need-to-know': 'community',
  public: 'all',
};

class BrokenIncident extends Error {}

interface Found {
  readonly sco: StixObject;
  readonly role: string;
}

/** Observables of one EventData (and the EventData nested in it), with the role of their system. */
function eventObservables(
  eventData: XmlNode,
  path: string,
  found: Found[],
  unmapped: string[],
): void {
  for (const flow of kids(eventData, 'Flow')) {
    for (const system of kids(flow, 'System')) {
      const role = `${attr(system, 'category') ?? 'unspecified'} system`;
      for (const node of kids(system, 'Node')) {
        const at = `${path}/Flow/System/Node`;
        const add = (result: ObservableResult, where: string): void => {
          if (!result.ok) throw new BrokenIncident(`${at}/${where}: ${result.reason}`);
          if (!found.some((f) => f.sco.id === result.sco.id)) found.push({ sco: result.sco, role });
        };
        for (const nodeName of texts(node, 'NodeName')) add(domainObservable(nodeName), 'NodeName');
        for (const domainData of kids(node, 'DomainData'))
          for (const domain of texts(domainData, 'Name'))
            add(domainObservable(domain), 'DomainData/Name');
        for (const address of kids(node, 'Address')) {
          const category = attr(address, 'category') ?? 'ipv4-addr';
          const build = ADDRESS_BUILDERS[category];
          if (build === undefined) unmapped.push(`Address (${category}): ${text(address)}`);
          else add(build(text(address)), `Address[@category="${category}"]`);
        }
      }
    }
  }
  for (const nested of kids(eventData, 'EventData'))
    eventObservables(nested, `${path}/EventData`, found, unmapped);
}

function eventTexts(eventData: XmlNode, out: string[]): void {
  out.push(...texts(eventData, 'Description'));
  for (const expectation of kids(eventData, 'Expectation')) {
    const action = attr(expectation, 'action') ?? 'unspecified';
    const said = texts(expectation, 'Description').join(' ');
    out.push(`Expected action: ${action}${said === '' ? '' : ` (${said})`}`);
  }
  for (const nested of kids(eventData, 'EventData')) eventTexts(nested, out);
}

function labelsOf(incident: XmlNode): string[] {
  const labels = new Set<string>();
  const purpose = attr(incident, 'purpose');
  if (purpose !== undefined) labels.add(`iodef:purpose="${purpose}"`);
  for (const assessment of kids(incident, 'Assessment')) {
    for (const impact of [
      ...kids(assessment, 'Impact'),
      ...kids(assessment, 'SystemImpact'),
      ...kids(assessment, 'BusinessImpact'),
    ]) {
      const type = attr(impact, 'type');
      if (type !== undefined) labels.add(`iodef:impact="${type}"`);
      const severity = attr(impact, 'severity');
      if (severity !== undefined) labels.add(`iodef:severity="${severity}"`);
    }
  }
  return [...labels];
}

function contactNote(
  contact: XmlNode,
  incidentId: string,
  common: Parameters<typeof sdo>[3],
  ctx: IntakeContext,
): StixObject {
  const names = [...texts(contact, 'ContactName'), ...texts(contact, 'Description')];
  const emails = kids(contact, 'Email')
    .flatMap((e) => [text(e), ...texts(e, 'EmailTo')])
    .filter((e) => e !== '');
  const phones = kids(contact, 'Telephone')
    .flatMap((t) => [text(t), ...texts(t, 'TelephoneNumber')])
    .filter((t) => t !== '');
  const lines = [
    ...names,
    ...emails.map((e) => `E-mail: ${e}`),
    ...phones.map((t) => `Telephone: ${t}`),
    ...kids(contact, 'Contact').map(
      (c) => `Contact: ${[...texts(c, 'ContactName'), ...texts(c, 'Email')].join(', ')}`,
    ),
  ];
  return sdo(ctx, 'note', `note--${ctx.uuid()}`, common, {
    abstract: `IODEF contact (role ${attr(contact, 'role') ?? 'unspecified'}, ${attr(contact, 'type') ?? 'unspecified'})`,
    content: lines.length > 0 ? lines.join('\n') : '(no details)',
    object_refs: [incidentId],
  });
}

function incidentItem(
  incident: XmlNode,
  record: number,
  line: number,
  version: 1 | 2,
  ctx: IntakeContext,
): IntakeItem {
  const idNode = kids(incident, 'IncidentID')[0];
  const incidentNumber = text(idNode);
  const csirt = attr(idNode, 'name');
  const where = `Incident ${incidentNumber === '' ? `#${record}` : incidentNumber}`;
  const fail = (reason: string): IntakeItem => ({
    kind: 'error',
    record,
    line,
    reason: `${where}: ${reason}`,
  });
  if (incidentNumber === '') return fail('IncidentID is missing');
  const timeElement =
    version === 2 && kids(incident, 'GenerationTime').length > 0 ? 'GenerationTime' : 'ReportTime';
  const timeText = texts(incident, timeElement)[0];
  if (timeText === undefined)
    return fail(`${version === 2 ? 'GenerationTime' : 'ReportTime'} is missing`);
  const created = /^\d{4}-\d{2}-\d{2}T/.test(timeText) ? isoTimestamp(timeText) : undefined;
  if (created === undefined) return fail(`${timeElement} "${timeText}" is not a date-time`);

  const found: Found[] = [];
  const extra: string[] = [];
  const descriptions = texts(incident, 'Description');
  try {
    for (const eventData of kids(incident, 'EventData')) {
      eventObservables(eventData, 'EventData', found, extra);
      eventTexts(eventData, descriptions);
    }
  } catch (err) {
    if (err instanceof BrokenIncident) return fail(err.message);
    throw err;
  }
  for (const data of kids(incident, 'AdditionalData'))
    extra.push(
      `Additional data${attr(data, 'meaning') ? ` (${attr(data, 'meaning')})` : ''}: ${text(data)}`,
    );

  const restriction = (attr(incident, 'restriction') ?? '').toLowerCase();
  const marking = TLP_RESTRICTIONS[restriction];
  const distribution = DISTRIBUTION_RESTRICTIONS[restriction];
  const common = {
    created,
    modified: created,
    markingRefs: marking === undefined ? [] : [marking],
  };
  const references = [
    { source_name: csirt ?? 'IODEF', external_id: incidentNumber },
    ...kids(incident, 'Method').flatMap((method) =>
      kids(method, 'Reference').map((ref) => {
        const url = texts(ref, 'URL')[0];
        const said = texts(ref, 'Description').join(' ');
        return {
          source_name: texts(ref, 'ReferenceName')[0] ?? url ?? 'IODEF method reference',
          ...(url !== undefined ? { url } : {}),
          ...(said !== ''
            ? { description: said }
            : url === undefined
              ? { description: 'attack method named by the IODEF report' }
              : {}),
        };
      }),
    ),
  ];
  const description = [...descriptions.slice(1), ...extra].join('\n');
  const incidentObject = sdo(
    ctx,
    'incident',
    `incident--${ctx.uuid()}`,
    { ...common, labels: labelsOf(incident) },
    {
      name:
        descriptions[0] ??
        `IODEF incident ${incidentNumber}${csirt === undefined ? '' : ` (${csirt})`}`,
      ...(description !== '' ? { description } : {}),
      external_references: references,
    },
  );
  const markingRefs = common.markingRefs.length > 0 ? common.markingRefs : ctx.defaultMarkingRefs;
  const scos = found.map(({ sco }) =>
    markingRefs.length > 0 ? { ...sco, object_marking_refs: [...markingRefs] } : sco,
  );
  const relationships = found.map(({ sco, role }) =>
    sdo(ctx, 'relationship', `relationship--${ctx.uuid()}`, common, {
      relationship_type: 'related-to',
      source_ref: incidentObject.id,
      target_ref: sco.id,
      description: role,
    }),
  );
  const notes = kids(incident, 'Contact').map((c) =>
    contactNote(c, incidentObject.id, common, ctx),
  );
  const objects = [...scos, incidentObject, ...relationships, ...notes];
  for (const object of objects) {
    const issue = validateStixObject(object)[0];
    if (issue !== undefined)
      return fail(`${object.type} ${issue.path} ${issue.message}`.replace('  ', ' '));
  }
  return {
    kind: 'objects',
    record,
    line,
    objects,
    ...(distribution !== undefined ? { distribution } : {}),
  };
}

/** The IODEF parser with explicit limits (see {@link parseIodef} for the defaults). */
export function createIodefParser(options: IodefParserOptions = {}): IntakeParser {
  return async function* parseIodefDocument(input, ctx) {
    const document = await readAllText(input, IODEF_FORMAT, options.maxChars ?? 16 * 1024 * 1024);
    const root = kids(parseXml(document), 'IODEF-Document')[0];
    if (root === undefined)
      throw new IntakeFormatError(
        IODEF_FORMAT,
        'not an IODEF document: the root element is not IODEF-Document',
      );
    const namespace = /urn:ietf:params:xml:ns:iodef-(\d)\.0/.exec(document)?.[1];
    const versionAttr = attr(root, 'version') ?? '';
    const version =
      namespace === '2' || versionAttr.startsWith('2')
        ? 2
        : namespace === '1' || versionAttr.startsWith('1')
          ? 1
          : undefined;
    if (version === undefined)
      throw new IntakeFormatError(
        IODEF_FORMAT,
        `not an IODEF document: unknown version "${versionAttr}" (expected 1.00 or 2.00)`,
      );
    const starts = [...document.matchAll(/<(?:[\w.-]+:)?Incident[\s>]/g)].map((m) =>
      lineOf(document, m.index),
    );
    const incidents = kids(root, 'Incident');
    if (incidents.length === 0)
      throw new IntakeFormatError(IODEF_FORMAT, 'the IODEF document holds no Incident');
    for (const [i, incident] of incidents.entries())
      yield incidentItem(incident, i + 1, starts[i] ?? 1, version, ctx);
  };
}

/** The IODEF (v1 and v2) parser, with the default size limit. */
export const parseIodef: IntakeParser = createIodefParser();

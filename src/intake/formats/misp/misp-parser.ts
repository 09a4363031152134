/**
 * MISP event JSON → STIX 2.1 (issue 4). Accepts the shapes MISP exports (see
 * `misp-json-stream.ts`); events are read one at a time.
 *
 * Records are numbered 1-based in the order they start in the document, counting both events
 * and attributes: an event is numbered before its attributes, then its attributes follow in
 * document order, top-level `Attribute` entries and the attributes of each MISP `Object` alike
 * (so an event with two attributes and a second event are records 1, 2, 3 and 4). Each
 * attribute yields one item; each event yields its report last, under the event's number.
 *
 * Mapping (types: see `misp-types.ts`):
 * - an attribute of an observable type becomes its SCOs, plus an `indicator` (pattern,
 *   `pattern_type` stix, `valid_from` the attribute time, `indicator_types`
 *   malicious-activity) when `to_ids` is true, or an `observed-data` (first/last seen, count 1)
 *   when it is false — MISP's own STIX export does the same. The objects reuse the MISP uuid
 *   (`indicator--<attribute uuid>`) so that importing an event again updates rather than
 *   duplicates it;
 * - an attribute of a descriptive type (text, comment, size …) becomes a `note` on the event;
 * - each `Sighting` becomes a `sighting` of the indicator or observed-data (type 1 "false
 *   positive" and 2 "expiration" are said in its description);
 * - the event becomes a `report` when published (STIX reports are published intelligence and
 *   require `published`), a `grouping` (context `suspicious-activity`) while unpublished — a
 *   draft that is still being worked on; `object_refs` lists every object of the event;
 * - `tlp:*` tags (white and clear → TLP:CLEAR, green, amber, amber+strict, red) become TLP 2.0
 *   markings, on the event and, when an attribute has its own, on that attribute; every other
 *   tag becomes a label, and attributes also carry `misp:category="…"` and `misp:type="…"`;
 * - distribution 0–3 → organisation / community / connected / all, 4 → `sharing-group:<uuid>`
 *   (`organisation` when the export names no sharing group uuid), 5 → the event's (for the
 *   attributes of a MISP object: the object's, whose own 5 is the event's); a value
 *   outside 0–5 is taken as `organisation`, the strictest.
 */
import { TLP, validatePattern, validateStixObject, type StixObject } from '../../../stix/index.js';
import type {
  IntakeContext,
  IntakeDistribution,
  IntakeItem,
  IntakeParser,
} from '../../intake-item.js';
import { isoTimestamp, sdo, stixId, type SdoCommon } from '../format-input.js';
import { MISP_FORMAT, readMispEvents, type MispJsonLimits } from './misp-json-stream.js';
import { MISP_NOTE_TYPES, mapMispValue } from './misp-types.js';

export const name = MISP_FORMAT;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

const TLP_TAGS: Readonly<Record<string, string>> = {
  'tlp:white': TLP.CLEAR.id,
  'tlp:clear': TLP.CLEAR.id,
  'tlp:green': TLP.GREEN.id,
  'tlp:amber': TLP.AMBER.id,
  'tlp:amber+strict': TLP.AMBER_STRICT.id,
  'tlp:red': TLP.RED.id,
};

const DISTRIBUTIONS: readonly IntakeDistribution[] = [
  'organisation',
  'community',
  'connected',
  'all',
];

/**
 * True when the first characters of a document look like a MISP export: a JSON object or
 * array whose first key is `Event` (or `response` with events), or that holds attributes
 * (`to_ids` and `category` keys) — a STIX bundle has neither.
 */
export function detect(head: string): boolean {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (!/^[[{]/.test(text)) return false;
  if (/^\[?\s*\{\s*"Event"\s*:\s*\{/.test(text)) return true;
  if (/^\{\s*"response"\s*:\s*\[/.test(text) && /"Event"\s*:\s*\{/.test(text)) return true;
  return /"to_ids"\s*:\s*(true|false|"?[01]"?)/.test(text) && /"category"\s*:\s*"/.test(text);
}

interface EventScope {
  readonly reportId: string;
  readonly markings: readonly string[];
  readonly distribution: IntakeDistribution | undefined;
}

interface Tags {
  readonly markings: string[];
  readonly labels: string[];
}

function readTags(tags: unknown): Tags {
  const out: Tags = { markings: [], labels: [] };
  if (!Array.isArray(tags)) return out;
  for (const tag of tags) {
    const tagName = isObject(tag) ? tag.name : undefined;
    if (typeof tagName !== 'string' || tagName.trim() === '') continue;
    const marking = TLP_TAGS[tagName.trim().toLowerCase()];
    if (marking !== undefined) {
      if (!out.markings.includes(marking)) out.markings.push(marking);
    } else if (!out.labels.includes(tagName)) {
      out.labels.push(tagName);
    }
  }
  return out;
}

function distributionOf(
  value: unknown,
  sharingGroup: unknown,
  inherited: IntakeDistribution | undefined,
): IntakeDistribution | undefined {
  if (value === undefined || value === null || value === '') return inherited;
  const n = Number(value);
  if (n === 5) return inherited;
  if (n === 4) {
    const uuid = isObject(sharingGroup) ? sharingGroup.uuid : undefined;
    return typeof uuid === 'string' && uuid !== '' ? `sharing-group:${uuid}` : 'organisation';
  }
  return DISTRIBUTIONS[n] ?? 'organisation';
}

const truthy = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 'true';

function invalid(objects: readonly StixObject[]): string | undefined {
  for (const object of objects) {
    const found = validateStixObject(object)[0];
    if (found !== undefined)
      return `${object.type} ${found.path === '' ? '' : `${found.path} `}${found.message}`;
  }
  return undefined;
}

function sightingsOf(
  attribute: Json,
  target: StixObject,
  common: SdoCommon,
  ctx: IntakeContext,
): StixObject[] {
  const list = Array.isArray(attribute.Sighting) ? attribute.Sighting : [];
  return list.filter(isObject).map((s) => {
    const seen = isoTimestamp(s.date_sighting) ?? common.created ?? ctx.now;
    const kind = Number(s.type ?? 0);
    const org = isObject(s.Organisation) ? s.Organisation.name : undefined;
    const said = [
      kind === 1 ? 'MISP false positive' : kind === 2 ? 'MISP expiration' : 'MISP sighting',
      typeof org === 'string' ? `by ${org}` : '',
      typeof s.source === 'string' && s.source !== '' ? `(source: ${s.source})` : '',
    ].filter(Boolean);
    return sdo(
      ctx,
      'sighting',
      stixId('sighting', s.uuid, ctx),
      { ...common, created: seen, modified: seen },
      {
        sighting_of_ref: target.id,
        first_seen: seen,
        last_seen: seen,
        count: 1,
        description: said.join(' '),
        ...(target.type === 'observed-data' ? { observed_data_refs: [target.id] } : {}),
      },
    );
  });
}

interface AttributeSite {
  readonly record: number;
  readonly scope: EventScope;
  /** The MISP object holding the attribute, with the SCO ids of its other attributes. */
  readonly object?: { readonly name: string; readonly scoIds: readonly string[] };
}

/** One attribute → one item (undefined for attributes marked deleted). */
function attributeItem(
  raw: unknown,
  site: AttributeSite,
  ctx: IntakeContext,
): IntakeItem | undefined {
  const { record, scope } = site;
  if (!isObject(raw))
    return { kind: 'error', record, reason: 'a MISP attribute must be a JSON object' };
  if (truthy(raw.deleted)) return undefined;
  const where = `attribute ${typeof raw.uuid === 'string' ? raw.uuid : `#${record}`}`;
  const type = raw.type;
  if (typeof type !== 'string' || type === '')
    return { kind: 'error', record, reason: `${where}: "type" is missing` };
  const value = typeof raw.value === 'number' ? String(raw.value) : raw.value;
  if (typeof value !== 'string')
    return { kind: 'error', record, reason: `${where}: "value" must be a string` };
  const time = isoTimestamp(raw.timestamp) ?? ctx.now;
  const tags = readTags(raw.Tag);
  const category = typeof raw.category === 'string' ? raw.category : undefined;
  const labels = [
    ...(category !== undefined ? [`misp:category="${category}"`] : []),
    `misp:type="${type}"`,
    ...tags.labels,
  ];
  const markings = tags.markings.length > 0 ? tags.markings : scope.markings;
  const common: SdoCommon = { created: time, modified: time, markingRefs: markings, labels };
  const distribution = distributionOf(raw.distribution, raw.SharingGroup, scope.distribution);
  const comment = typeof raw.comment === 'string' && raw.comment !== '' ? raw.comment : undefined;
  const objects: StixObject[] = [];

  if (MISP_NOTE_TYPES.has(type)) {
    const relation = typeof raw.object_relation === 'string' ? raw.object_relation : type;
    objects.push(
      sdo(ctx, 'note', stixId('note', raw.uuid, ctx), common, {
        abstract: site.object ? `${site.object.name} ${relation}` : `${category ?? 'MISP'} ${type}`,
        content: comment === undefined ? value : `${value}\n\n${comment}`,
        object_refs: [scope.reportId, ...(site.object?.scoIds ?? [])],
      }),
    );
  } else {
    const mapped = mapMispValue(type, value);
    if (mapped === undefined)
      return { kind: 'error', record, reason: `${where}: unknown MISP type "${type}"` };
    if (!mapped.ok)
      return { kind: 'error', record, reason: `${where} (${type}): ${mapped.reason}` };
    const markingRefs = markings.length > 0 ? markings : ctx.defaultMarkingRefs;
    const scos = mapped.mapping.observables.map((o) =>
      markingRefs.length > 0 ? { ...o, object_marking_refs: [...markingRefs] } : o,
    );
    objects.push(...scos);
    let target: StixObject;
    if (truthy(raw.to_ids)) {
      const problem = validatePattern(mapped.mapping.pattern);
      if (problem !== null)
        return {
          kind: 'error',
          record,
          reason: `${where} (${type}): no valid pattern: ${problem.message}`,
        };
      target = sdo(ctx, 'indicator', stixId('indicator', raw.uuid, ctx), common, {
        name: `${type}: ${value}`.slice(0, 500),
        ...(comment !== undefined ? { description: comment } : {}),
        indicator_types: ['malicious-activity'],
        pattern: mapped.mapping.pattern,
        pattern_type: 'stix',
        valid_from: time,
      });
    } else {
      const first = isoTimestamp(raw.first_seen) ?? time;
      const last = isoTimestamp(raw.last_seen);
      target = sdo(ctx, 'observed-data', stixId('observed-data', raw.uuid, ctx), common, {
        first_observed: first,
        last_observed: last !== undefined && last > first ? last : first,
        number_observed: 1,
        object_refs: scos.map((o) => o.id),
      });
    }
    objects.push(target, ...sightingsOf(raw, target, common, ctx));
  }
  const problem = invalid(objects);
  if (problem !== undefined)
    return { kind: 'error', record, reason: `${where} (${type}): ${problem}` };
  return {
    kind: 'objects',
    record,
    objects,
    ...(distribution !== undefined ? { distribution } : {}),
  };
}

/** The items of one MISP object's attributes: observables first, so notes can point at them. */
function objectItems(
  raw: unknown,
  first: number,
  eventScope: EventScope,
  ctx: IntakeContext,
): (IntakeItem | undefined)[] {
  // A MISP object has its own distribution; its attributes' "5" inherits the object's.
  const scope: EventScope = isObject(raw)
    ? {
        ...eventScope,
        distribution: distributionOf(raw.distribution, raw.SharingGroup, eventScope.distribution),
      }
    : eventScope;
  const attributes = isObject(raw) && Array.isArray(raw.Attribute) ? raw.Attribute : [];
  const objectName = isObject(raw) && typeof raw.name === 'string' ? raw.name : 'MISP object';
  const isNote = (a: unknown): boolean => isObject(a) && MISP_NOTE_TYPES.has(String(a.type));
  const items: (IntakeItem | undefined)[] = attributes.map((a, i) =>
    isNote(a)
      ? undefined
      : attributeItem(
          a,
          { record: first + i, scope, object: { name: objectName, scoIds: [] } },
          ctx,
        ),
  );
  const scoIds = items.flatMap((item) =>
    item?.kind === 'objects'
      ? item.objects.filter((o) => o.created === undefined).map((o) => o.id)
      : [],
  );
  return attributes.map((a, i) =>
    isNote(a)
      ? attributeItem(a, { record: first + i, scope, object: { name: objectName, scoIds } }, ctx)
      : items[i],
  );
}

export type MispParserOptions = MispJsonLimits;

/** The MISP parser with explicit limits (see {@link parseMisp} for the defaults). */
export function createMispParser(options: MispParserOptions = {}): IntakeParser {
  return async function* parseMispEvents(input, ctx) {
    let record = 0;
    for await (const event of readMispEvents(input, options)) {
      const eventRecord = ++record;
      if (!isObject(event)) {
        yield { kind: 'error', record: eventRecord, reason: 'a MISP event must be a JSON object' };
        continue;
      }
      const published = truthy(event.published);
      const reportType = published ? 'report' : 'grouping';
      const tags = readTags(event.Tag);
      const scope: EventScope = {
        reportId: stixId(reportType, event.uuid, ctx),
        markings: tags.markings,
        distribution: distributionOf(event.distribution, event.SharingGroup, undefined),
      };
      const refs: string[] = [];
      const take = function* (item: IntakeItem | undefined): Generator<IntakeItem> {
        if (item === undefined) return;
        if (item.kind === 'objects') for (const o of item.objects) refs.push(o.id);
        yield item;
      };
      for (const [key, value] of Object.entries(event)) {
        if (key === 'Attribute' && Array.isArray(value)) {
          for (const attribute of value)
            yield* take(attributeItem(attribute, { record: ++record, scope }, ctx));
        } else if (key === 'Object' && Array.isArray(value)) {
          for (const object of value) {
            const items = objectItems(object, record + 1, scope, ctx);
            const count =
              isObject(object) && Array.isArray(object.Attribute) ? object.Attribute.length : 0;
            record += count;
            for (const item of items) yield* take(item);
          }
        }
      }
      yield reportItem(event, eventRecord, reportType, scope, tags, [...new Set(refs)], ctx);
    }
  };
}

function reportItem(
  event: Json,
  record: number,
  reportType: 'report' | 'grouping',
  scope: EventScope,
  tags: Tags,
  refs: readonly string[],
  ctx: IntakeContext,
): IntakeItem {
  const info = typeof event.info === 'string' && event.info.trim() !== '' ? event.info : undefined;
  const where = `event ${typeof event.uuid === 'string' ? event.uuid : `#${record}`}`;
  if (refs.length === 0)
    return {
      kind: 'error',
      record,
      reason: `${where}: no attribute could be imported, nothing to report`,
    };
  const modified = isoTimestamp(event.timestamp);
  const created = isoTimestamp(event.date) ?? modified;
  const props: Record<string, unknown> = {
    name: info ?? `MISP event ${typeof event.uuid === 'string' ? event.uuid : record}`,
  };
  if (reportType === 'report') {
    props.report_types = ['threat-report'];
    props.published = isoTimestamp(event.publish_timestamp) ?? modified ?? ctx.now;
  } else {
    props.context = 'suspicious-activity';
  }
  props.object_refs = refs;
  if (typeof event.uuid === 'string')
    props.external_references = [{ source_name: 'MISP', external_id: event.uuid }];
  const report = sdo(
    ctx,
    reportType,
    scope.reportId,
    { created, modified, markingRefs: scope.markings, labels: tags.labels },
    props,
  );
  const problem = invalid([report]);
  if (problem !== undefined) return { kind: 'error', record, reason: `${where}: ${problem}` };
  return {
    kind: 'objects',
    record,
    objects: [report],
    ...(scope.distribution !== undefined ? { distribution: scope.distribution } : {}),
  };
}

/** The MISP event JSON parser (issue 4), with the default limits. */
export const parseMisp: IntakeParser = createMispParser();

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TLP, validatePattern, validateStixObject, type StixObject } from '../../../stix/index.js';
import { IntakeFormatError, type IntakeItem, type IntakeObjects } from '../../intake-item.js';
import { collect, testContext } from '../format-testkit.js';
import {
  createMispParser,
  detect,
  MISP_NOTE_TYPES,
  MISP_OBSERVABLE_TYPES,
  name,
  parseMisp,
} from './index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const samplesDir = path.resolve(repoRoot, '../shared/reference/samples/misp/events');

type Json = Record<string, unknown>;
const objectsOf = (items: IntakeItem[]): StixObject[] =>
  items.flatMap((i) => (i.kind === 'objects' ? i.objects : []));
const ofType = (items: IntakeItem[], type: string): StixObject[] =>
  objectsOf(items).filter((o) => o.type === type);
const errors = (items: IntakeItem[]) => items.filter((i) => i.kind === 'error');

function expectAllValid(items: IntakeItem[]): void {
  for (const object of objectsOf(items)) expect(validateStixObject(object), object.id).toEqual([]);
}

const attr = (over: Json): Json => ({
  uuid: '5be1a0a7-1111-4a2b-9c3d-0123456789ab',
  category: 'Network activity',
  timestamp: '1542300000',
  to_ids: true,
  comment: '',
  ...over,
});

const EVENT_A = {
  Event: {
    uuid: '5be1a0a7-0000-4a2b-9c3d-0123456789ab',
    info: 'Phishing wave against banks',
    date: '2018-11-15',
    timestamp: '1542300100',
    publish_timestamp: '1542300200',
    published: true,
    distribution: '4',
    SharingGroup: { uuid: '5be1a0a7-5555-4a2b-9c3d-0123456789ab', name: 'Banks' },
    Tag: [{ name: 'tlp:amber' }, { name: 'circl:incident-classification="phishing"' }],
    Attribute: [
      attr({ type: 'ip-dst|port', value: '198.51.100.7|8443' }),
      attr({
        uuid: '5be1a0a7-2222-4a2b-9c3d-0123456789ab',
        type: 'domain|ip',
        value: 'Bank-Login.Example.|2001:DB8::1',
        to_ids: false,
        distribution: '1',
        Sighting: [
          {
            type: '0',
            date_sighting: '1542400000',
            uuid: '5be1a0a7-3333-4a2b-9c3d-0123456789ab',
            Organisation: { name: 'CERT-X' },
          },
        ],
      }),
      attr({
        uuid: '5be1a0a7-4444-4a2b-9c3d-0123456789ab',
        type: 'x-not-a-misp-type',
        value: 'zzz',
      }),
      attr({ uuid: '5be1a0a7-6666-4a2b-9c3d-0123456789ab', type: 'ip-src', value: '300.1.2.3' }),
      attr({ type: 'email-subject', value: "Your account's locked", Tag: [{ name: 'tlp:red' }] }),
      attr({ type: 'AS', value: 'AS64500', distribution: '5' }),
      attr({ type: 'mac-address', value: '00-1A-2B-3C-4D-5E', to_ids: false }),
    ],
    Object: [
      {
        name: 'file',
        distribution: '2',
        Attribute: [
          attr({ type: 'filename', object_relation: 'filename', value: "O'Brien\\invoice.exe" }),
          attr({ type: 'sha256', object_relation: 'sha256', value: 'A'.repeat(64), to_ids: false }),
          attr({
            type: 'size-in-bytes',
            object_relation: 'size-in-bytes',
            value: '1024',
            to_ids: false,
          }),
        ],
      },
    ],
  },
};

const EVENT_B = {
  Event: {
    uuid: '5be1a0a7-7777-4a2b-9c3d-0123456789ab',
    info: 'Draft',
    published: false,
    distribution: 0,
    Attribute: [attr({ type: 'url', value: 'HTTP://Evil.Example:80/a?b=1', to_ids: true })],
  },
};

describe('MISP parser: own fixtures', () => {
  it('names itself and detects the MISP shapes, not STIX or CSV', () => {
    expect(name).toBe('misp');
    expect(detect(JSON.stringify(EVENT_A))).toBe(true);
    expect(detect(`\uFEFF  ${JSON.stringify([EVENT_A])}`)).toBe(true);
    expect(detect(JSON.stringify({ response: [EVENT_A] }))).toBe(true);
    expect(detect(JSON.stringify(EVENT_A.Event))).toBe(true);
    expect(detect('{"type":"bundle","id":"bundle--1","objects":[]}')).toBe(false);
    expect(detect('{"response": [1, 2]}')).toBe(false);
    expect(detect('ip,port\n1.2.3.4,80\n')).toBe(false);
  });

  it('maps a list of events: indicators, observables, markings, labels, distribution, errors', async () => {
    const items = await collect(
      parseMisp,
      JSON.stringify([EVENT_A, EVENT_B]),
      testContext({ createdByRef: 'identity--11111111-1111-4111-8111-111111111111' }),
    );
    expectAllValid(items);
    // Records: event A = 1, its 7 attributes 2–8, its object's 3 attributes 9–11, event B = 12, its attribute 13.
    expect(items.map((i) => i.record)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 13, 12]);
    expect(errors(items)).toEqual([
      {
        kind: 'error',
        record: 4,
        reason:
          'attribute 5be1a0a7-4444-4a2b-9c3d-0123456789ab: unknown MISP type "x-not-a-misp-type"',
      },
      {
        kind: 'error',
        record: 5,
        reason:
          'attribute 5be1a0a7-6666-4a2b-9c3d-0123456789ab (ip-src): invalid IP address "300.1.2.3"',
      },
    ]);
    const byRecord = new Map(items.map((i) => [i.record, i]));
    const first = byRecord.get(2) as IntakeObjects;
    expect(first.objects.map((o) => o.type)).toEqual(['network-traffic', 'ipv4-addr', 'indicator']);
    const indicator = first.objects[2]!;
    expect(indicator).toMatchObject({
      id: 'indicator--5be1a0a7-1111-4a2b-9c3d-0123456789ab',
      pattern:
        "[network-traffic:dst_ref.value = '198.51.100.7' AND network-traffic:dst_port = 8443]",
      pattern_type: 'stix',
      valid_from: '2018-11-15T16:40:00.000Z',
      indicator_types: ['malicious-activity'],
      object_marking_refs: [TLP.AMBER.id],
      created_by_ref: 'identity--11111111-1111-4111-8111-111111111111',
    });
    expect(indicator.labels).toContain('misp:type="ip-dst|port"');
    expect(first.distribution).toBe('sharing-group:5be1a0a7-5555-4a2b-9c3d-0123456789ab');

    const second = byRecord.get(3) as IntakeObjects;
    expect(second.distribution).toBe('community');
    expect(second.objects.map((o) => o.type)).toEqual([
      'domain-name',
      'ipv6-addr',
      'observed-data',
      'sighting',
    ]);
    expect(second.objects[0]!.value).toBe('bank-login.example');
    expect(second.objects[1]!.value).toBe('2001:db8::1');
    expect(second.objects[3]).toMatchObject({
      sighting_of_ref: second.objects[2]!.id,
      count: 1,
      first_seen: '2018-11-16T20:26:40.000Z',
      observed_data_refs: [second.objects[2]!.id],
    });

    const subject = byRecord.get(6) as IntakeObjects;
    expect(subject.objects[1]).toMatchObject({
      pattern: "[email-message:subject = 'Your account\\'s locked']",
      object_marking_refs: [TLP.RED.id],
    });
    expect((byRecord.get(7) as IntakeObjects).distribution).toBe(
      'sharing-group:5be1a0a7-5555-4a2b-9c3d-0123456789ab',
    );
    expect((byRecord.get(8) as IntakeObjects).objects[0]!.value).toBe('00:1a:2b:3c:4d:5e');
    const fileName = (byRecord.get(9) as IntakeObjects).objects;
    expect((byRecord.get(9) as IntakeObjects).distribution).toBe('connected');
    expect(fileName[1]!.pattern).toBe("[file:name = 'O\\'Brien\\\\invoice.exe']");
    expect(validatePattern(String(fileName[1]!.pattern))).toBeNull();
    const note = (byRecord.get(11) as IntakeObjects).objects[0]!;
    expect(note).toMatchObject({ type: 'note', abstract: 'file size-in-bytes', content: '1024' });
    // The note points at the event and at the observables of the same MISP object.
    expect(note.object_refs).toEqual([
      'report--5be1a0a7-0000-4a2b-9c3d-0123456789ab',
      fileName[0]!.id,
      (byRecord.get(10) as IntakeObjects).objects[0]!.id,
    ]);

    const report = byRecord.get(1) as IntakeObjects;
    expect(report.objects[0]).toMatchObject({
      type: 'report',
      id: 'report--5be1a0a7-0000-4a2b-9c3d-0123456789ab',
      name: 'Phishing wave against banks',
      published: '2018-11-15T16:43:20.000Z',
      labels: ['circl:incident-classification="phishing"'],
      object_marking_refs: [TLP.AMBER.id],
    });
    const listed = new Set(report.objects[0]!.object_refs as string[]);
    const eventObjects = items
      .filter((i) => i.record > 1 && i.record < 12)
      .flatMap((i) => (i.kind === 'objects' ? i.objects : []));
    expect(listed).toEqual(new Set(eventObjects.map((o) => o.id)));

    const draft = byRecord.get(12) as IntakeObjects;
    expect(draft.objects[0]).toMatchObject({
      type: 'grouping',
      context: 'suspicious-activity',
      name: 'Draft',
    });
    expect(draft.distribution).toBe('organisation');
    expect((byRecord.get(13) as IntakeObjects).objects[0]!.value).toBe('http://evil.example/a?b=1');
  });

  it('reads a REST search response and an unwrapped event the same way, whatever the chunking', async () => {
    const wrapped = await collect(
      parseMisp,
      JSON.stringify({ response: [EVENT_B] }),
      testContext(),
      1,
    );
    const bare = await collect(parseMisp, JSON.stringify(EVENT_B.Event, null, 2), testContext(), 3);
    expect(bare).toEqual(wrapped);
    expect(wrapped).toHaveLength(2);
  });

  it('uses the context defaults when an event has no TLP tag and its own ids when uuids are not STIX-valid', async () => {
    const event = {
      Event: {
        ...EVENT_B.Event,
        uuid: 'not-a-uuid',
        Attribute: [attr({ uuid: 'x', type: 'md5', value: 'D41D8CD98F00B204E9800998ECF8427E' })],
      },
    };
    const items = await collect(
      parseMisp,
      JSON.stringify(event),
      testContext({ defaultMarkingRefs: [TLP.GREEN.id] }),
    );
    expectAllValid(items);
    const [file, indicator] = (items[0] as IntakeObjects).objects;
    expect(file).toMatchObject({
      hashes: { MD5: 'd41d8cd98f00b204e9800998ecf8427e' },
      object_marking_refs: [TLP.GREEN.id],
    });
    expect(indicator!.id).toBe('indicator--00000000-0000-4000-8000-000000000002');
    expect(indicator!.pattern).toBe("[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']");
  });

  it('refuses what is not a MISP export, and malformed JSON, with the line', async () => {
    await expect(collect(parseMisp, '"just a string"')).rejects.toBeInstanceOf(IntakeFormatError);
    await expect(collect(parseMisp, '')).rejects.toThrow(/empty/);
    await expect(
      collect(parseMisp, '[\n{"Event": {"info": "x",\n "Attribute": [}\n}}]'),
    ).rejects.toThrow(/line 3: malformed JSON/);
    const bad = async function* () {
      yield Uint8Array.from([0x5b, 0xff, 0x5d]);
    };
    await expect(collect((_, ctx) => parseMisp(bad(), ctx), '')).rejects.toThrow(/not valid UTF-8/);
    const items = await collect(parseMisp, '[1, {"Event": {"info": "empty", "Attribute": []}}]');
    expect(items).toEqual([
      { kind: 'error', record: 1, reason: 'a MISP event must be a JSON object' },
      {
        kind: 'error',
        record: 2,
        reason: 'event #2: no attribute could be imported, nothing to report',
      },
    ]);
  });

  it('streams a list of events: the first items come before the rest of the input is read', async () => {
    const events = Array.from({ length: 50 }, () => JSON.stringify(EVENT_B));
    let pulled = 0;
    const input = async function* () {
      const parts = ['[', ...events.flatMap((e, i) => (i === 0 ? [e] : [',', e])), ']'];
      for (const part of parts) {
        pulled += 1;
        yield part;
      }
    };
    const items = parseMisp(input(), testContext())[Symbol.asyncIterator]();
    const first = await items.next();
    expect(first.value).toMatchObject({ kind: 'objects', record: 2 });
    expect(pulled).toBeLessThanOrEqual(3);
    let count = 1;
    while (!(await items.next()).done) count += 1;
    expect(count).toBe(100);
    expect(pulled).toBe(101);
  });

  it('makes a sighting of the indicator when the sighted attribute is for detection', async () => {
    const event = {
      Event: {
        ...EVENT_B.Event,
        Attribute: [
          attr({
            type: 'hostname',
            value: 'c2.example.net',
            Sighting: [
              {
                type: '1',
                date_sighting: 1542400000,
                Organisation: { name: 'CERT-Y' },
                source: 'sensor',
              },
            ],
          }),
        ],
      },
    };
    const items = await collect(parseMisp, JSON.stringify(event));
    expectAllValid(items);
    const [, indicator, sighting] = (items[0] as IntakeObjects).objects;
    expect(sighting).toMatchObject({
      type: 'sighting',
      sighting_of_ref: indicator!.id,
      description: 'MISP false positive by CERT-Y (source: sensor)',
    });
    expect(sighting!.observed_data_refs).toBeUndefined();
  });

  it('refuses an event over the size limit', async () => {
    const parser = createMispParser({ maxEventChars: 100 });
    await expect(collect(parser, JSON.stringify([EVENT_A]))).rejects.toThrow(
      /larger than 100 characters/,
    );
  });
});

/** Counts computed from the raw JSON, independently of the parser. */
function expectedCounts(event: Json) {
  const attributes: Json[] = [
    ...((event.Attribute as Json[] | undefined) ?? []),
    ...((event.Object as Json[] | undefined) ?? []).flatMap(
      (o) => (o.Attribute as Json[] | undefined) ?? [],
    ),
  ].filter((a) => a.deleted !== true);
  const observable = attributes.filter((a) => MISP_OBSERVABLE_TYPES.has(String(a.type)));
  return {
    attributes: attributes.length,
    indicators: observable.filter((a) => a.to_ids === true).length,
    observedData: observable.filter((a) => a.to_ids !== true).length,
    notes: attributes.filter((a) => MISP_NOTE_TYPES.has(String(a.type))).length,
    published: event.published === true,
  };
}

function eventsOf(doc: unknown): Json[] {
  const list = Array.isArray(doc)
    ? doc
    : (doc as Json).response !== undefined
      ? ((doc as Json).response as Json[])
      : [doc];
  return list.map((e) => ((e as Json).Event ?? e) as Json);
}

const hasSamples = existsSync(samplesDir);
describe.skipIf(!hasSamples)(
  'MISP parser: the real MISP events in ../shared/reference/samples/misp/events',
  () => {
    const files = hasSamples ? readdirSync(samplesDir).filter((f) => f.endsWith('.json')) : [];
    it('has the four sample exports', () => expect(files).toHaveLength(4));
    for (const file of files) {
      it(`${file} imports completely, with the indicators and observables the raw JSON holds`, async () => {
        const text = readFileSync(path.join(samplesDir, file), 'utf8');
        expect(detect(text.slice(0, 65536))).toBe(true);
        const items = await collect(parseMisp, text, testContext(), 4096);
        expect(errors(items)).toEqual([]);
        expectAllValid(items);
        const events = eventsOf(JSON.parse(text));
        const expected = events.map(expectedCounts);
        const sum = (k: 'attributes' | 'indicators' | 'observedData' | 'notes') =>
          expected.reduce((n, e) => n + e[k], 0);
        expect(items).toHaveLength(sum('attributes') + events.length);
        expect(ofType(items, 'indicator')).toHaveLength(sum('indicators'));
        expect(ofType(items, 'observed-data')).toHaveLength(sum('observedData'));
        expect(ofType(items, 'note')).toHaveLength(sum('notes'));
        expect(ofType(items, 'report')).toHaveLength(expected.filter((e) => e.published).length);
        expect(ofType(items, 'grouping')).toHaveLength(expected.filter((e) => !e.published).length);
        for (const indicator of ofType(items, 'indicator'))
          expect(validatePattern(String(indicator.pattern))).toBeNull();
        for (const event of events) {
          const tlp = ((event.Tag as Json[] | undefined) ?? []).some((t) => t.name === 'tlp:white');
          const report = [...ofType(items, 'report'), ...ofType(items, 'grouping')].find(
            (r) => r.name === event.info,
          )!;
          expect(report.object_marking_refs).toEqual(tlp ? [TLP.CLEAR.id] : undefined);
        }
      });
    }
  },
);

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TLP, validateStixObject, type StixObject } from '../../../stix/index.js';
import { IntakeFormatError, type IntakeItem, type IntakeObjects } from '../../intake-item.js';
import { collect, testContext } from '../format-testkit.js';
import { createIodefParser, detect, name, parseIodef } from './index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../..');
const sample = path.resolve(repoRoot, '../shared/reference/samples/abuse-reports/iodef/iodef.xml');
const v2Fixture = readFileSync(path.join(here, 'fixtures/iodef-v2-phishing.xml'), 'utf8');

const objectsOf = (item: IntakeItem | undefined): readonly StixObject[] =>
  item?.kind === 'objects' ? item.objects : [];
const valueOf = (o: StixObject): unknown => o.value ?? o.number;

function expectValid(items: IntakeItem[]): void {
  for (const item of items)
    for (const o of objectsOf(item)) expect(validateStixObject(o), o.id).toEqual([]);
}

/** The related-to links of an item: observable value → role. */
function roles(item: IntakeItem | undefined): Record<string, string> {
  const objects = objectsOf(item);
  const byId = new Map(objects.map((o) => [o.id, o]));
  const incident = objects.find((o) => o.type === 'incident')!;
  return Object.fromEntries(
    objects
      .filter((o) => o.type === 'relationship')
      .map((r) => {
        expect(r).toMatchObject({ relationship_type: 'related-to', source_ref: incident.id });
        return [String(valueOf(byId.get(String(r.target_ref))!)), String(r.description)];
      }),
  );
}

describe('IODEF parser: own fixtures', () => {
  it('names itself and detects IODEF documents only', () => {
    expect(name).toBe('iodef');
    expect(detect(v2Fixture)).toBe(true);
    expect(detect('<IODEF-Document xmlns="urn:ietf:params:xml:ns:iodef-1.0" version="1.00">')).toBe(
      true,
    );
    expect(detect('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>')).toBe(false);
    expect(detect('{"type":"bundle"}')).toBe(false);
  });

  it('maps an IODEF 2 document: incident, observables linked by role, contact note, TLP, errors', async () => {
    const items = await collect(parseIodef, v2Fixture, testContext(), 13);
    expectValid(items);
    expect(items.map((i) => [i.kind, i.record, i.line])).toEqual([
      ['objects', 1, 6],
      ['error', 2, 44],
      ['error', 3, 50],
    ]);
    expect(items[1]).toMatchObject({ reason: 'Incident 2026-0043: GenerationTime is missing' });
    expect(items[2]).toMatchObject({
      reason:
        'Incident 2026-0044: EventData/Flow/System/Node/Address[@category="ipv4-addr"]: invalid IP address "192.0.2.300"',
    });
    const first = items[0] as IntakeObjects;
    expect(first.objects.slice(0, 5).map((o) => o.type)).toEqual([
      'domain-name',
      'ipv6-addr',
      'url',
      'email-addr',
      'autonomous-system',
    ]);
    const incident = first.objects.find((o) => o.type === 'incident')!;
    expect(incident).toMatchObject({
      name: 'Credential phishing site imitating a bank',
      created: '2026-11-20T08:30:00.000Z',
      object_marking_refs: [TLP.AMBER.id],
      labels: [
        'iodef:purpose="mitigation"',
        'iodef:impact="breach-privacy"',
        'iodef:severity="medium"',
        'iodef:impact="theft-financial"',
      ],
      external_references: [
        { source_name: 'cert.example.org', external_id: '2026-0042' },
        {
          source_name: 'https://www.example.org/advisories/phishing-kits',
          url: 'https://www.example.org/advisories/phishing-kits',
          description: 'Known phishing kit & its landing page',
        },
      ],
    });
    expect(incident.description).toBe(
      'The site was reached from links in bulk e-mail.\nExpected action: block-host',
    );
    expect(roles(first)).toEqual({
      'login-bank.example.net': 'target system',
      '2001:db8::25': 'target system',
      'http://login-bank.example.net/verify': 'target system',
      'alerts@bank-notice.example.com': 'source system',
      '64501': 'source system',
    });
    const note = first.objects.find((o) => o.type === 'note')!;
    expect(note).toMatchObject({
      content: 'Example CERT duty desk\nE-mail: duty@cert.example.org',
      object_refs: [incident.id],
    });
    expect(first.distribution).toBeUndefined();
  });

  it('refuses a billion-laughs document and external entities before expanding anything', async () => {
    const laughs = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lolz [',
      '  <!ENTITY lol "lol">',
      ...Array.from(
        { length: 9 },
        (_, i) => `  <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
      ),
      ']>',
      '<IODEF-Document xmlns="urn:ietf:params:xml:ns:iodef-1.0" version="1.00"><Incident><Description>&lol9;</Description></Incident></IODEF-Document>',
    ].join('\n');
    await expect(collect(parseIodef, laughs)).rejects.toThrow(
      /line 2: a document type declaration \(<!DOCTYPE>\) is refused/,
    );
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><IODEF-Document>&x;</IODEF-Document>';
    await expect(collect(parseIodef, xxe)).rejects.toBeInstanceOf(IntakeFormatError);
  });

  it('refuses malformed XML with its line, other XML, and documents over the size limit', async () => {
    await expect(
      collect(parseIodef, '<IODEF-Document version="1.00">\n<Incident>\n</IODEF-Document>'),
    ).rejects.toThrow(/not well-formed XML: line 3/);
    await expect(collect(parseIodef, '<feed><entry/></feed>')).rejects.toThrow(
      /root element is not IODEF-Document/,
    );
    await expect(
      collect(parseIodef, '<IODEF-Document version="3.00"><Incident/></IODEF-Document>'),
    ).rejects.toThrow(/unknown version "3.00"/);
    await expect(collect(createIodefParser({ maxChars: 100 }), v2Fixture)).rejects.toThrow(
      /larger than 100 characters/,
    );
  });
});

describe.skipIf(!existsSync(sample))(
  'IODEF parser: the RFC 5070 sample in ../shared/reference/samples/abuse-reports/iodef',
  () => {
    it('imports the botnet incident with its hosts, references and contact', async () => {
      const text = readFileSync(sample, 'utf8');
      expect(detect(text)).toBe(true);
      const items = await collect(
        parseIodef,
        text,
        testContext({ defaultMarkingRefs: [TLP.GREEN.id] }),
        64,
      );
      expect(items).toHaveLength(1);
      expectValid(items);
      const item = items[0] as IntakeObjects;
      expect(item).toMatchObject({
        kind: 'objects',
        record: 1,
        line: 3,
        distribution: 'organisation',
      });
      const incident = item.objects.find((o) => o.type === 'incident')!;
      expect(incident).toMatchObject({
        name: 'Large bot-net',
        created: '2006-06-08T10:44:53.000Z',
        labels: ['iodef:purpose="mitigation"', 'iodef:impact="dos"', 'iodef:severity="high"'],
        object_marking_refs: [TLP.GREEN.id],
      });
      expect(incident.external_references).toEqual([
        { source_name: 'csirt.example.com', external_id: '908711' },
        { source_name: 'GT Bot', description: 'attack method named by the IODEF report' },
        {
          source_name: 'CA-2003-22',
          url: 'http://www.cert.org/advisories/CA-2003-22.html',
          description: 'Root compromise via this IE vulnerability to install the GT Bot',
        },
      ]);
      expect(String(incident.description)).toContain(
        'Expected action: investigate (Confirm the source and take machines off-line and remediate)',
      );
      expect(String(incident.description)).toContain(
        'Additional data (IODEF Test): Some additional data',
      );
      expect(roles(item)).toEqual({
        '192.0.2.3': 'source system',
        'irc.example.com': 'intermediate system',
        '192.0.2.20': 'intermediate system',
      });
      expect(item.objects.find((o) => o.type === 'note')).toMatchObject({
        content: 'Joe Smith\nE-mail: jsmith@csirt.example.com',
      });
    });
  },
);

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  citationOf,
  isOffenceCode,
  offenceByCode,
  OFFENCES,
  REPORTABLE_OFFENCES,
} from './offence-taxonomy.js';

const LAW = path.resolve(import.meta.dirname, '../../../shared/reference/cooperation-law.md');

describe('offence taxonomy', () => {
  it('has unique codes that name their instrument and article', () => {
    expect(new Set(OFFENCES.map((o) => o.code)).size).toBe(OFFENCES.length);
    for (const o of OFFENCES) {
      const prefix = o.instrument === 'ETS-185' ? 'BC' : 'AP1';
      const article = o.article.replace(/\(.*$/, '');
      expect(o.code, o.code).toMatch(new RegExp(`^${prefix}-${article}-[a-z]+(-[a-z]+)*$`));
      expect(o.title.trim(), o.code).not.toBe('');
    }
  });

  it('offers the nine Convention offences and the four Protocol offences, no modifier', () => {
    expect(REPORTABLE_OFFENCES.map((o) => o.article)).toEqual([
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
      '3',
      '4',
      '5',
      '6',
    ]);
    expect(REPORTABLE_OFFENCES.every((o) => o.kind === 'offence')).toBe(true);
    expect(isOffenceCode('BC-8-computer-fraud')).toBe(true);
    expect(isOffenceCode('BC-11-attempt')).toBe(false);
    expect(isOffenceCode('BC-13-sanctions')).toBe(false);
    expect(offenceByCode('BC-11-attempt')?.kind).toBe('modifier');
  });

  it('limits attempt to Arts 3–5, 7, 8 and 9 (Art 11(2)); modifiers name real offences', () => {
    expect(offenceByCode('BC-11-attempt')?.appliesTo).toEqual([
      'BC-3-illegal-interception',
      'BC-4-data-interference',
      'BC-5-system-interference',
      'BC-7-computer-forgery',
      'BC-8-computer-fraud',
      'BC-9-csam',
    ]);
    for (const m of OFFENCES.filter((o) => o.kind === 'modifier')) {
      for (const code of m.appliesTo ?? []) expect(offenceByCode(code), code).toBeDefined();
    }
  });

  it('cites the article and instrument', () => {
    expect(citationOf(offenceByCode('BC-8-computer-fraud')!)).toBe('Art. 8 ETS 185');
    expect(citationOf(offenceByCode('BC-11-attempt')!)).toBe('Art. 11(2) ETS 185');
    expect(citationOf(offenceByCode('AP1-6-genocide-denial')!)).toBe('Art. 6 ETS 189');
  });

  describe.skipIf(!existsSync(LAW))('matches reference/cooperation-law.md §1.2', () => {
    it('holds exactly the codes the reference lists', () => {
      const text = readFileSync(LAW, 'utf8');
      const section = text.slice(text.indexOf('### 1.2 Offence taxonomy'), text.indexOf('### 1.3'));
      const codes = [...section.matchAll(/`((?:BC|AP1)-\d+-[a-z-]+)`/g)].map((m) => m[1]);
      expect([...new Set(codes)].sort()).toEqual(OFFENCES.map((o) => o.code).sort());
    });
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOversightSettings } from './oversight-settings.loader.js';
import { DEFAULT_PRIVACY_SETTINGS } from '../privacy/privacy.settings.js';
import { DEFAULT_OVERSIGHT_SETTINGS, parseOversightSettings } from './oversight.settings.js';
import { shownCount, transparencyReport } from './transparency.js';

describe('oversight settings (issue 8, items 3 and 6)', () => {
  it('fills defaults and reads rules per category and legal basis', () => {
    expect(loadOversightSettings(null)).toBe(DEFAULT_OVERSIGHT_SETTINGS);
    const s = parseOversightSettings({
      retention: [
        { category: 'preserved-data', basis: 'BC Art 29(7)', afterDays: 10, types: ['R4'] },
        { category: 'indicator', basis: 'policy', afterDays: 0 },
      ],
      retentionSweepSeconds: 60,
      transparencyThreshold: 3,
    });
    expect(s.retention).toEqual([
      { category: 'preserved-data', basis: 'BC Art 29(7)', afterDays: 10, types: ['R4'] },
      { category: 'indicator', basis: 'policy', afterDays: 0, types: [] },
    ]);
    expect(s).toMatchObject({
      retentionSweepMs: 60_000,
      retentionBatchSize: 50,
      transparencyThreshold: 3,
    });
  });

  it('names the bad setting', () => {
    const bad = (raw: unknown) => () => parseOversightSettings(raw, 'oversightFile x.json');
    expect(bad({ retain: [] })).toThrow('oversightFile x.json.retain: unknown setting');
    expect(bad({ retention: [{ category: 'emails', basis: 'b', afterDays: 1 }] })).toThrow(
      'oversightFile x.json.retention[0].category: must be one of preserved-data, closed-case, indicator',
    );
    expect(bad({ retention: [{ category: 'indicator', basis: ' ', afterDays: 1 }] })).toThrow(
      'retention[0].basis: must name the legal basis',
    );
    expect(bad({ retention: [{ category: 'indicator', basis: 'b', afterDays: -1 }] })).toThrow(
      'retention[0].afterDays: must be a whole number from 0 to 36500',
    );
    expect(
      bad({ retention: [{ category: 'closed-case', basis: 'b', afterDays: 1, types: ['R4'] }] }),
    ).toThrow('retention[0].types: applies to preserved-data only');
    expect(bad({ transparencyThreshold: 0 })).toThrow(
      'transparencyThreshold: must be a whole number',
    );
    const dir = mkdtempSync(join(tmpdir(), 'nohaven-oversight-'));
    writeFileSync(join(dir, 'o.json'), '{ not json');
    expect(() => loadOversightSettings(join(dir, 'o.json'))).toThrow(/^oversightFile: .*o\.json/);
  });
});

describe('privacy settings in the oversight file (issue 8, item 2)', () => {
  it('replaces the roles of the categories named and the bulk threshold, keeping the other defaults', () => {
    expect(DEFAULT_OVERSIGHT_SETTINGS.privacy).toBe(DEFAULT_PRIVACY_SETTINGS);
    const s = parseOversightSettings({
      privacy: { roles: { identity: ['investigator', 'oversight'] }, bulkSubjects: 5 },
    });
    expect(s.privacy.roles.identity).toEqual(['investigator', 'oversight']);
    expect(s.privacy.roles.subscriber).toEqual(DEFAULT_PRIVACY_SETTINGS.roles.subscriber);
    expect(s.privacy.bulkSubjects).toBe(5);
    expect(s.privacy.bulkWindowSeconds).toBe(DEFAULT_PRIVACY_SETTINGS.bulkWindowSeconds);
  });

  it('names the bad privacy setting', () => {
    const bad = (privacy: unknown) => () => parseOversightSettings({ privacy }, 'o');
    expect(bad({ role: {} })).toThrow('o.privacy.role: unknown setting');
    expect(bad({ roles: { emails: ['investigator'] } })).toThrow(
      'o.privacy.roles.emails: is not a data category',
    );
    expect(bad({ roles: { identity: ['sheriff'] } })).toThrow(
      'o.privacy.roles.identity: must list roles among',
    );
    expect(bad({ bulkSubjects: 0 })).toThrow('o.privacy.bulkSubjects: must be a whole number');
    expect(bad({ bulkWindowSeconds: 10 })).toThrow(
      'o.privacy.bulkWindowSeconds: must be a whole number from 60',
    );
  });
});

describe('transparency figures', () => {
  it('shows small counts as "< N" and withholds medians over too few requests', () => {
    expect([0, 1, 4, 5, 12].map((n) => shownCount(n, 5))).toEqual([0, '< 5', '< 5', 5, 12]);
    const r = transparencyReport({
      from: 'a',
      to: 'b',
      threshold: 2,
      requests: [
        {
          type: 'R4',
          direction: 'received',
          country: null,
          state: 'released',
          closed: true,
          urgency: 'normal',
          grounds: [],
          receivedAt: '2026-01-01T00:00:00Z',
          acknowledgedAt: '2026-01-01T01:00:00Z',
          closedAt: '2026-01-02T00:00:00Z',
        },
      ],
      openingPurposes: [],
      retentionCategories: [],
      withdrawals: [],
    });
    expect(r.requests.received).toMatchObject({
      total: '< 2',
      byCountry: { unknown: '< 2' },
      medianAcknowledgeSeconds: null,
    });
    expect(r.requests.sent.total).toBe(0);
  });
});

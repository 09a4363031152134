/**
 * Who may act on a cooperation request (issue 7, items 3 and 6), pure: legal roles held through
 * the node's roles and the organisation's sector, approvers configured per type and country,
 * the parties that may see a request; and the settings file read at boot.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COOPERATION_SETTINGS,
  parseCooperationSettings,
} from '../src/cooperation/cooperation.settings.js';
import { createDefinitionRegistry } from '../src/cooperation/definition-registry.js';
import { BUILT_IN_DEFINITIONS } from '../src/cooperation/definitions/index.js';
import {
  approverRoles,
  narrowedRoles,
  heldRoles,
  recipientFits,
  sideOf,
} from '../src/cooperation/request.access.js';
import { loadCooperationSettings } from '../src/cooperation/settings.loader.js';
import type { Actor } from '../src/platform/actor.js';

const registry = createDefinitionRegistry(BUILT_IN_DEFINITIONS);
const user = (role: Actor['role']): Actor => ({
  kind: 'user',
  userId: 'u1',
  username: 'ana',
  organizationId: 'org-a',
  role,
  via: 'token',
});

describe('legal roles', () => {
  it('maps node roles to legal roles, providers only in industry organisations', () => {
    const s = DEFAULT_COOPERATION_SETTINGS;
    expect(
      heldRoles(user('investigator'), 'law-enforcement', ['prosecutor', 'judge', 'provider'], s),
    ).toEqual(['prosecutor', 'judge']);
    expect(heldRoles(user('contact-point'), 'industry', ['contact-point', 'provider'], s)).toEqual([
      'provider',
    ]);
    expect(
      heldRoles(user('reporter'), 'law-enforcement', ['contact-point', 'investigator'], s),
    ).toEqual([]);
    const custom = parseCooperationSettings({ roleMap: { judge: ['oversight'] } });
    expect(heldRoles(user('investigator'), 'government', ['judge'], custom)).toEqual([]);
    expect(heldRoles(user('oversight'), 'government', ['judge'], custom)).toEqual(['judge']);
  });

  it('takes the approvers of a type from the settings, per country, then any country, then the definition', () => {
    const e1 = registry.get('E1')!;
    const fromDef = e1.transitions.find((t) => t.to === 'approved')!.roles;
    const s = parseCooperationSettings({
      approvers: { E1: { DE: ['judge'], '*': ['prosecutor'] } },
    });
    expect(approverRoles(e1, 'DE', fromDef, s)).toEqual(['judge']);
    expect(approverRoles(e1, 'FR', fromDef, s)).toEqual(['prosecutor']);
    expect(approverRoles(e1, 'FR', fromDef, DEFAULT_COOPERATION_SETTINGS)).toEqual([
      'judge',
      'prosecutor',
    ]);
  });

  it('leaves an EPOC for traffic or content data to a judge (EU Reg 2023/1543 Art 4(2))', () => {
    const e1 = registry.get('E1')!;
    const approve = e1.transitions.find((t) => t.to === 'approved')!;
    const roles = approverRoles(e1, 'FR', approve.roles, DEFAULT_COOPERATION_SETTINGS);
    expect(narrowedRoles(approve, roles, { data_categories: ['subscriber_information'] })).toEqual({
      roles: ['judge', 'prosecutor'],
      articles: [],
    });
    for (const categories of [['traffic_data'], ['subscriber_information', 'content_data']])
      expect(narrowedRoles(approve, roles, { data_categories: categories })).toEqual({
        roles: ['judge'],
        articles: ['EU Reg 2023/1543 Art 4(2): data_categories traffic_data or content_data'],
      });
    // No setting widens it: approvers configured as prosecutors only leave nobody.
    const prosecutors = parseCooperationSettings({ approvers: { E1: { '*': ['prosecutor'] } } });
    expect(
      narrowedRoles(approve, approverRoles(e1, 'FR', approve.roles, prosecutors), {
        data_categories: ['traffic_data'],
      }).roles,
    ).toEqual([]);
    // Other steps of the EPOC are not narrowed.
    const send = e1.transitions.find((t) => t.to === 'sent')!;
    expect(narrowedRoles(send, send.roles, { data_categories: ['content_data'] }).roles).toEqual(
      send.roles,
    );
  });

  it('lets only the parties see a request, the recipient once it was delivered', () => {
    const p = { requesterOrgId: 'a', recipientOrgId: 'b', delivered: false };
    expect(sideOf(p, 'a')).toBe('requester');
    expect(sideOf(p, 'b')).toBeNull();
    expect(sideOf({ ...p, delivered: true }, 'b')).toBe('recipient');
    expect(sideOf({ ...p, delivered: true }, 'c')).toBeNull();
  });

  it('sends provider orders to industry organisations and requests between authorities elsewhere', () => {
    expect(recipientFits(registry.get('E1')!, 'industry')).toBe(true);
    expect(recipientFits(registry.get('E1')!, 'law-enforcement')).toBe(false);
    expect(recipientFits(registry.get('R4')!, 'industry')).toBe(false);
    expect(recipientFits(registry.get('R7')!, 'government')).toBe(false);
  });
});

describe('the cooperation settings file', () => {
  it('is read at boot, and a bad one names the file and the setting', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nohaven-coop-'));
    const good = join(dir, 'good.json');
    writeFileSync(
      good,
      JSON.stringify({ deadlines: { 'P7.answer': { amount: 45, unit: 'days' } } }),
    );
    expect(loadCooperationSettings(good).deadlines).toEqual({
      'P7.answer': { amount: 45, unit: 'days' },
    });
    expect(loadCooperationSettings(null)).toBe(DEFAULT_COOPERATION_SETTINGS);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ supervisorRoles: ['king'] }));
    expect(() => loadCooperationSettings(bad)).toThrow(
      `cooperationFile ${bad}.supervisorRoles: must be a non-empty list of node roles`,
    );
    expect(() => loadCooperationSettings(join(dir, 'missing.json'))).toThrow(
      /^cooperationFile: .*missing\.json/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError } from '../platform/config.js';
import { DEFAULT_OUTBREAK_SETTINGS, parseOutbreakSettings } from './outbreak-settings.js';

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('outbreak settings', () => {
  it('defaults: ≥ 3 organisations in ≥ 2 countries within 30 minutes, or doubling in 10', () => {
    const s = parseOutbreakSettings();
    expect(s).toEqual(DEFAULT_OUTBREAK_SETTINGS);
    expect(s.spreadWindowSeconds).toBe(1800);
    expect(s.spreadMinOrganisations).toBe(3);
    expect(s.spreadMinCountries).toBe(2);
    expect(s.growthWindowSeconds).toBe(600);
    expect(s.growthFactor).toBe(2);
    expect(Object.isFrozen(s)).toBe(true);
  });

  it('takes numbers and numeric strings (as the environment gives them); null means default', () => {
    const s = parseOutbreakSettings({
      spreadMinOrganisations: '4',
      growthFactor: '1.5',
      updateIntervalSeconds: 0,
      quietPeriodSeconds: null,
    });
    expect(s.spreadMinOrganisations).toBe(4);
    expect(s.growthFactor).toBe(1.5);
    expect(s.updateIntervalSeconds).toBe(0);
    expect(s.quietPeriodSeconds).toBe(DEFAULT_OUTBREAK_SETTINGS.quietPeriodSeconds);
  });

  it.each([
    [{ spreadMinOrganisation: 3 }, 'spreadMinOrganisation', 'unknown'],
    [{ spreadWindowSeconds: 'half an hour' }, 'spreadWindowSeconds', 'not a whole number'],
    [{ spreadMinCountries: 2.5 }, 'spreadMinCountries', 'not a whole number'],
    [{ growthFactor: 'twice' }, 'growthFactor', 'not a number'],
    [{ growthFactor: 1 }, 'growthFactor', 'between 1.01 and 1000'],
    [{ spreadMinOrganisations: 0 }, 'spreadMinOrganisations', 'between 1 and'],
    [{ spreadMinCountries: 250 }, 'spreadMinCountries', 'between 1 and 249'],
    [{ maxTrackedKeys: -5 }, 'maxTrackedKeys', 'not a whole number'],
    [{ highCountries: 9 }, 'criticalCountries', 'at least highCountries (9)'],
    [
      { criticalOrganisations: 5, highOrganisations: 6 },
      'criticalOrganisations',
      'highOrganisations',
    ],
  ])('%j is refused, naming %s', (raw, setting, message) => {
    const e = errorOf(() => parseOutbreakSettings(raw));
    expect(e.setting).toBe(setting);
    expect(e.message).toContain(message);
  });

  it('names the setting as the operator wrote it', () => {
    const label = (n: string): string => `NOHAVEN_OUTBREAK_${n.toUpperCase()}`;
    const e = errorOf(() => parseOutbreakSettings({ growthMinBase: 'x' }, label));
    expect(e.setting).toBe('NOHAVEN_OUTBREAK_GROWTHMINBASE');
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clockFileTime, fileClock } from './clock-file.js';
import { ConfigError } from './config.js';

const real = new Date('2026-11-29T10:00:00.000Z');
const dir = mkdtempSync(join(tmpdir(), 'nohaven-clock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('clockFileTime', () => {
  it('reads an instant with its zone, frozen whatever the real time', () => {
    expect(clockFileTime('2026-12-01T10:00:00+01:00\n', real).toISOString()).toBe(
      '2026-12-01T09:00:00.000Z',
    );
    expect(clockFileTime(' 2026-12-01T09:00:00.250Z ', real).toISOString()).toBe(
      '2026-12-01T09:00:00.250Z',
    );
  });

  it('reads an offset from the real time in days, hours, minutes or seconds', () => {
    expect(clockFileTime('+3d', real).toISOString()).toBe('2026-12-02T10:00:00.000Z');
    expect(clockFileTime('-90m', real).toISOString()).toBe('2026-11-29T08:30:00.000Z');
    expect(clockFileTime('+36h', real).toISOString()).toBe('2026-11-30T22:00:00.000Z');
    expect(clockFileTime('+15s', real).toISOString()).toBe('2026-11-29T10:00:15.000Z');
  });

  it('refuses a time without a zone, a date alone, an impossible date or other text', () => {
    for (const bad of [
      '2026-12-01T09:00:00',
      '2026-12-01',
      '2026-02-30T09:00:00Z',
      '3d',
      '',
      'soon',
    ])
      expect(() => clockFileTime(bad, real), bad).toThrow(/neither an instant/);
  });
});

describe('fileClock', () => {
  it('follows the file at every reading', () => {
    const file = join(dir, 'follow');
    writeFileSync(file, '2026-12-01T09:00:00Z');
    const clock = fileClock(file);
    expect(clock.now().toISOString()).toBe('2026-12-01T09:00:00.000Z');
    writeFileSync(file, '2026-12-01T17:00:01Z');
    expect(clock.now().toISOString()).toBe('2026-12-01T17:00:01.000Z');
  });

  it('refuses an unreadable or meaningless file, naming the setting and the file', () => {
    const missing = join(dir, 'missing');
    expect(() => fileClock(missing)).toThrow(ConfigError);
    expect(() => fileClock(missing)).toThrow(`NOHAVEN_CLOCK_FILE: ${missing}: ENOENT`);
    const bad = join(dir, 'bad');
    writeFileSync(bad, 'tomorrow');
    expect(() => fileClock(bad)).toThrow(/NOHAVEN_CLOCK_FILE: .*bad: "tomorrow" is neither/);
  });

  it('keeps the last good time when the file goes bad later, warning once per problem', () => {
    const file = join(dir, 'later');
    writeFileSync(file, '2026-12-01T09:00:00Z');
    const warnings: string[] = [];
    const clock = fileClock(file, { warn: (m) => warnings.push(m) });
    writeFileSync(file, 'garbage');
    expect(clock.now().toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/"garbage" is neither .* keeping 2026-12-01T09:00:00.000Z/);
    writeFileSync(file, '2026-12-02T09:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-12-02T09:00:00.000Z');
  });
});

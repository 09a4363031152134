import { describe, expect, it } from 'vitest';
import { DomainError } from '../platform/errors.js';
import {
  clusterKeyId,
  parseOutbreakReport,
  parseRfc3339,
  type OutbreakReport,
} from './outbreak-report.js';

const good: OutbreakReport = {
  at: '2000-05-04T07:34:00Z',
  organisationId: 'hk-av-lab',
  country: 'hk',
  keys: [
    { kind: 'email-subject', value: 'ILOVEYOU' },
    { kind: 'file-md5', value: 'ABCDEF' },
    { kind: 'file-md5', value: 'abcdef' },
  ],
};

function detailPath(report: unknown): string | undefined {
  try {
    parseOutbreakReport(report as OutbreakReport);
  } catch (e) {
    if (e instanceof DomainError && e.code === 'NH_ERR_VALIDATION') return e.details[0]?.path;
    throw e;
  }
  return undefined;
}

describe('outbreak reports', () => {
  it('parses time, upper-cases the country and folds duplicate keys', () => {
    const r = parseOutbreakReport(good);
    expect(r.atMs).toBe(Date.UTC(2000, 4, 4, 7, 34));
    expect(r.country).toBe('HK');
    expect(r.keys.map((k) => k.id)).toEqual(['email-subject:ILOVEYOU', 'file-md5:abcdef']);
  });

  it('accepts RFC 3339 offsets and refuses other date forms', () => {
    expect(parseRfc3339('2000-05-04T15:34:00+08:00')).toBe(Date.UTC(2000, 4, 4, 7, 34));
    expect(parseRfc3339('2000-05-04t07:34:00.5z')).toBe(Date.UTC(2000, 4, 4, 7, 34, 0, 500));
    expect(parseRfc3339('2000-05-04 07:34:00Z')).toBeNull();
    expect(parseRfc3339('2000-05-04')).toBeNull();
    expect(parseRfc3339('2000-13-04T07:34:00Z')).toBeNull();
  });

  it('compares hashes, domains and addresses case-insensitively, subjects exactly', () => {
    expect(clusterKeyId({ kind: 'domain', value: ' Example.COM ' })).toBe('domain:example.com');
    expect(clusterKeyId({ kind: 'email-subject', value: 'ILoveYou' })).toBe(
      'email-subject:ILoveYou',
    );
  });

  it.each([
    [{ ...good, at: '4 May 2000' }, 'at'],
    [{ ...good, organisationId: ' ' }, 'organisationId'],
    [{ ...good, country: 'XX' }, 'country'],
    [{ ...good, country: 12 }, 'country'],
    [{ ...good, keys: 'ILOVEYOU' }, 'keys'],
    [{ ...good, keys: [null] }, 'keys/0'],
    [{ ...good, keys: [{ kind: '', value: 'x' }] }, 'keys/0/kind'],
    [{ ...good, keys: [good.keys[0], { kind: 'url', value: '' }] }, 'keys/1/value'],
    [{ ...good, keys: [{ kind: 'url', value: 'x', benign: true }] }, 'keys/0/benign'],
  ])('refuses %j naming %s', (report, path) => {
    expect(detailPath(report)).toBe(path);
  });

  it('accepts a null country', () => {
    expect(parseOutbreakReport({ ...good, country: null }).country).toBeNull();
  });
});

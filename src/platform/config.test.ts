import { describe, expect, it } from 'vitest';
import { ConfigError, maskedConfig, parseConfig } from './config.js';

describe('parseConfig', () => {
  it('has working defaults: SQLite in ./data on 127.0.0.1:8080', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      dataDir: './data',
      host: '127.0.0.1',
      port: 8080,
      databaseUrl: null,
      country: null,
      logLevel: 'info',
      dedupWindowSeconds: 86_400,
    });
    expect(c.baseUrl).toBe('http://127.0.0.1:8080');
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('lets the environment override the config file', () => {
    const c = parseConfig(
      { NOHAVEN_PORT: '9090', NOHAVEN_COUNTRY: 'fr' },
      { port: 7070, nodeName: 'Paris' },
    );
    expect(c.port).toBe(9090);
    expect(c.nodeName).toBe('Paris');
    expect(c.country).toBe('FR');
  });

  it.each([
    [{ NOHAVEN_PORT: 'abc' }, 'NOHAVEN_PORT'],
    [{ NOHAVEN_PORT: '70000' }, 'NOHAVEN_PORT'],
    [{ NOHAVEN_COUNTRY: 'XX' }, 'NOHAVEN_COUNTRY'],
    [{ NOHAVEN_DATABASE_URL: 'mysql://x' }, 'NOHAVEN_DATABASE_URL'],
    [{ NOHAVEN_LOG_LEVEL: 'loud' }, 'NOHAVEN_LOG_LEVEL'],
    [{ NOHAVEN_BASE_URL: 'ftp://x' }, 'NOHAVEN_BASE_URL'],
    [{ NOHAVEN_BODY_LIMIT: '10' }, 'NOHAVEN_BODY_LIMIT'],
    [{ NOHAVEN_DEDUP_WINDOW_SECONDS: '0' }, 'NOHAVEN_DEDUP_WINDOW_SECONDS'],
  ])('names the bad setting in %o', (env, setting) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    try {
      parseConfig(env);
    } catch (err) {
      expect((err as ConfigError).setting).toBe(setting);
      expect((err as Error).message).toContain(setting);
    }
  });

  it('names bad keys of the config file', () => {
    expect(() => parseConfig({}, { prot: 1 })).toThrow(/prot: unknown setting/);
    expect(() => parseConfig({}, { port: 'x' })).toThrow(/^port:/);
  });

  it('masks the database password', () => {
    const c = parseConfig({ NOHAVEN_DATABASE_URL: 'postgres://nh:s3cret@db.example/nohaven' });
    expect(JSON.stringify(maskedConfig(c))).not.toContain('s3cret');
    expect(maskedConfig(c).databaseUrl).toBe('postgres://nh:****@db.example/nohaven');
  });
});

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/platform/config.js';

describe('witnessed audit settings', () => {
  it('reads witnesses and thresholds, and names a bad one', () => {
    const c = parseConfig(
      { NOHAVEN_AUDIT_WITNESSES: 'https://w1.example/, http://127.0.0.1:9000' },
      { auditAlertWorkingHours: '08-18', auditCheckpointSeconds: 600 },
    );
    expect(c.auditWitnesses).toEqual(['https://w1.example', 'http://127.0.0.1:9000']);
    expect(c.auditAlertWorkingHours).toEqual({ from: 8, to: 18 });
    expect(c.auditCheckpointSeconds).toBe(600);
    expect(parseConfig({}).auditWitnesses).toEqual([]);
    expect(() => parseConfig({ NOHAVEN_AUDIT_WITNESSES: 'ftp://w.example' })).toThrow(
      /^NOHAVEN_AUDIT_WITNESSES: "ftp:\/\/w.example" must be an http\(s\) base URL/,
    );
    expect(() => parseConfig({}, { auditWitnesses: ['https://w.example/?x=1'] })).toThrow(
      /^auditWitnesses: /,
    );
    expect(() => parseConfig({ NOHAVEN_AUDIT_ALERT_WORKING_HOURS: '19-07' })).toThrow(
      /^NOHAVEN_AUDIT_ALERT_WORKING_HOURS: "19-07" is not HH-HH/,
    );
    expect(() => parseConfig({ NOHAVEN_AUDIT_ALERT_RATE_FACTOR: '1' })).toThrow(
      /^NOHAVEN_AUDIT_ALERT_RATE_FACTOR: must be between 2 and 1000/,
    );
  });
});

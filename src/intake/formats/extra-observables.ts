/**
 * Cyber-observables for the MISP and IODEF values that `src/intake/observables.ts` has no builder for
 * (MAC address, mutex, registry key, e-mail subject, IP and port). Same rules as there:
 * normalised values, deterministic ids (spec 2.9) through `deterministicScoId`.
 */
import { deterministicScoId, type StixObject } from '../../stix/index.js';
import type { ObservableResult } from '../observables.js';

function sco(type: string, props: Record<string, unknown>): StixObject {
  const object: Record<string, unknown> = { type, spec_version: '2.1', ...props };
  return { id: deterministicScoId(object), ...object } as StixObject;
}

/** `mac-addr`, lower-case and colon-separated (spec 6.10). */
export function macObservable(value: string): ObservableResult {
  const hex = value.trim().toLowerCase();
  if (!/^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/.test(hex))
    return { ok: false, reason: `invalid MAC address "${value}"` };
  return { ok: true, sco: sco('mac-addr', { value: hex.replace(/-/g, ':') }) };
}

export function mutexObservable(value: string): ObservableResult {
  return value === ''
    ? { ok: false, reason: 'empty mutex name' }
    : { ok: true, sco: sco('mutex', { name: value }) };
}

/** `windows-registry-key`, optionally with one value's data (MISP `regkey|value`). */
export function registryKeyObservable(key: string, data?: string): ObservableResult {
  if (key.trim() === '') return { ok: false, reason: 'empty registry key' };
  const props: Record<string, unknown> = { key: key.trim() };
  if (data !== undefined) props.values = [{ data }];
  return { ok: true, sco: sco('windows-registry-key', props) };
}

/** `email-message` known only by its subject. */
export function emailSubjectObservable(subject: string): ObservableResult {
  return subject === ''
    ? { ok: false, reason: 'empty e-mail subject' }
    : { ok: true, sco: sco('email-message', { is_multipart: false, subject }) };
}

/** `network-traffic` to (or from) an address and port; `ip` is the address SCO. */
export function trafficObservable(
  ip: StixObject,
  port: number,
  side: 'src' | 'dst',
): ObservableResult {
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return { ok: false, reason: `invalid port "${port}"` };
  return {
    ok: true,
    sco: sco('network-traffic', {
      [`${side}_ref`]: ip.id,
      [`${side}_port`]: port,
      protocols: [ip.type === 'ipv6-addr' ? 'ipv6' : 'ipv4'],
    }),
  };
}

import type { ErrorDetail } from '../api/client.js';
import type { NodeDescriptor, PeerPolicy } from './peer.types.js';

/**
 * Pure helpers of the "add a peer" form: reading a pasted or uploaded descriptor far enough to
 * show what the administrator is about to trust (the node checks it fully, signatures included),
 * the fingerprint as typed, and which field an API error detail belongs to.
 */

/** What the confirmation step shows of a descriptor. */
export type DescriptorFacts = Pick<
  NodeDescriptor,
  'nodeId' | 'name' | 'organization' | 'country' | 'sector' | 'baseUrl' | 'fingerprint'
>;

export type DescriptorReading =
  | { readonly ok: true; readonly descriptor: unknown; readonly facts: DescriptorFacts }
  | { readonly ok: false; readonly problem: 'empty' | 'json' | 'shape' };

const text = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** Parses descriptor JSON; the value is sent as it was read, the facts are for display. */
export function readDescriptor(source: string): DescriptorReading {
  if (source.trim() === '') return { ok: false, problem: 'empty' };
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    return { ok: false, problem: 'json' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, problem: 'shape' };
  }
  const d = value as Record<string, unknown>;
  const org = d.organization as Record<string, unknown> | null | undefined;
  if (
    !text(d.nodeId) ||
    !text(d.name) ||
    !text(d.fingerprint) ||
    !text(d.country) ||
    !text(d.baseUrl) ||
    org === null ||
    typeof org !== 'object' ||
    !text(org.id) ||
    !text(org.name)
  ) {
    return { ok: false, problem: 'shape' };
  }
  return {
    ok: true,
    descriptor: value,
    facts: {
      nodeId: d.nodeId,
      name: d.name,
      organization: { id: org.id, name: org.name },
      country: d.country,
      sector: typeof d.sector === 'string' ? d.sector : '',
      baseUrl: d.baseUrl,
      fingerprint: d.fingerprint,
    },
  };
}

/**
 * A fingerprint as read over the telephone and typed: spaces and line breaks are dropped
 * (`SHA256:` fingerprints contain none), nothing else is changed — the node compares exactly.
 */
export function typedFingerprint(input: string): string {
  return input.replace(/\s+/g, '');
}

/** The fields of the add-peer form that an error detail can point at. */
export type PeerFormField = 'source' | 'fingerprint' | 'policy';

export interface FieldErrors {
  readonly byField: Readonly<Partial<Record<PeerFormField, readonly string[]>>>;
  /** Details that name no field of the form, shown with the general message. */
  readonly other: readonly ErrorDetail[];
}

const FIELD_OF: Readonly<Record<string, PeerFormField>> = {
  descriptor: 'source',
  descriptorUrl: 'source',
  nodeId: 'source',
  fingerprint: 'fingerprint',
  policy: 'policy',
};

/**
 * Sorts error details (`{ path, message }`, paths such as `body/fingerprint`, `/fingerprint`
 * or `/descriptor/signature`) onto the form's fields by their first member.
 */
export function fieldErrors(details: readonly ErrorDetail[]): FieldErrors {
  const byField: Partial<Record<PeerFormField, string[]>> = {};
  const other: ErrorDetail[] = [];
  for (const d of details) {
    const members = d.path
      .replace(/^body(?=\/|$)/, '')
      .split(/[/.]/)
      .filter((m) => m !== '');
    const field = members[0] === undefined ? undefined : FIELD_OF[members[0]];
    if (field === undefined) {
      other.push(d);
      continue;
    }
    const rest = members.slice(1).join('/');
    (byField[field] ??= []).push(rest ? `${rest}: ${d.message}` : d.message);
  }
  return { byField, other };
}

/** A policy with `value` added to or removed from the list `key`, in a stable order. */
export function toggled<K extends 'distributions' | 'content'>(
  policy: PeerPolicy,
  key: K,
  value: PeerPolicy[K][number],
  on: boolean,
  order: readonly PeerPolicy[K][number][],
): PeerPolicy {
  const current = new Set<string>(policy[key]);
  if (on) current.add(value);
  else current.delete(value);
  return { ...policy, [key]: order.filter((v) => current.has(v)) };
}

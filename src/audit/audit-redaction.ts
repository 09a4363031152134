/**
 * What oversight may not read in the audit (issue 8, item 5): the personal data some entries
 * carry. Oversight sees who did what, when and why — actors are the node's own accounts, and
 * the stated reason stays — but not the personal data of others that an entry records. Pure.
 *
 * One declarative table: which field of which action holds which category of personal data.
 * On top of it, e-mail addresses are masked in every remaining string (free text such as a
 * break-glass reason or a rejected routing's note may quote one).
 */
export type PersonalCategory = 'ip-address' | 'account-name' | 'contact-address' | 'person-name';

export interface PersonalField {
  /** The audited action (exact). */
  readonly action: string;
  /** `target`, `reason`, or `details.<member>`. */
  readonly field: string;
  readonly category: PersonalCategory;
  /** Why it is personal, for the record of processing. */
  readonly why: string;
}

export const PERSONAL_AUDIT_FIELDS: readonly PersonalField[] = [
  {
    action: 'auth.sign-in',
    field: 'details.remote',
    category: 'ip-address',
    why: 'the user’s IP address',
  },
  {
    action: 'auth.sign-in.failed',
    field: 'details.remote',
    category: 'ip-address',
    why: 'the caller’s IP address',
  },
  {
    action: 'auth.sign-in.failed',
    field: 'target',
    category: 'account-name',
    why: 'whatever name was typed: often an e-mail address, or someone else’s name',
  },
  {
    action: 'delivery.retry',
    field: 'details.address',
    category: 'contact-address',
    why: 'a recipient’s e-mail address or URL',
  },
  {
    action: 'webhook.secret.rotate',
    field: 'details.address',
    category: 'contact-address',
    why: 'a recipient’s URL',
  },
  {
    action: 'contact.create',
    field: 'details.name',
    category: 'person-name',
    why: 'a contact may be a person',
  },
  {
    action: 'contact.update',
    field: 'details.name',
    category: 'person-name',
    why: 'a contact may be a person',
  },
];

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

export const redactedValue = (category: PersonalCategory | 'e-mail-address') =>
  `[redacted: ${category}]`;

export interface RedactableEntry {
  readonly action: string;
  readonly target: string | null;
  readonly reason: string | null;
  readonly details: Record<string, unknown> | null;
}

/** The entry without personal data, and the fields that were redacted (empty: none). */
export function redactEntry<E extends RedactableEntry>(entry: E): E & { redacted: string[] } {
  const redacted: string[] = [];
  let { target, reason } = entry;
  let details = entry.details === null ? null : { ...entry.details };
  for (const f of PERSONAL_AUDIT_FIELDS) {
    if (f.action !== entry.action) continue;
    if (f.field === 'target' && target !== null) {
      target = redactedValue(f.category);
      redacted.push('target');
    } else if (f.field === 'reason' && reason !== null) {
      reason = redactedValue(f.category);
      redacted.push('reason');
    } else if (f.field.startsWith('details.') && details !== null) {
      const key = f.field.slice('details.'.length);
      if (key in details) {
        details[key] = redactedValue(f.category);
        redacted.push(f.field);
      }
    }
  }
  const scrub = (text: string, path: string): string => {
    const out = text.replace(EMAIL, redactedValue('e-mail-address'));
    if (out !== text) redacted.push(path);
    return out;
  };
  if (target !== null) target = scrub(target, 'target');
  if (reason !== null) reason = scrub(reason, 'reason');
  if (details !== null) details = scrubDeep(details, 'details', scrub) as Record<string, unknown>;
  return { ...entry, target, reason, details, redacted: [...new Set(redacted)] };
}

function scrubDeep(value: unknown, path: string, scrub: (t: string, p: string) => string): unknown {
  if (typeof value === 'string') return scrub(value, path);
  if (Array.isArray(value)) return value.map((v, i) => scrubDeep(v, `${path}.${i}`, scrub));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, scrubDeep(v, `${path}.${k}`, scrub)]),
    );
  }
  return value;
}

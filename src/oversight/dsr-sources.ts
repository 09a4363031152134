import { sql, type Kysely } from 'kysely';
import { caseDb } from '../cases/case.tables.js';
import { withCooperationTables } from '../cooperation/cooperation.tables.js';
import type { Database } from '../platform/database/schema.js';
import { vaultOf } from '../privacy/privacy-vault.js';

/** A record that concerns the identifier: where it is, what it is, which of its fields match. */
export interface DsrMatch {
  readonly source: string;
  readonly recordId: string;
  /** What the record is, without its content (`indicator`, `R4 request, released`). */
  readonly label: string;
  readonly fields: string[];
}

/**
 * One place of the node where personal data lives, searched for an identifier (issue 8,
 * item 7). Each source is its own lookup so that a source whose fields are sealed (encrypted,
 * items 1–2) can replace its plaintext search by a sealed one — a keyed blind index of the
 * identifier, or decrypting under the data-subject-request purpose — without the others
 * changing. `needle` is the identifier in lower case.
 */
export interface DsrSource {
  readonly name: string;
  find(db: Kysely<Database>, needle: string): Promise<DsrMatch[]>;
}

const LIMIT = 500;

/** `lower(column) like '%needle%'`, with `%`, `_` and `\` in the needle taken literally. */
function contains(column: string, needle: string) {
  const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape ${sql.lit('\\')}`;
}

/** Top-level members of a JSON object whose value mentions the needle. */
function matchingMembers(json: string, needle: string): string[] {
  const value = JSON.parse(json) as Record<string, unknown>;
  return Object.entries(value)
    .filter(([, v]) => JSON.stringify(v).toLowerCase().includes(needle))
    .map(([k]) => k);
}

const mentions = (v: string | null, needle: string) =>
  v !== null && v.toLowerCase().includes(needle);

/** STIX objects (latest versions), sightings named apart. */
export const stixObjectsSource: DsrSource = {
  name: 'stix-objects',
  async find(db, needle) {
    const rows = await db
      .selectFrom('stix_objects')
      .select(['id', 'type', 'content'])
      .where('is_latest', '=', 1)
      .where(contains('content', needle))
      .limit(LIMIT)
      .execute();
    return rows.map((r) => ({
      source: r.type === 'sighting' ? 'sightings' : 'stix-objects',
      recordId: r.id,
      label: r.type,
      fields: matchingMembers(r.content, needle),
    }));
  },
};

/** Legal requests: their fields and the reasons given at each transition. */
export const requestsSource: DsrSource = {
  name: 'requests',
  async find(db, needle) {
    const t = withCooperationTables(db);
    const byFields = await t
      .selectFrom('cooperation_requests')
      .select(['id', 'type', 'state', 'fields'])
      .where(contains('fields', needle))
      .limit(LIMIT)
      .execute();
    const byReason = await t
      .selectFrom('cooperation_transitions as tr')
      .innerJoin('cooperation_requests as r', 'r.id', 'tr.request_id')
      .select(['r.id', 'r.type', 'r.state'])
      .where(contains('tr.reason', needle))
      .limit(LIMIT)
      .execute();
    const out = new Map<string, DsrMatch>();
    for (const r of byFields)
      out.set(r.id, {
        source: 'requests',
        recordId: r.id,
        label: `${r.type} request, ${r.state}`,
        fields: matchingMembers(r.fields, needle).map((f) => `fields.${f}`),
      });
    for (const r of byReason) {
      const known = out.get(r.id);
      out.set(r.id, {
        source: 'requests',
        recordId: r.id,
        label: `${r.type} request, ${r.state}`,
        fields: [...new Set([...(known?.fields ?? []), 'transition reason'])],
      });
    }
    return [...out.values()];
  },
};

/** Cases: titles and evidence names and descriptions. */
export const casesSource: DsrSource = {
  name: 'cases',
  async find(db, needle) {
    const t = caseDb(db);
    const titled = await t
      .selectFrom('cases')
      .select(['id', 'reference'])
      .where(contains('title', needle))
      .limit(LIMIT)
      .execute();
    const evidence = await t
      .selectFrom('evidence_items as e')
      .innerJoin('cases as c', 'c.id', 'e.case_id')
      .select(['c.id', 'c.reference', 'e.number', 'e.original_name', 'e.description'])
      .where((eb) =>
        eb.or([contains('e.original_name', needle), contains('e.description', needle)]),
      )
      .limit(LIMIT)
      .execute();
    const out = new Map<string, DsrMatch>();
    for (const c of titled)
      out.set(c.id, {
        source: 'cases',
        recordId: c.id,
        label: `case ${c.reference}`,
        fields: ['title'],
      });
    for (const e of evidence) {
      const known = out.get(e.id);
      const fields = [
        ...(mentions(e.original_name, needle) ? [`evidence ${e.number} name`] : []),
        ...(mentions(e.description, needle) ? [`evidence ${e.number} description`] : []),
      ];
      out.set(e.id, {
        source: 'cases',
        recordId: e.id,
        label: `case ${e.reference}`,
        fields: [...(known?.fields ?? []), ...fields],
      });
    }
    return [...out.values()];
  },
};

/** Routing contacts (a contact may be a person). */
export const contactsSource: DsrSource = {
  name: 'contacts',
  async find(db, needle) {
    const rows = await db
      .selectFrom('routing_contacts')
      .select(['id', 'kind', 'name', 'address', 'notes'])
      .where((eb) =>
        eb.or([contains('name', needle), contains('address', needle), contains('notes', needle)]),
      )
      .limit(LIMIT)
      .execute();
    return rows.map((r) => ({
      source: 'contacts',
      recordId: r.id,
      label: `contact (${r.kind})`,
      fields: (['name', 'address', 'notes'] as const).filter((f) => mentions(r[f], needle)),
    }));
  },
};

/** The node's own accounts. */
export const accountsSource: DsrSource = {
  name: 'accounts',
  async find(db, needle) {
    const rows = await db
      .selectFrom('users')
      .select(['id', 'role'])
      .where(contains('username', needle))
      .limit(LIMIT)
      .execute();
    return rows.map((r) => ({
      source: 'accounts',
      recordId: r.id,
      label: `account (${r.role})`,
      fields: ['username'],
    }));
  },
};

/** Audit entries: their target, stated reason and details. */
export const auditSource: DsrSource = {
  name: 'audit',
  async find(db, needle) {
    const rows = await db
      .selectFrom('audit_log')
      .select(['seq', 'action', 'target', 'reason', 'details'])
      .where((eb) =>
        eb.or([
          contains('target', needle),
          contains('reason', needle),
          contains('details', needle),
        ]),
      )
      .orderBy('seq')
      .limit(LIMIT)
      .execute();
    return rows.map((r) => ({
      source: 'audit',
      recordId: String(r.seq),
      label: r.action,
      fields: (['target', 'reason', 'details'] as const).filter((f) => mentions(r[f], needle)),
    }));
  },
};

/**
 * Sealed fields of requests and of case subjects, through the keyed blind index: the whole
 * identifier (normalised — an e-mail address, an account, a name as written), found without
 * opening any envelope. `db` must carry the privacy vault.
 */
/** Which field of a request or a case a blind-index entry stands for. */
function sealedFieldLabel(source: string, record: string, field: string): string {
  if (field === 'purposeText') return `purpose stated at opening ${record}`;
  if (field === 'fileName' || field === 'fileContent') return `file ${record} ${field.slice(4)}`;
  if (field === 'fileNames') return `transition ${record} file names`;
  if (source === 'requests')
    return record === '' ? `fields.${field}` : `transition ${record} reason`;
  if (record === '') return field === 'closedReason' ? 'closing reason' : field;
  if (field === 'evidenceName') return `evidence ${record} name`;
  if (field === 'evidenceDescription') return `evidence ${record} description`;
  return `subject ${record} ${field}`;
}

export const sealedFieldsSource: DsrSource = {
  name: 'sealed-fields',
  async find(db, needle) {
    const hits = await vaultOf(db).findIdentifier(db, needle);
    const requestIds = new Set<string>();
    const caseIds = new Set<string>();
    for (const h of hits) {
      const [kind, id] = h.scope.split(':', 2) as [string, string];
      if (kind === 'request') requestIds.add(id);
      else if (kind === 'case') caseIds.add(id);
    }
    const requests =
      requestIds.size === 0
        ? []
        : await withCooperationTables(db)
            .selectFrom('cooperation_requests')
            .select(['id', 'type', 'state'])
            .where('id', 'in', [...requestIds])
            .execute();
    const cases =
      caseIds.size === 0
        ? []
        : await caseDb(db)
            .selectFrom('cases')
            .select(['id', 'reference'])
            .where('id', 'in', [...caseIds])
            .execute();
    const labels = new Map<string, { source: string; label: string }>([
      ...requests.map(
        (r) =>
          [
            `request:${r.id}`,
            { source: 'requests', label: `${r.type} request, ${r.state}` },
          ] as const,
      ),
      ...cases.map(
        (c) => [`case:${c.id}`, { source: 'cases', label: `case ${c.reference}` }] as const,
      ),
    ]);
    const out = new Map<string, DsrMatch>();
    for (const h of hits) {
      const known = labels.get(h.scope);
      if (!known) continue;
      const recordId = h.scope.slice(h.scope.indexOf(':') + 1);
      const field = `${sealedFieldLabel(known.source, h.record, h.field)} (sealed)`;
      const m = out.get(h.scope) ?? { ...known, recordId, fields: [] };
      if (!m.fields.includes(field)) m.fields.push(field);
      out.set(h.scope, m);
    }
    return [...out.values()].slice(0, LIMIT);
  },
};

export const DSR_SOURCES: readonly DsrSource[] = [
  stixObjectsSource,
  sealedFieldsSource,
  requestsSource,
  casesSource,
  contactsSource,
  accountsSource,
  auditSource,
];

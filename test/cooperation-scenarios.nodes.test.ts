/**
 * Legal cooperation end to end between two `nohaven start` processes in fake time (issue 7,
 * "Done when"): node A (France; SQLite) and node B (Germany; PostgreSQL when it is configured),
 * peered through their REST APIs, both reading their time from one clock file
 * (`NOHAVEN_CLOCK_FILE`) that the test rewrites. Their own workers sweep the legal clocks and
 * dispatch the outbox every second (`sweepIntervalSeconds: 1`); the test waits for what the
 * API of each node shows.
 *
 * - an emergency EPOC (E1) to a provider on B: the 8-hour production clock and the 96-hour
 *   enforcing-authority window, each reminder at its lead time, the escalation and the overdue
 *   flag on both nodes when the provider is late, the production afterwards;
 * - an extradition request (R10): every step reaches the requesting node, and no clock runs
 *   (its definition has none), even a year on;
 * - two preservation requests (R4): one extended once and left to expire (reminders 7 days,
 *   1 day and 4 hours before, escalation, expired on both nodes), one followed by an access
 *   request (R6) naming it: the R6 is linked to it on both nodes, its receipt holds the
 *   preservation on both nodes past the date it would have expired, the requesting node follows
 *   the review and execution of the R6, and the release closes the preservation.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_LISTS } from '../src/cooperation/code-lists.js';
import { runCli } from './support/cli-process.js';
import { DIALECTS } from './support/dialects.js';
import {
  apiToken,
  peerAll,
  startCluster,
  waitFor,
  type ClusterNode,
} from './support/node-cluster.js';

const SLOW = 120_000;
const PASSWORD = 'scenario-password-1';

type Deadline = {
  code: string;
  party: string;
  status: string;
  startedAt: string;
  dueAt: string;
  zone: string;
  extensions: number;
  heldAt: string | null;
  closedAt: string | null;
  escalatedAt: string | null;
};
type Reminder = {
  kind: string;
  deadline: string;
  leadMinutes: number | null;
  audience: string;
  userId: string;
  at: string;
};
type View = {
  id: string;
  type: string;
  state: string;
  side: string;
  parentId: string | null;
  fields: Record<string, unknown>;
  receivedAt: string | null;
  closedAt: string | null;
  overdue: boolean;
  nextDeadline: { code: string; dueAt: string } | null;
  timeline: {
    transitions: { from: string | null; to: string; actor: string; at: string; reason: string }[];
    deadlines: Deadline[];
    reminders: Reminder[];
    files: { name: string; sha256: string; size: number }[];
  };
};

const dir = mkdtempSync(join(tmpdir(), 'nohaven-scenarios-'));
const clockFile = join(dir, 'clock');
const cooperationFile = join(dir, 'cooperation.json');

/** Moves both nodes' time: the file is replaced whole, never read half-written. */
function setClock(iso: string): void {
  writeFileSync(`${clockFile}.next`, `${iso}\n`);
  renameSync(`${clockFile}.next`, clockFile);
}

const text = (t: string) => ({ text: t, lang: 'en' });

let a: ClusterNode;
let b: ClusterNode;
const tokens: Record<string, string> = {};
/** User ids by user name, on both nodes. */
const ids: Record<string, string> = {};
const orgs: Record<string, string> = {};
/** Which node each user lives on. */
const home: Record<string, ClusterNode> = {};

async function call(user: string, method: string, path: string, body?: unknown, status = 200) {
  const res = await home[user]!.api(method, path, body, tokens[user]);
  expect(res.status, `${user} ${method} ${path}: ${res.text}`).toBe(status);
  return res.json as View;
}
const view = (user: string, id: string) => call(user, 'GET', `/api/v1/requests/${id}`);
const move = (user: string, id: string, to: string, extra: Record<string, unknown> = {}) =>
  call(user, 'POST', `/api/v1/requests/${id}/transitions`, { to, ...extra });

/** Waits until `user` sees the request satisfy `check`; answers what was seen last. */
async function until(user: string, id: string, what: string, check: (v: View) => boolean) {
  let last: View | null = null;
  try {
    await waitFor(
      async () => {
        // Not delivered yet: the request is not found on the receiving node.
        const res = await home[user]!.api('GET', `/api/v1/requests/${id}`, undefined, tokens[user]);
        if (res.status === 404) return false;
        expect(res.status, res.text).toBe(200);
        return check((last = res.json as View));
      },
      `${user}: ${what}`,
      30_000,
    );
  } catch (err) {
    throw new Error(`${String(err)}; last seen: ${JSON.stringify(last)}`);
  }
  return last!;
}
const inState = (user: string, id: string, state: string) =>
  until(user, id, `state ${state}`, (v) => v.state === state);
const deadline = (v: View, code: string) => v.timeline.deadlines.find((d) => d.code === code);
/** Reminders as `kind deadline lead audience user`, in the view's order. */
const notices = (v: View) =>
  v.timeline.reminders.map(
    (r) =>
      `${r.kind} ${r.deadline} ${r.leadMinutes ?? '-'} ${r.audience} ${name(r.userId)} ${r.at}`,
  );
const name = (userId: string) => Object.keys(ids).find((k) => ids[k] === userId) ?? userId;

/** Creates, submits, has approved by `approver` (four-eyes) and sends a request; its id. */
async function send(user: string, approver: string, body: Record<string, unknown>) {
  const draft = await call(user, 'POST', '/api/v1/requests', body, 201);
  await move(user, draft.id, 'pending_approval');
  await move(approver, draft.id, 'approved');
  await move(user, draft.id, 'sent');
  return draft.id;
}

async function organization(
  node: ClusterNode,
  orgName: string,
  sector: string,
  country: string,
  users: Record<string, string>,
) {
  const res = await node.api('POST', '/api/v1/organizations', {
    name: orgName,
    sector,
    country,
  });
  expect(res.status, res.text).toBe(201);
  const org = (res.json as { organization: { id: string } }).organization;
  for (const [username, role] of Object.entries(users)) {
    const u = await node.api('POST', '/api/v1/users', {
      username,
      role,
      organization: org.id,
      password: PASSWORD,
    });
    expect(u.status, u.text).toBe(201);
    ids[username] = (u.json as { user: { id: string } }).user.id;
    home[username] = node;
  }
  await Promise.all(
    Object.keys(users).map(async (u) => (tokens[u] = await apiToken(node.url, u, PASSWORD))),
  );
  return org.id;
}

beforeAll(async () => {
  setClock('2026-12-01T07:00:00.000Z');
  writeFileSync(
    cooperationFile,
    JSON.stringify({ sweepIntervalSeconds: 1, reminderLeadTimes: ['7d', '1d', '4h'] }),
  );
  const env = {
    NOHAVEN_CLOCK_FILE: clockFile,
    NOHAVEN_COOPERATION_FILE: cooperationFile,
    NOHAVEN_SECTOR: 'law-enforcement',
  };
  const nodes = await startCluster([
    {
      key: 'fr',
      nodeName: 'FR node',
      organization: 'FR node operator',
      country: 'FR',
      dialect: DIALECTS[0]!,
      env,
    },
    {
      key: 'de',
      nodeName: 'DE node',
      organization: 'DE node operator',
      country: 'DE',
      dialect: DIALECTS[DIALECTS.length - 1]!,
      env,
    },
  ]);
  a = nodes[0]!;
  b = nodes[1]!;
  // The organisations exist before peering: the peers' hellos carry them.
  orgs.ofac = await organization(a, 'OFAC', 'law-enforcement', 'FR', {
    frpoc: 'contact-point',
    frpoc2: 'contact-point',
    frinv: 'investigator',
    frpros: 'investigator',
    frsup: 'admin',
  });
  orgs.bka = await organization(b, 'BKA', 'law-enforcement', 'DE', {
    depoc: 'contact-point',
    deinv: 'investigator',
    depros: 'investigator',
    desup: 'admin',
  });
  orgs.mail = await organization(b, 'Mailhost GmbH', 'industry', 'DE', {
    mhprov: 'contact-point',
    mhanalyst: 'analyst',
    mhsup: 'admin',
  });
  await peerAll([a, b]);
}, SLOW);
afterAll(async () => {
  await Promise.all([a?.dispose(), b?.dispose()]);
  rmSync(dir, { recursive: true, force: true });
}, SLOW);

describe('legal cooperation between two node processes in fake time', () => {
  it(
    'starts both nodes on the test clock, saying so, with the peer organisations as recipients',
    async () => {
      for (const n of [a, b]) {
        expect(n.output()).toContain(
          `WARNING: TEST CLOCK IN USE: this node's time is read from ${clockFile}`,
        );
        expect(n.output()).toContain('now 2026-12-01T07:00:00.000Z');
      }
      const res = await a.api('GET', '/api/v1/request-recipients', undefined, tokens.frinv);
      const recipients = (res.json as { organizations: { id: string; node: unknown }[] })
        .organizations;
      for (const id of [orgs.bka, orgs.mail])
        expect(recipients.find((r) => r.id === id)?.node).toMatchObject({ name: 'DE node' });
    },
    SLOW,
  );

  it(
    'runs an emergency EPOC (E1) to a provider: 8 hours to produce, 96 hours for the enforcing authority',
    async () => {
      setClock('2026-12-01T08:00:00.000Z');
      const id = await send('frinv', 'frpros', {
        type: 'E1',
        urgency: 'emergency',
        channel: 'provider_direct',
        recipientOrganizationId: orgs.mail,
        fields: {
          issuing_authority: { name: 'Parquet de Paris, J3', country: 'FR' },
          file_number: text('PNC 2026/4471'),
          addressee_type: CODE_LISTS.addressee_type[0],
          identifiers: [{ kind: 'email', value: 'ransom-desk@mailhost.example' }],
          data_categories: ['subscriber_information'],
          offences: ['BC-5-system-interference'],
          necessity_grounds: text('Identify who runs the extortion mailbox.'),
          emergency_reasons: text('A hospital is held to ransom; patients are being moved.'),
          enforcing_state_notified: true,
        },
      });
      // B's signed receipt starts the clocks on both nodes, at B's time.
      const sent = await inState('frinv', id, 'received');
      expect(sent.receivedAt).toBe('2026-12-01T08:00:00.000Z');
      const got = await view('mhprov', id);
      expect([got.side, got.state, got.receivedAt]).toEqual([
        'recipient',
        'received',
        '2026-12-01T08:00:00.000Z',
      ]);
      for (const v of [sent, got]) {
        expect(deadline(v, 'production')).toMatchObject({
          party: 'recipient',
          status: 'running',
          startedAt: '2026-12-01T08:00:00.000Z',
          dueAt: '2026-12-01T16:00:00.000Z',
          zone: 'Europe/Berlin',
        });
        expect(deadline(v, 'enforcing-review')).toMatchObject({
          party: 'requester',
          status: 'running',
          dueAt: '2026-12-05T08:00:00.000Z',
        });
        expect(deadline(v, 'recognition')).toBeUndefined();
        expect(v.nextDeadline).toEqual(expect.objectContaining({ code: 'production' }));
      }
      // The first sweep: the provider's contact point (nobody handles it yet) is reminded of the
      // 8 hours (already inside the 1-day lead); the issuer of the 96 hours (inside 7 days).
      const provider = await until(
        'mhprov',
        id,
        'the first reminder',
        (v) => notices(v).length > 0,
      );
      expect(notices(provider)).toEqual([
        'reminder production 1440 contact-point mhprov 2026-12-01T08:00:00.000Z',
      ]);
      const issuer = await until('frinv', id, 'the first reminder', (v) => notices(v).length > 0);
      expect(notices(issuer)).toEqual([
        'reminder enforcing-review 10080 responsible frinv 2026-12-01T08:00:00.000Z',
      ]);

      setClock('2026-12-01T09:00:00.000Z');
      await move('mhprov', id, 'acknowledged');
      await inState('frinv', id, 'acknowledged');

      // 4 hours before: the provider's handler now.
      setClock('2026-12-01T12:00:00.000Z');
      const fourHours = await until('mhprov', id, 'the 4-hour reminder', (v) =>
        notices(v).some((n) => n.includes(' 240 ')),
      );
      expect(notices(fourHours).slice(1)).toEqual([
        'reminder production 240 responsible mhprov 2026-12-01T12:00:00.000Z',
      ]);

      // The 8 hours run out: escalation to the handler and the supervisor; overdue on both nodes.
      setClock('2026-12-01T16:00:00.000Z');
      const late = await until('mhprov', id, 'the escalation', (v) => v.overdue);
      expect(notices(late).slice(2)).toEqual([
        'escalation production - responsible mhprov 2026-12-01T16:00:00.000Z',
        'escalation production - supervisor mhsup 2026-12-01T16:00:00.000Z',
      ]);
      expect(deadline(late, 'production')).toMatchObject({
        status: 'overdue',
        escalatedAt: '2026-12-01T16:00:00.000Z',
      });
      expect(late.state).toBe('acknowledged');
      const lateAtA = await until('frinv', id, 'overdue', (v) => v.overdue);
      expect(deadline(lateAtA, 'production')).toMatchObject({ status: 'overdue' });
      const overdueList = await b.api(
        'GET',
        '/api/v1/requests?overdue=true',
        undefined,
        tokens.mhprov,
      );
      expect((overdueList.json as { requests: View[] }).requests.map((r) => r.id)).toContain(id);

      // The provider produces, late: its clock is met on both nodes, the data reach A intact.
      setClock('2026-12-01T17:00:00.000Z');
      const csv = Buffer.from(
        'account,created,ip\nransom-desk,2026-11-20T10:00:00Z,198.51.100.7\n',
      );
      await move('mhprov', id, 'produced', {
        files: [
          { name: 'subscriber.csv', mediaType: 'text/csv', contentBase64: csv.toString('base64') },
        ],
      });
      const produced = await inState('frinv', id, 'produced');
      expect(produced.overdue).toBe(false);
      expect(deadline(produced, 'production')).toMatchObject({
        status: 'met',
        closedAt: '2026-12-01T17:00:00.000Z',
        escalatedAt: '2026-12-01T16:00:00.000Z',
      });
      expect(produced.timeline.files).toEqual([
        expect.objectContaining({
          name: 'subscriber.csv',
          sha256: createHash('sha256').update(csv).digest('hex'),
          size: csv.length,
        }),
      ]);
      expect(deadline(await view('mhprov', id), 'production')?.status).toBe('met');

      // The enforcing authority's 96 hours, on the issuer's side: 1 day and 4 hours before, then out.
      setClock('2026-12-04T08:00:00.000Z');
      await until('frinv', id, 'the 1-day reminder', (v) => notices(v).length === 2);
      setClock('2026-12-05T04:00:00.000Z');
      await until('frinv', id, 'the 4-hour reminder', (v) => notices(v).length === 3);
      setClock('2026-12-05T08:00:00.000Z');
      const window = await until('frinv', id, 'the escalation', (v) => v.overdue);
      // (The two contact points come in the order of their ids.)
      expect(notices(window).sort()).toEqual(
        [
          'reminder enforcing-review 10080 responsible frinv 2026-12-01T08:00:00.000Z',
          'reminder enforcing-review 1440 responsible frinv 2026-12-04T08:00:00.000Z',
          'reminder enforcing-review 240 responsible frinv 2026-12-05T04:00:00.000Z',
          'escalation enforcing-review - responsible frinv 2026-12-05T08:00:00.000Z',
          'escalation enforcing-review - contact-point frpoc 2026-12-05T08:00:00.000Z',
          'escalation enforcing-review - contact-point frpoc2 2026-12-05T08:00:00.000Z',
          'escalation enforcing-review - supervisor frsup 2026-12-05T08:00:00.000Z',
        ].sort(),
      );
      // B flags its copy too; its reminders stay those of the clocks the provider acts on.
      const atB = await until(
        'mhprov',
        id,
        'the window overdue',
        (v) => deadline(v, 'enforcing-review')?.status === 'overdue',
      );
      expect(notices(atB)).toHaveLength(4);

      // Closing the order ends the window's clock; nothing is overdue any more.
      setClock('2026-12-05T09:00:00.000Z');
      const closed = await move('frinv', id, 'closed');
      expect([closed.state, closed.overdue, closed.nextDeadline]).toEqual(['closed', false, null]);
    },
    SLOW,
  );

  it(
    'runs an extradition request (R10) to its end: every step reaches the requester, no clock runs',
    async () => {
      setClock('2026-12-07T09:00:00.000Z');
      const fields = {
        requesting_authority: { name: 'Ministère de la Justice, BEPI', country: 'FR' },
        person_identity: text('Jean Exemple, born 1990-04-01 in Lyon'),
        offences: ['BC-5-system-interference'],
        facts: text('Ran the botnet that attacked the hospital.'),
        max_penalty_months: 60,
        warrant_reference: text('Mandat d’arrêt 2026/118, juge d’instruction de Paris'),
        provisional_arrest_requested: true,
      };
      // Below the threshold of BC Art 24(1)(a): refused, naming the article.
      const low = await a.api(
        'POST',
        '/api/v1/requests',
        {
          type: 'R10',
          recipientOrganizationId: orgs.bka,
          fields: { ...fields, max_penalty_months: 6 },
        },
        tokens.frinv,
      );
      expect(low.status).toBe(400);
      expect(low.text).toContain('max_penalty_months');
      const id = await send('frinv', 'frpros', {
        type: 'R10',
        recipientOrganizationId: orgs.bka,
        fields,
      });
      await inState('frinv', id, 'received');
      setClock('2026-12-08T09:00:00.000Z');
      await move('deinv', id, 'acknowledged');
      await inState('frinv', id, 'acknowledged');
      setClock('2026-12-09T09:00:00.000Z');
      await move('deinv', id, 'under_review');
      await inState('frinv', id, 'under_review');
      // Germany does not extradite its national: it prosecutes at home and reports the result.
      setClock('2026-12-15T09:00:00.000Z');
      await move('deinv', id, 'domestic_prosecution', {
        ground: 'nationality',
        reason: 'German national (Art 16(2) GG): prosecuted in Germany at the request of France.',
      });
      await inState('frinv', id, 'domestic_prosecution');
      setClock('2027-12-15T09:00:00.000Z');
      await move('deinv', id, 'prosecution_result_reported', {
        reason: 'Convicted by the Landgericht Frankfurt: 3 years.',
      });
      const done = await inState('frinv', id, 'prosecution_result_reported');
      expect(done.timeline.transitions.map((t) => [t.to, t.at])).toEqual([
        ['draft', '2026-12-07T09:00:00.000Z'],
        ['pending_approval', '2026-12-07T09:00:00.000Z'],
        ['approved', '2026-12-07T09:00:00.000Z'],
        ['sent', '2026-12-07T09:00:00.000Z'],
        ['received', '2026-12-07T09:00:00.000Z'],
        ['acknowledged', '2026-12-08T09:00:00.000Z'],
        ['under_review', '2026-12-09T09:00:00.000Z'],
        ['domestic_prosecution', '2026-12-15T09:00:00.000Z'],
        ['prosecution_result_reported', '2027-12-15T09:00:00.000Z'],
      ]);
      expect(done.closedAt).toBe('2027-12-15T09:00:00.000Z');
      for (const v of [done, await view('deinv', id)]) {
        expect([v.timeline.deadlines, v.timeline.reminders, v.overdue]).toEqual([[], [], false]);
      }
    },
    SLOW,
  );

  it(
    'runs two preservations (R4): one extended and expired, one held by its follow-up access request (R6)',
    async () => {
      const r4 = (custodian: string) => ({
        type: 'R4',
        urgency: 'urgent',
        channel: '24_7',
        recipientOrganizationId: orgs.bka,
        fields: {
          requesting_authority: { name: 'OFAC, Police nationale', country: 'FR' },
          offences: ['BC-5-system-interference'],
          facts: text('DDoS against a hospital from a botnet controller hosted in Frankfurt.'),
          identifiers: [
            { kind: 'ip', value: '203.0.113.9', timestamp: '2028-04-03T08:55:00+02:00' },
          ],
          data_categories: ['traffic_data', 'subscriber_information'],
          relationship_to_offence: text('The controller that commanded the attack.'),
          custodian: text(custodian),
          necessity: text('Logs are rotated after 7 days.'),
          mla_follow_up_intended: true,
        },
      });
      setClock('2028-04-03T08:00:00.000Z');
      const lapsing = await send('frpoc', 'frpoc2', r4('Hosting company A, AS64500'));
      const followed = await send('frpoc', 'frpoc2', r4('Hosting company B, AS64501'));
      for (const id of [lapsing, followed]) {
        await inState('depoc', id, 'received');
        await move('depoc', id, 'acknowledged');
      }
      setClock('2028-04-03T09:00:00.000Z');
      for (const id of [lapsing, followed]) await move('depoc', id, 'preserved');
      // At least 60 days from the preservation, on both nodes (Berlin summer time throughout).
      for (const id of [lapsing, followed]) {
        const atA = await inState('frpoc', id, 'preserved');
        for (const v of [atA, await view('depoc', id)])
          expect(deadline(v, 'preservation')).toMatchObject({
            party: 'requester',
            status: 'running',
            startedAt: '2028-04-03T09:00:00.000Z',
            dueAt: '2028-06-02T09:00:00.000Z',
            zone: 'Europe/Berlin',
            extensions: 0,
          });
      }

      // The lapsing one is extended once, by 60 days from its due date.
      setClock('2028-05-02T09:00:00.000Z');
      await move('depoc', lapsing, 'extended', { reason: 'The investigation needs more time.' });
      const extended = await inState('frpoc', lapsing, 'extended');
      for (const v of [extended, await view('depoc', lapsing)])
        expect(deadline(v, 'preservation')).toMatchObject({
          status: 'running',
          dueAt: '2028-08-01T09:00:00.000Z',
          extensions: 1,
        });

      // The other is followed up by an access request naming it, linked to it on both nodes.
      setClock('2028-05-03T09:00:00.000Z');
      const r6 = await send('frinv', 'frpros', {
        type: 'R6',
        recipientOrganizationId: orgs.bka,
        fields: {
          requesting_authority: { name: 'Parquet de Paris, J3', country: 'FR' },
          regime: 'bc_art27',
          offences: ['BC-5-system-interference'],
          facts: text('The botnet controller of the hospital DDoS.'),
          measures: ['PRODUCTION_ORDER'],
          preservation_ref: followed,
          identifiers: [
            { kind: 'ip', value: '203.0.113.9', timestamp: '2028-04-03T08:55:00+02:00' },
          ],
          data_categories: ['traffic_data'],
        },
      });
      const r6AtB = await inState('deinv', r6, 'received');
      expect(r6AtB.parentId).toBe(followed);
      expect((await view('frinv', r6)).parentId).toBe(followed);
      // Its receipt holds the preservation on both nodes.
      for (const user of ['frpoc', 'depoc']) {
        const held = await inState(user, followed, 'follow_up_received');
        expect(held.timeline.transitions.at(-1)).toMatchObject({
          to: 'follow_up_received',
          at: '2028-05-03T09:00:00.000Z',
          reason: `follow-up R6 ${r6} received`,
        });
        expect(deadline(held, 'preservation')).toMatchObject({
          status: 'held',
          heldAt: '2028-05-03T09:00:00.000Z',
          dueAt: '2028-06-02T09:00:00.000Z',
        });
      }

      // The extended one: reminded 7 days, 1 day and 4 hours before; then it expires on both
      // nodes. The held one, long past its first due date, neither reminds nor expires.
      setClock('2028-07-25T09:00:00.000Z');
      await until('frpoc', lapsing, 'the 7-day reminder', (v) => notices(v).length === 1);
      setClock('2028-07-31T09:00:00.000Z');
      await until('frpoc', lapsing, 'the 1-day reminder', (v) => notices(v).length === 2);
      setClock('2028-08-01T05:00:00.000Z');
      await until('frpoc', lapsing, 'the 4-hour reminder', (v) => notices(v).length === 3);
      setClock('2028-08-01T09:00:00.000Z');
      const expired = await inState('frpoc', lapsing, 'expired');
      expect(notices(expired)).toEqual([
        'reminder preservation 10080 responsible frpoc 2028-07-25T09:00:00.000Z',
        'reminder preservation 1440 responsible frpoc 2028-07-31T09:00:00.000Z',
        'reminder preservation 240 responsible frpoc 2028-08-01T05:00:00.000Z',
        'escalation preservation - responsible frpoc 2028-08-01T09:00:00.000Z',
        'escalation preservation - contact-point frpoc2 2028-08-01T09:00:00.000Z',
        'escalation preservation - supervisor frsup 2028-08-01T09:00:00.000Z',
      ]);
      expect(deadline(expired, 'preservation')).toMatchObject({
        status: 'overdue',
        escalatedAt: '2028-08-01T09:00:00.000Z',
        closedAt: '2028-08-01T09:00:00.000Z',
      });
      expect(expired.closedAt).toBe('2028-08-01T09:00:00.000Z');
      await inState('depoc', lapsing, 'expired');
      for (const user of ['frpoc', 'depoc']) {
        const still = await view(user, followed);
        expect([still.state, still.overdue, still.timeline.reminders]).toEqual([
          'follow_up_received',
          false,
          [],
        ]);
      }

      // The R6 is reviewed and executed on B; A follows each step, and gets the data.
      setClock('2028-08-02T09:00:00.000Z');
      await move('deinv', r6, 'acknowledged');
      await move('deinv', r6, 'under_review');
      await inState('frinv', r6, 'under_review');
      setClock('2028-08-03T09:00:00.000Z');
      await move('deinv', r6, 'executing');
      await inState('frinv', r6, 'executing');
      const logs = Buffer.from('ts,ip\n2028-04-03T06:55:00Z,203.0.113.9\n');
      await move('deinv', r6, 'executed', {
        files: [
          { name: 'traffic.csv', mediaType: 'text/csv', contentBase64: logs.toString('base64') },
        ],
      });
      const executed = await inState('frinv', r6, 'executed');
      expect(executed.timeline.files.map((f) => f.sha256)).toEqual([
        createHash('sha256').update(logs).digest('hex'),
      ]);
      // The data are handed over: B releases the preservation, its clock is met on both nodes.
      setClock('2028-08-04T09:00:00.000Z');
      await move('depoc', followed, 'released');
      const released = await inState('frpoc', followed, 'released');
      for (const v of [released, await view('depoc', followed)])
        expect(deadline(v, 'preservation')).toMatchObject({
          status: 'met',
          closedAt: '2028-08-04T09:00:00.000Z',
        });
      expect((await move('frinv', r6, 'closed')).state).toBe('closed');
    },
    SLOW,
  );

  it(
    'runs an EPOC (E1) the provider cannot comply with: 10 days, then 5 German working days to recognise it',
    async () => {
      setClock('2028-12-18T09:00:00.000Z');
      const id = await send('frinv', 'frpros', {
        type: 'E1',
        urgency: 'normal',
        channel: 'provider_direct',
        recipientOrganizationId: orgs.mail,
        fields: {
          issuing_authority: { name: 'Parquet de Paris, J3', country: 'FR' },
          file_number: text('PNC 2028/0912'),
          addressee_type: CODE_LISTS.addressee_type[0],
          identifiers: [{ kind: 'email', value: 'phish-kit@mailhost.example' }],
          data_categories: ['subscriber_information'],
          offences: ['BC-8-computer-fraud'],
          necessity_grounds: text('Identify who sells the phishing kit.'),
          enforcing_state_notified: false,
        },
      });
      // Not notified to the enforcing State: no objection window, only the 10 days.
      const sent = await inState('frinv', id, 'received');
      for (const v of [sent, await view('mhprov', id)]) {
        expect(v.timeline.deadlines.map((d) => [d.code, d.status, d.dueAt])).toEqual([
          ['production', 'running', '2028-12-28T09:00:00.000Z'],
        ]);
      }
      // 7 days before the 10 are out: the provider's contact point.
      setClock('2028-12-21T09:00:00.000Z');
      const reminded = await until(
        'mhprov',
        id,
        'the 7-day reminder',
        (v) => notices(v).length > 0,
      );
      expect(notices(reminded)).toEqual([
        'reminder production 10080 contact-point mhprov 2028-12-21T09:00:00.000Z',
      ]);
      setClock('2028-12-21T10:00:00.000Z');
      await move('mhprov', id, 'cannot_comply', {
        ground: 'data_not_stored',
        reason: 'The mailbox was deleted before the order arrived.',
      });
      const refusedAtA = await inState('frinv', id, 'cannot_comply');
      expect(deadline(refusedAtA, 'production')).toMatchObject({
        status: 'met',
        closedAt: '2028-12-21T10:00:00.000Z',
      });
      // The issuer turns to the enforcing authority: 5 working days in Germany, skipping the
      // weekend, Christmas (25, 26 December) and New Year's Day: the end of 2 January, Berlin time.
      setClock('2028-12-21T11:00:00.000Z');
      await move('frpros', id, 'enforcement_requested', {
        reason: 'No reason given by the provider for the deletion after receipt.',
      });
      expect(deadline(await view('frinv', id), 'recognition')).toMatchObject({
        party: 'requester',
        status: 'running',
        startedAt: '2028-12-21T11:00:00.000Z',
        dueAt: '2029-01-02T23:00:00.000Z',
        zone: 'Europe/Berlin',
      });
      setClock('2028-12-26T23:00:00.000Z');
      await until('frinv', id, 'the 7-day reminder', (v) => notices(v).length === 1);
      setClock('2029-01-01T23:00:00.000Z');
      await until('frinv', id, 'the 1-day reminder', (v) => notices(v).length === 2);
      setClock('2029-01-02T19:00:00.000Z');
      await until('frinv', id, 'the 4-hour reminder', (v) => notices(v).length === 3);
      setClock('2029-01-02T23:00:00.000Z');
      const late = await until('frinv', id, 'the escalation', (v) => v.overdue);
      expect(notices(late).sort()).toEqual(
        [
          'reminder recognition 10080 responsible frinv 2028-12-26T23:00:00.000Z',
          'reminder recognition 1440 responsible frinv 2029-01-01T23:00:00.000Z',
          'reminder recognition 240 responsible frinv 2029-01-02T19:00:00.000Z',
          'escalation recognition - responsible frinv 2029-01-02T23:00:00.000Z',
          'escalation recognition - contact-point frpoc 2029-01-02T23:00:00.000Z',
          'escalation recognition - contact-point frpoc2 2029-01-02T23:00:00.000Z',
          'escalation recognition - supervisor frsup 2029-01-02T23:00:00.000Z',
        ].sort(),
      );
      // No expiry state for this clock: only overdue; recognised late, it is met then.
      expect(late.state).toBe('enforcement_requested');
      setClock('2029-01-03T09:00:00.000Z');
      const recognised = await move('frpros', id, 'recognised');
      expect([recognised.state, recognised.overdue]).toEqual(['recognised', false]);
      expect(deadline(await view('frinv', id), 'recognition')).toMatchObject({
        status: 'met',
        closedAt: '2029-01-03T09:00:00.000Z',
      });
      // Enforcement is the issuer's business with the enforcing authority: the provider's copy
      // stays where the provider left it, without that clock.
      const atB = await view('mhprov', id);
      expect([atB.state, deadline(atB, 'recognition')]).toEqual(['cannot_comply', undefined]);
    },
    SLOW,
  );

  it('refuses to start a node whose clock file cannot be read, naming the setting', async () => {
    const missing = join(dir, 'no-such-clock');
    const run = await runCli(['start'], {
      NOHAVEN_DATA_DIR: join(dir, 'never-started'),
      NOHAVEN_CLOCK_FILE: missing,
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(
      `nohaven start: configuration error: NOHAVEN_CLOCK_FILE: ${missing}: ENOENT`,
    );
  });
});

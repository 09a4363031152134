/**
 * `nohaven request outbox | dispatch | list --json` (issue 7, item 5) on both databases, with
 * two nodes peered over HTTP: the operator sees a message waiting for a node that is down
 * (attempts, next try, last error), delivers it now when the node is back, with progress on a
 * terminal, and bad arguments are named. Most runs are in-process (the nodes run on a fake
 * clock); two run the real command in another process.
 */
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CliCommand, CliContext } from '../src/cli/command.js';
import { UsageError } from '../src/cli/command.js';
import {
  requestDispatchCommand,
  requestOutboxCommand,
} from '../src/cli/commands/request-exchange.command.js';
import { requestListCommand, requestShowCommand } from '../src/cli/commands/request.command.js';
import { peerRefreshCommand } from '../src/cli/commands/peer.command.js';
import { parseConfig } from '../src/platform/config.js';
import { fixedClock } from '../src/platform/ports.js';
import { exchangeNode, peerNodes, type ExchangeNode } from './cooperation-exchange-kit.js';
import { runCli } from './support/cli-process.js';
import { describeDialects } from './support/dialects.js';

const SLOW = 120_000;
const text = (t: string) => ({ text: t, lang: 'en' });
const r4Fields = {
  requesting_authority: { name: 'OFAC, Police nationale', country: 'FR' },
  offences: ['BC-5-system-interference'],
  facts: text('DDoS against a hospital from a botnet controller hosted in Frankfurt.'),
  identifiers: [{ kind: 'ip', value: '203.0.113.9', timestamp: '2026-11-28T08:55:00+01:00' }],
  data_categories: ['traffic_data'],
  relationship_to_offence: text('The controller that commanded the attack.'),
  custodian: text('Hosting company in Frankfurt, AS64500'),
  necessity: text('Logs are rotated after 7 days.'),
  mla_follow_up_intended: true,
};

describeDialects('nohaven request outbox and dispatch', (dialect) => {
  const clock = fixedClock('2026-11-29T10:00:00.000Z');
  let a: ExchangeNode;
  let b: ExchangeNode;
  let id: string;

  beforeAll(async () => {
    a = await exchangeNode(dialect, 'FR node', 'FR', clock);
    b = await exchangeNode(dialect, 'DE node', 'DE', clock);
    // The operator commands act for the node organisation: its points of contact send the R4.
    for (const username of ['frpoc', 'frpoc2']) {
      await a.services.auth.createUser(a.root, {
        username,
        role: 'contact-point',
        organization: 'FR node operator',
        password: 'exchange-password-1',
      });
      a.tokens[username] = (await a.services.auth.createTokenForUser(a.root, username, 't')).token;
    }
    await peerNodes(a, b);
  }, SLOW);
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  /** Node A's settings, as its operator's shell gives them. */
  const envOfA = (): Record<string, string> => ({
    NOHAVEN_DATA_DIR: a.db.dataDir,
    NOHAVEN_NODE_NAME: 'FR node',
    NOHAVEN_ORG: 'FR node operator',
    NOHAVEN_COUNTRY: 'FR',
    NOHAVEN_SECTOR: 'law-enforcement',
    ...(a.db.url ? { NOHAVEN_DATABASE_URL: a.db.url } : {}),
  });

  async function run(command: CliCommand, args: string[], interactive = false) {
    let stdout = '';
    let stderr = '';
    const sink = (append: (s: string) => void) =>
      new Writable({
        write(chunk: Buffer, _enc, done) {
          append(chunk.toString('utf8'));
          done();
        },
      });
    const ctx: CliContext = {
      stdin: Readable.from(['']),
      stdout: sink((s) => (stdout += s)),
      stderr: sink((s) => (stderr += s)),
      interactive,
      env: {},
      configFile: undefined,
      openNode: async () => ({
        config: parseConfig(envOfA()),
        database: a.db.handle,
        services: a.services,
        close: async () => {},
      }),
    };
    return { code: await command.run(ctx, args), stdout, stderr };
  }

  it('shows a message waiting for a node that is down, and delivers it now when it is back', async () => {
    await b.stop();
    const draft = await a.call('frpoc', 'POST', '/api/v1/requests', {
      type: 'R4',
      recipientOrganizationId: b.root.organizationId,
      fields: r4Fields,
    });
    expect(draft.statusCode, draft.body).toBe(201);
    id = (draft.json() as { id: string }).id;
    for (const [user, to] of [
      ['frpoc', 'pending_approval'],
      ['frpoc2', 'approved'],
      ['frpoc', 'sent'],
    ] as const) {
      const res = await a.call(user, 'POST', `/api/v1/requests/${id}/transitions`, { to });
      expect(res.statusCode, res.body).toBe(200);
    }
    expect(await a.services.cooperation.dispatch()).toEqual({ delivered: 0, failed: 1 });

    const listed = await run(requestOutboxCommand, []);
    expect(listed.code, listed.stderr).toBe(0);
    const [line, summary] = listed.stdout.trim().split('\n');
    expect(line).toMatch(
      new RegExp(
        `^\\S+  R4   sent {17}request ${id}  to ${b.root.organizationId}  attempts 1  next try 2026-11-29T10:01:00\\.000Z  last error: .*127\\.0\\.0\\.1`,
      ),
    );
    expect(summary).toBe('1 pending');
    const json = JSON.parse((await run(requestOutboxCommand, ['--json'])).stdout) as unknown[];
    expect(json).toEqual([
      expect.objectContaining({
        requestId: id,
        requestType: 'R4',
        step: 'sent',
        status: 'pending',
        attempts: 1,
        nextAttemptAt: '2026-11-29T10:01:00.000Z',
        refusedAt: null,
      }),
    ]);

    // Still down: tried now despite the back-off, named on stderr, exit 1.
    const failed = await run(requestDispatchCommand, []);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(
      new RegExp(`^message \\S+ of request ${id} not delivered: .*127\\.0\\.0\\.1`),
    );
    expect(failed.stdout).toBe('0 delivered, 1 failed, 1 still pending\n');
    // Waiting for the back-off: nothing tried.
    const waited = await run(requestDispatchCommand, ['--wait-backoff']);
    expect([waited.code, waited.stdout]).toEqual([0, '0 delivered, 0 failed, 1 still pending\n']);

    await b.restart();
    const sent = await run(requestDispatchCommand, [], true);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stderr).toBe('\rdispatch 1/1 messages: 1 delivered, 0 failed\x1b[K\n');
    expect(sent.stdout).toBe('1 delivered, 0 failed, 0 still pending\n');
    expect((await run(requestOutboxCommand, [])).stdout).toBe('0 pending\n');
    const shown = await run(requestShowCommand, [id]);
    expect(shown.stdout).toContain(
      '\ndelivery:\n  sent                 delivered 2026-11-29T10:00:00.000Z, signed receipt 2026-11-29T10:00:00.000Z\n',
    );

    const list = JSON.parse(
      (await run(requestListCommand, ['--box', 'outbox', '--json'])).stdout,
    ) as {
      id: string;
      state: string;
    }[];
    expect(list.map((r) => [r.id, r.state])).toEqual([[id, 'received']]);
    await expect(run(requestOutboxCommand, ['--limit', '0'])).rejects.toThrow(
      '--limit must be a whole number from 1 to 9999, not "0"',
    );
    await expect(run(requestDispatchCommand, ['now'])).rejects.toThrow(UsageError);
  });

  it('learns a peer organisation created after peering on demand (peer refresh)', async () => {
    const late = await b.organization('BKA Cyber', 'DE', {});
    const recipients = async () =>
      (await a.services.cooperation.recipients()).map((o) => [o.name, o.node?.name ?? null]);
    expect(await recipients()).not.toContainEqual(['BKA Cyber', 'DE node']);
    const refreshed = await run(peerRefreshCommand, []);
    expect(refreshed.code, refreshed.stderr).toBe(0);
    expect(refreshed.stdout).toMatch(
      /^peer DE node \(\S+\) is active; organisations: BKA Cyber, DE node operator\n$/,
    );
    expect(await recipients()).toContainEqual(['BKA Cyber', 'DE node']);
    expect(late).toMatch(/^identity--/);
    await b.stop();
    const down = await run(peerRefreshCommand, []);
    expect(down.code).toBe(1);
    expect(down.stdout).toMatch(/; no answer: .*127\.0\.0\.1/);
    await b.restart();
    const unknown = await run(peerRefreshCommand, ['no-such-node']);
    expect([unknown.code, unknown.stderr]).toEqual([1, 'error: peer no-such-node was not found\n']);
  });

  it(
    'runs as the real command: the outbox as JSON, and a bad argument named with exit 2',
    async () => {
      const env = envOfA();
      const [outbox, bad] = await Promise.all([
        runCli(['request', 'outbox', '--failed', '--json'], env),
        runCli(['request', 'dispatch', '--limit', 'all'], env),
      ]);
      expect(outbox.code, outbox.stderr).toBe(0);
      expect(JSON.parse(outbox.stdout)).toEqual([]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(
        'nohaven request dispatch: --limit must be a whole number from 1 to 9999, not "all"',
      );
    },
    SLOW,
  );
});

/**
 * `nohaven request types | list | show` (issue 7, item 7) on both databases: the types with
 * their clocks, the node organisation's requests with the overdue ones marked and filtered,
 * one request with its timeline, and errors that name the argument or the request.
 */
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CliCommand, CliContext } from '../src/cli/command.js';
import { UsageError } from '../src/cli/command.js';
import {
  requestListCommand,
  requestShowCommand,
  requestTypesCommand,
} from '../src/cli/commands/request.command.js';
import { DEFAULT_COOPERATION_SETTINGS } from '../src/cooperation/cooperation.settings.js';
import type { Actor } from '../src/platform/actor.js';
import { describeDialects } from './support/dialects.js';
import { fixedClock, makeTestNode, type TestNode } from './support/app.js';

describeDialects('nohaven request', (dialect) => {
  let node: TestNode;
  const clock = fixedClock('2026-11-28T10:00:00.000Z');
  let p7: string;
  let r4: string;
  let ispId: string;

  beforeAll(async () => {
    node = await makeTestNode(dialect, {
      clock,
      deps: { cooperation: { ...DEFAULT_COOPERATION_SETTINGS, sweepIntervalMs: 0 } },
    });
    const root = node.actor('admin');
    const isp = await node.services.auth.createOrganization(root, {
      name: 'Host DE',
      sector: 'industry',
      country: 'DE',
    });
    ispId = isp.id;
    const de = await node.services.auth.createOrganization(root, {
      name: 'BKA',
      sector: 'law-enforcement',
      country: 'DE',
    });
    const requests = node.services.cooperation.requests;
    const issuer = node.actor('investigator');
    const approver: Actor = { ...issuer, name: 'second-investigator' } as Actor;
    const order = await requests.create(issuer, {
      type: 'P7',
      recipientOrganizationId: isp.id,
      fields: {
        issuing_authority: { name: 'Parquet de Paris', country: 'FR' },
        protocol_statement: true,
        provider: { name: 'Host DE', country: 'DE' },
        offences: ['BC-8-computer-fraud'],
        identifiers: [{ kind: 'email', value: 'fraud@example.net' }],
        data_categories: ['subscriber_information'],
      },
    });
    p7 = order.id;
    await requests.transition(issuer, p7, { to: 'pending_approval' });
    await requests.transition(approver, p7, { to: 'approved' });
    await requests.transition(issuer, p7, { to: 'sent' });
    await node.services.cooperation.dispatch();
    // 30 days [U] without an answer: timed out, overdue.
    clock.set('2026-12-28T10:00:00.000Z');
    await node.services.cooperation.sweep();
    clock.advance(60_000); // the newest first: the R4 drafted a minute later
    r4 = (
      await requests.create(node.actor('contact-point'), {
        type: 'R4',
        recipientOrganizationId: de.id,
        fields: { offences: ['BC-2-illegal-access'] },
      })
    ).id;
  });
  afterAll(async () => node?.close());

  async function run(command: CliCommand, args: string[]) {
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
      interactive: false,
      env: {},
      configFile: undefined,
      openNode: async () => ({
        config: node.config,
        database: node.db.handle,
        services: node.services,
        close: async () => {},
      }),
    };
    return { code: await command.run(ctx, args), stdout, stderr };
  }

  it('lists the request types with their clocks, [U] ones marked', async () => {
    const r = await run(requestTypesCommand, []);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(19);
    expect(lines).toContain(
      'P7   SAP-7      [U] Order for subscriber information to a service provider  — answer 30 days [U]',
    );
    expect(lines[3]).toBe(
      'R4   BC-29      [V] Expedited preservation of stored computer data  — preservation 60 days',
    );
  });

  it('lists the requests, marks and filters the overdue ones', async () => {
    const all = await run(requestListCommand, []);
    expect(all.code).toBe(0);
    expect(all.stdout).toBe(
      `${r4}  R4   draft                requester -\n` +
        `${p7}  P7   timed_out            requester answer due 2026-12-28T10:00:00.000Z (Europe/Berlin)  OVERDUE\n` +
        '2 requests\n',
    );
    const overdue = await run(requestListCommand, ['--overdue']);
    expect(overdue.stdout.trim().split('\n')).toEqual([
      expect.stringContaining(p7),
      '1 requests overdue',
    ]);
    await expect(run(requestListCommand, ['--box', 'nope'])).rejects.toThrow(UsageError);
  });

  it('keeps requests to their parties at the service tier: another organisation sees nothing', async () => {
    const root = node.actor('admin');
    const it_ = await node.services.auth.createOrganization(root, {
      name: 'Polizia Postale',
      sector: 'law-enforcement',
      country: 'IT',
    });
    const outsider: Actor = {
      kind: 'service',
      name: 'it-poc',
      organizationId: it_.id,
      role: 'contact-point',
    };
    const requests = node.services.cooperation.requests;
    await expect(requests.get(outsider, r4)).rejects.toMatchObject({ code: 'NH_ERR_NOT_FOUND' });
    await expect(requests.transition(outsider, p7, { to: 'escalated_mla' })).rejects.toMatchObject({
      code: 'NH_ERR_NOT_FOUND',
    });
    expect(await requests.list(outsider, {})).toEqual([]);
    // The provider sees the order addressed to it, not the R4 between authorities.
    const provider: Actor = {
      kind: 'service',
      name: 'isp',
      organizationId: ispId,
      role: 'contact-point',
    };
    expect((await requests.list(provider, { box: 'provider' })).map((r) => r.id)).toEqual([p7]);
  });

  it('shows one request with its timeline, and names what is wrong', async () => {
    const r = await run(requestShowCommand, [p7]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`P7 ${p7}: timed_out (OVERDUE)`);
    expect(r.stdout).toContain('sent → received  by service:cooperation-clock');
    expect(r.stdout).toContain(
      'answer (SAP Art 7(7)) overdue, due 2026-12-28T10:00:00.000Z (Europe/Berlin)',
    );
    const json = JSON.parse((await run(requestShowCommand, [r4, '--json'])).stdout) as {
      fields: object;
    };
    expect(json.fields).toEqual({ offences: ['BC-2-illegal-access'] });
    const missing = await run(requestShowCommand, ['00000000-0000-4000-8000-000000000000']);
    expect(missing).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: request 00000000-0000-4000-8000-000000000000 was not found\n',
    });
  });
});

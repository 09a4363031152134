/** `nohaven retention plan [--json] | run` (issue 8, item 3) on both databases, in fake time. */
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CliCommand, CliContext } from '../src/cli/command.js';
import { UsageError } from '../src/cli/command.js';
import {
  retentionPlanCommand,
  retentionRunCommand,
} from '../src/cli/commands/retention.command.js';
import { parseOversightSettings } from '../src/oversight/oversight.settings.js';
import { describeDialects } from './support/dialects.js';
import { fixedClock, makeTestNode, type TestNode } from './support/app.js';
import { insertRequest } from './support/oversight-fixtures.js';

describeDialects('nohaven retention', (dialect) => {
  let node: TestNode;
  const clock = fixedClock('2026-03-01T00:00:00.000Z');
  let released: string;

  beforeAll(async () => {
    node = await makeTestNode(dialect, {
      clock,
      deps: {
        oversight: parseOversightSettings({
          retention: [{ category: 'preserved-data', basis: 'BC Art 29(7)', afterDays: 30 }],
          retentionBatchSize: 1,
          retentionSweepSeconds: 0,
        }),
      },
    });
    const base = {
      requesterOrgId: node.organizationId,
      recipientOrgId: node.organizationId,
      createdAt: '2026-01-01T00:00:00.000Z',
    };
    released = await insertRequest(node.db.handle.db, {
      ...base,
      type: 'R4',
      state: 'released',
      closedAt: '2026-01-10T00:00:00.000Z',
    });
    await insertRequest(node.db.handle.db, {
      ...base,
      type: 'E2',
      state: 'expired',
      closedAt: '2026-01-20T00:00:00.000Z',
    });
    await insertRequest(node.db.handle.db, {
      ...base,
      type: 'R4',
      state: 'expired',
      closedAt: '2026-02-20T00:00:00.000Z',
    });
  });
  afterAll(async () => {
    await node?.close();
  });

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

  it('plans, runs every step, and plans nothing due afterwards', async () => {
    const plan = await run(retentionPlanCommand, []);
    expect(plan.code).toBe(0);
    const lines = plan.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      `2026-02-09T00:00:00.000Z\tdue\tanonymise\tpreserved-data\tR4 request, released\t${released}\tBC Art 29(7)`,
    );
    expect(lines[2]).toMatch(/^2026-03-22T00:00:00.000Z\tlater\t/);
    expect(plan.stderr).toBe('3 record(s), 2 due now\n');
    const json = JSON.parse((await run(retentionPlanCommand, ['--json'])).stdout);
    expect(json.items.map((i: { due: boolean }) => i.due)).toEqual([true, true, false]);
    await expect(run(retentionPlanCommand, ['extra'])).rejects.toThrow(UsageError);

    const done = await run(retentionRunCommand, []);
    expect(done.code).toBe(0);
    expect(done.stdout).toBe('2 record(s) deleted or anonymised, 0 no longer due\n');
    expect(done.stderr).toBe('1 done, 1 left\n');
    const after = await run(retentionPlanCommand, []);
    expect(after.stderr).toBe('1 record(s), 0 due now\n');
  });
});

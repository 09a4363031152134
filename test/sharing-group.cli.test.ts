import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CliCommand, CliContext } from '../src/cli/command.js';
import {
  sharingGroupAddCommand,
  sharingGroupAddMemberCommand,
  sharingGroupListCommand,
  sharingGroupRemoveMemberCommand,
  sharingGroupShowCommand,
} from '../src/cli/commands/sharing-group.command.js';
import { describeDialects } from './support/dialects.js';
import { makeTestNode, type TestNode } from './support/app.js';

describeDialects('nohaven sharing-group', (dialect) => {
  let node: TestNode;
  beforeAll(async () => {
    node = await makeTestNode(dialect);
  });
  afterAll(async () => node?.close());

  /** Runs a command in process against the test node; returns exit code, stdout and stderr. */
  async function run(command: CliCommand, args: string[]) {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    const ctx: CliContext = {
      stdin: new PassThrough(),
      stdout,
      stderr,
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
    const code = await command.run(ctx, args);
    return { code, out, err };
  }

  it('adds a group, lists it, adds and removes a remote member, shows the members', async () => {
    const added = await run(sharingGroupAddCommand, ['Police', 'circle', '--hide-members']);
    expect(added.code).toBe(0);
    const id = /\((sg-[0-9a-f-]{36})\)/.exec(added.out)?.[1];
    expect(id).toBeDefined();
    expect((await run(sharingGroupListCommand, [])).out).toContain(
      `${id}  Police circle  (1 members)`,
    );

    const remote = 'identity--12345678-1234-4123-8123-123456789abc';
    const withRemote = await run(sharingGroupAddMemberCommand, [id!, remote]);
    expect(withRemote.code).toBe(0);
    expect(withRemote.out).toContain(`${remote}  (remote)`);
    expect(withRemote.out).toContain('list hidden from members');
    const shown = await run(sharingGroupShowCommand, [id!]);
    expect(shown.out).toContain(`${node.organizationId}  Test CERT`);

    expect((await run(sharingGroupRemoveMemberCommand, [id!, remote])).code).toBe(0);
    expect((await run(sharingGroupShowCommand, [id!])).out).not.toContain(remote);
  });

  it('names the problem: a bad organisation id, an unknown group, a duplicate name', async () => {
    const bad = await run(sharingGroupAddMemberCommand, [
      'sg-00000000-0000-4000-8000-000000000000',
      'acme',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(
      'sharing group sg-00000000-0000-4000-8000-000000000000 was not found',
    );
    await run(sharingGroupAddCommand, ['Twice']);
    const again = await run(sharingGroupAddCommand, ['Twice']);
    expect(again.code).toBe(1);
    expect(again.err).toContain('a sharing group named "Twice" exists');
    const id = /(sg-[0-9a-f-]{36})/.exec((await run(sharingGroupListCommand, [])).out)?.[1];
    const notId = await run(sharingGroupAddMemberCommand, [id!, 'acme']);
    expect(notId.err).toContain('"acme" is not an identity id');
  });
});

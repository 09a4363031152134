import { Readable, Writable } from 'node:stream';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeTestNode, type TestNode } from '../../test/support/app.js';
import { describeDialects } from '../../test/support/dialects.js';
import { UsageError, type CliCommand, type CliContext } from '../cli/command.js';
import { auditVerifyCommand } from '../cli/commands/audit.command.js';
import { orgAddCommand } from '../cli/commands/org.command.js';
import { tokenCreateCommand } from '../cli/commands/token.command.js';
import { userAddCommand } from '../cli/commands/user.command.js';

describeDialects('account and audit commands', (dialect) => {
  let node: TestNode;

  beforeEach(async () => {
    node = await makeTestNode(dialect);
  });
  afterEach(async () => {
    await node.close();
  });

  async function run(command: CliCommand, args: string[], stdin = '') {
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
      stdin: Readable.from([stdin]),
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
    const code = await command.run(ctx, args);
    return { code, stdout, stderr };
  }

  it('adds a user with the password from stdin, then refuses a duplicate', async () => {
    const args = ['alice', '--role', 'analyst', '--password-stdin'];
    const ok = await run(userAddCommand, args, 'correct horse battery\nignored\n');
    expect(ok).toEqual({ code: 0, stdout: 'created user alice (analyst)\n', stderr: '' });
    await node.signIn('alice', 'correct horse battery');
    const dup = await run(userAddCommand, args, 'correct horse battery\n');
    expect(dup.code).toBe(1);
    expect(dup.stderr).toBe('error: user "alice" already exists\n');
  });

  it('rejects bad arguments with a usage error', async () => {
    await expect(
      run(userAddCommand, ['bob', '--role', 'king', '--password-stdin'], 'x\n'),
    ).rejects.toThrow(UsageError);
    await expect(run(userAddCommand, ['bob', '--role', 'analyst'], 'x\n')).rejects.toThrow(
      UsageError,
    );
    await expect(run(tokenCreateCommand, [])).rejects.toThrow(UsageError);
    await expect(run(orgAddCommand, ['ACME', '--colour', 'red'])).rejects.toThrow(UsageError);
  });

  it('prints only the token, which then works as Bearer', async () => {
    const res = await run(tokenCreateCommand, ['admin', '--name', 'ci']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^nh_[A-Za-z0-9_-]{43}\n$/);
    const me = await node.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${res.stdout.trim()}` },
    });
    expect(me.json().user.username).toBe('admin');
    expect((await run(tokenCreateCommand, ['nobody'])).code).toBe(1);
  });

  it('adds an organisation and reports a bad country', async () => {
    const ok = await run(orgAddCommand, [
      'Bank',
      'of',
      'Example',
      '--sector',
      'industry',
      '--country',
      'it',
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      /^created organisation Bank of Example \(identity--[0-9a-f-]{36}\)\n$/,
    );
    const bad = await run(orgAddCommand, ['Other', '--sector', 'industry', '--country', 'XX']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('country');
  });

  it('verifies the audit chain and names a broken entry', async () => {
    await run(orgAddCommand, ['ACME', '--sector', 'other', '--country', 'FR']);
    expect(await run(auditVerifyCommand, [])).toEqual({
      code: 0,
      stdout:
        'audit chain verified: 4 entries\ncheckpoints compared: 0 (local: 0)\naudit verified\n',
      stderr: '',
    });
    await node.db.handle.db
      .updateTable('audit_log')
      .set({ target: 'x' })
      .where('seq', '=', 2)
      .execute();
    const broken = await run(auditVerifyCommand, []);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^audit chain broken at entry #2 \(changed\): /);
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CliCommand, CliContext } from '../src/cli/command.js';
import { nodeRotateKeyCommand, nodeShowCommand } from '../src/cli/commands/node.command.js';
import {
  peerAddCommand,
  peerListCommand,
  peerRemoveCommand,
  peerShowCommand,
  peerSuspendCommand,
} from '../src/cli/commands/peer.command.js';
import type { NodeDescriptor } from '../src/federation/descriptor.js';
import { freePort, runCli, startNodeProcess } from './support/cli-process.js';
import { describeDialects, type TestDatabase } from './support/dialects.js';
import { makeTestNode, type TestNode } from './support/app.js';

const SLOW = 300_000;

describeDialects('nohaven node and peer commands', (dialect) => {
  let node: TestNode;
  let other: TestNode;
  beforeAll(async () => {
    node = await makeTestNode(dialect, { env: { NOHAVEN_SECTOR: 'law-enforcement' } });
    other = await makeTestNode(dialect, {
      env: { NOHAVEN_NODE_NAME: 'Unreachable', NOHAVEN_BASE_URL: 'http://127.0.0.1:9' },
    });
  });
  afterAll(async () => {
    await node?.close();
    await other?.close();
  });

  /** Runs a command in process against the test node; returns exit code, stdout and stderr. */
  async function run(command: CliCommand, args: string[], on: TestNode = node) {
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
        config: on.config,
        database: on.db.handle,
        services: on.services,
        close: async () => {},
      }),
    };
    const code = await command.run(ctx, args);
    return { code, out, err };
  }

  it('tells the operator to set the country before the node can federate', async () => {
    const stateless = await makeTestNode(dialect, { env: { NOHAVEN_COUNTRY: '' } });
    try {
      const shown = await run(nodeShowCommand, [], stateless);
      expect(shown.code).toBe(0);
      expect(shown.out).toMatch(/^country: +\(not set: set NOHAVEN_COUNTRY to federate\)$/m);
      const json = await run(nodeShowCommand, ['--json'], stateless);
      expect(json.code).toBe(1);
      expect(json.err).toMatch(/set NOHAVEN_COUNTRY/);
      const d = (await node.services.federation.identity.current()).descriptor();
      const file = join(stateless.db.dataDir, 'peer.json');
      writeFileSync(file, JSON.stringify(d));
      const add = await run(peerAddCommand, [file, '--fingerprint', d.fingerprint], stateless);
      expect(add.code).toBe(1);
      expect(add.err).toMatch(/set NOHAVEN_COUNTRY/);
      expect((await run(peerListCommand, [], stateless)).out).toBe('no peers\n');
    } finally {
      await stateless.close();
    }
  });

  it('shows the identity, prints the descriptor as JSON, and rotates the key', async () => {
    const shown = await run(nodeShowCommand, []);
    expect(shown.code).toBe(0);
    const identity = await node.services.federation.identity.current();
    expect(shown.out).toMatch(/^name: +Test node$/m);
    expect(shown.out).toMatch(new RegExp(`^node id: +${identity.nodeId}$`, 'm'));
    expect(shown.out).toMatch(/^sector: +law-enforcement$/m);
    expect(shown.out).toMatch(/^country: +FR$/m);
    expect(shown.out.split('\n')).toContainEqual(expect.stringMatching(/^fingerprint: +SHA256:/));
    expect(shown.out).toContain(identity.fingerprint);
    const json = await run(nodeShowCommand, ['--json']);
    const descriptor = JSON.parse(json.out) as NodeDescriptor;
    expect(descriptor).toMatchObject({ nodeId: identity.nodeId, sector: 'law-enforcement' });

    const rotated = await run(nodeRotateKeyCommand, []);
    expect(rotated.code).toBe(0);
    const after = await node.services.federation.identity.current();
    expect(rotated.out).toContain(`previous fingerprint: ${identity.fingerprint}`);
    expect(rotated.out).toContain(`new fingerprint:      ${after.fingerprint}`);
    expect(rotated.out).toMatch(/follow the rotation automatically/);
    expect(after.descriptor().keyHistory).toHaveLength(1);
  });

  it('adds a peer from a file (awaiting-remote while unreachable), shows, lists, suspends, removes', async () => {
    const d = (await other.services.federation.identity.current()).descriptor();
    const file = join(node.db.dataDir, 'peer.json');
    writeFileSync(file, JSON.stringify(d));
    const wrong = await run(peerAddCommand, [file, '--fingerprint', 'SHA256:nope']);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/fingerprint/);
    const strict = await run(peerAddCommand, [
      file,
      '--fingerprint',
      d.fingerprint,
      '--max-tlp',
      'amber+strict',
    ]);
    expect(strict.code).toBe(1);
    expect(strict.err).toMatch(/maxTlp.*amber\+strict is not a ceiling/);
    const added = await run(peerAddCommand, [
      file,
      '--fingerprint',
      d.fingerprint,
      '--max-tlp',
      'amber',
      '--content',
      'objects,alerts',
    ]);
    expect(added.code).toBe(0);
    expect(added.out).toMatch(/^state: +awaiting-remote$/m);
    expect(added.out).toMatch(/^policy: +max TLP amber; .*content objects,alerts$/m);
    expect(added.out).toMatch(/^last error: +\S+ .*127\.0\.0\.1:9/m);

    const listed = await run(peerListCommand, []);
    expect(listed.out.split('\n')[0]).toMatch(/^STATE +NAME +COUNTRY +LAST SUCCESS +LAST ERROR/);
    expect(listed.out).toMatch(
      new RegExp(`^awaiting-remote +Unreachable +FR +- +.*${d.nodeId}$`, 'm'),
    );
    expect((await run(peerShowCommand, [d.nodeId])).out).toContain(d.fingerprint);
    const suspended = await run(peerSuspendCommand, [d.nodeId, '--reason', 'test']);
    expect(suspended.out).toContain('is suspended');
    expect((await run(peerRemoveCommand, [d.nodeId])).out).toContain(`removed peer ${d.nodeId}`);
    const unknown = await run(peerShowCommand, ['node--00000000-0000-4000-8000-000000000000']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/was not found/);
  });
});

describeDialects('two nodes as processes, peered through the CLI', (dialect) => {
  let dbA: TestDatabase;
  let dbB: TestDatabase;
  beforeAll(async () => {
    dbA = await dialect.create({ migrate: false });
    dbB = await dialect.create({ migrate: false });
  });
  afterAll(async () => {
    await dbA?.dispose();
    await dbB?.dispose();
  });

  it(
    'node show --json on each → file → peer add on the other: both active in peer list',
    async () => {
      const envOf = async (db: TestDatabase, name: string, country: string) => {
        const port = await freePort();
        return {
          NOHAVEN_DATA_DIR: db.dataDir,
          NOHAVEN_NODE_NAME: name,
          NOHAVEN_ORG: `${name} operator`,
          NOHAVEN_COUNTRY: country,
          NOHAVEN_PORT: String(port),
          NOHAVEN_BASE_URL: `http://127.0.0.1:${port}`,
          ...(db.url ? { NOHAVEN_DATABASE_URL: db.url } : {}),
        };
      };
      const envA = await envOf(dbA, 'Ottawa', 'CA');
      const envB = await envOf(dbB, 'Rome', 'IT');
      const a = await startNodeProcess(envA);
      const b = await startNodeProcess(envB);
      try {
        const showA = await runCli(['node', 'show', '--json'], envA);
        const showB = await runCli(['node', 'show', '--json'], envB);
        expect(showA.code).toBe(0);
        const da = JSON.parse(showA.stdout) as NodeDescriptor;
        const db = JSON.parse(showB.stdout) as NodeDescriptor;
        const fileA = join(dbB.dataDir, 'ottawa.json');
        const fileB = join(dbA.dataDir, 'rome.json');
        writeFileSync(fileA, showA.stdout);
        writeFileSync(fileB, showB.stdout);

        const addOnA = await runCli(['peer', 'add', fileB, '--fingerprint', db.fingerprint], envA);
        expect(addOnA.stderr).toBe('');
        expect(addOnA.stdout).toMatch(/^state: +awaiting-remote$/m);
        const addOnB = await runCli(['peer', 'add', fileA, '--fingerprint', da.fingerprint], envB);
        expect(addOnB.stdout).toMatch(/^state: +active$/m);

        const listA = await runCli(['peer', 'list'], envA);
        const listB = await runCli(['peer', 'list'], envB);
        expect(listA.stdout).toMatch(new RegExp(`^active +Rome +IT +\\S+ +- +${db.nodeId}$`, 'm'));
        expect(listB.stdout).toMatch(
          new RegExp(`^active +Ottawa +CA +\\S+ +- +${da.nodeId}$`, 'm'),
        );
      } finally {
        expect(await a.stop()).toBe(0);
        expect(await b.stop()).toBe(0);
      }
    },
    SLOW,
  );
});

import { parseCommandArgs } from '../args.js';
import { EXIT, type CliCommand, type CliContext } from '../command.js';
import { operatorActor, withNode } from '../node-command.js';

/** Prints `label: value` lines with the values aligned in one column. */
export function printFields(ctx: CliContext, rows: readonly (readonly [string, string])[]): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) ctx.stdout.write(`${`${k}:`.padEnd(width + 2)}${v}\n`);
}

/**
 * `nohaven node show [--json]` (issue 6 §1): this node's identity as a peer's operator
 * confirms it — or, with `--json`, the signed descriptor to hand to a prospective peer.
 */
export const nodeShowCommand: CliCommand = {
  name: ['node', 'show'],
  summary: 'Show this node’s federation identity and key fingerprint (--json: the descriptor)',
  usage:
    'nohaven node show [--json]\n' +
    '  --json   print the signed descriptor (the file to hand to a peer’s operator)\n' +
    '  The key is created at the first start, in <dataDir>/federation/.',
  async run(ctx, args) {
    const { options } = parseCommandArgs(args, { json: { type: 'boolean' } }, { min: 0, max: 0 });
    return withNode(ctx, async (node) => {
      const identity = await node.services.federation.identity.current();
      if (options.json === true) {
        ctx.stdout.write(`${JSON.stringify(identity.descriptor(), null, 2)}\n`);
        return EXIT.ok;
      }
      const c = node.config;
      printFields(ctx, [
        ['name', c.nodeName],
        ['node id', identity.nodeId],
        ['organisation', `${identity.organization.name} (${identity.organization.id})`],
        ['country', c.country ?? '(not set: set NOHAVEN_COUNTRY to federate)'],
        ['sector', c.sector],
        ['base URL', c.baseUrl],
        ['public key', identity.publicKey],
        ['key rotations', String(identity.keyHistory.length)],
        ['fingerprint', identity.fingerprint],
      ]);
      ctx.stdout.write(
        '\nRead the fingerprint to the peer’s operator out of band (phone, in person) before they add this node.\n',
      );
      return EXIT.ok;
    });
  },
};

/** `nohaven node rotate-key`: a new key, signed over by the old one. */
export const nodeRotateKeyCommand: CliCommand = {
  name: ['node', 'rotate-key'],
  summary: 'Replace the node key by a new one that the old key signs over',
  usage:
    'nohaven node rotate-key\n' +
    '  The old key is kept as <dataDir>/federation/node-key.<n>.pem. Peers follow the rotation\n' +
    '  by themselves: the old key signed the new one.',
  async run(ctx, args) {
    parseCommandArgs(args, {}, { min: 0, max: 0 });
    return withNode(ctx, async (node) => {
      const r = await node.services.federation.identity.rotateKey();
      await node.services.audit.append(
        node.database.db,
        await operatorActor(node, 'cli', 'admin'),
        {
          action: 'node.rotate-key',
          target: (await node.services.federation.identity.current()).nodeId,
          details: { from: r.previousFingerprint, to: r.fingerprint },
        },
      );
      ctx.stdout.write(
        `rotated the node key\n  previous fingerprint: ${r.previousFingerprint}\n  new fingerprint:      ${r.fingerprint}\n` +
          'Peers follow the rotation automatically: the old key signed the new one.\n',
      );
      return EXIT.ok;
    });
  },
};

import { readFileSync } from 'node:fs';
import type { PeerView } from '../../federation/peer.view.js';
import { parseJsonInput } from '../../platform/json-input.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliCommand, type CliContext } from '../command.js';
import { operatorActor, withNode } from '../node-command.js';
import { printFields } from './node.command.js';

const POLICY_OPTIONS = {
  'max-tlp': { type: 'string' },
  distributions: { type: 'string' },
  'sharing-groups': { type: 'string' },
  content: { type: 'string' },
} as const;

const list = (v: string | undefined): string[] | undefined =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');

/** The policy the options give, over the defaults; undefined when no option is given. */
function policyOf(options: {
  'max-tlp'?: string;
  distributions?: string;
  'sharing-groups'?: string;
  content?: string;
}): Record<string, unknown> | undefined {
  if (Object.values(options).every((v) => v === undefined)) return undefined;
  return {
    distributions: list(options.distributions) ?? ['connected', 'all'],
    sharingGroups: list(options['sharing-groups']) ?? [],
    maxTlp: options['max-tlp'] ?? 'green',
    content: list(options.content) ?? ['objects', 'alerts', 'aggregates', 'legal'],
  };
}

function printPeer(ctx: CliContext, p: PeerView): void {
  const h = p.health;
  printFields(ctx, [
    ['name', p.name],
    ['node id', p.nodeId],
    ['state', p.state],
    ['organisation', `${p.organization.name} (${p.organization.id})`],
    ['country', p.country],
    ['sector', p.sector],
    ['base URL', p.baseUrl],
    ['fingerprint', p.fingerprint],
    [
      'policy',
      `max TLP ${p.policy.maxTlp}; distributions ${p.policy.distributions.join(',') || '-'}; sharing groups ${p.policy.sharingGroups.join(',') || '-'}; content ${p.policy.content.join(',') || '-'}`,
    ],
    ['organisations', p.organizations.map((o) => `${o.name} (${o.country})`).join(', ') || '-'],
    ['last success', h.lastSuccessAt ?? '-'],
    ['last error', h.lastError === null ? '-' : `${h.lastErrorAt} ${h.lastError}`],
    [
      'unreachable since',
      h.unreachableSince === null
        ? '-'
        : `${h.unreachableSince}${h.unreachableAlert ? ' (ALERT)' : ''}`,
    ],
    ['items', `sent ${h.itemsSent}, received ${h.itemsReceived}, refused ${h.itemsRefused}`],
    ['lag', h.lagItems === null ? '-' : `${h.lagItems} items, ${h.lagSeconds} s`],
  ]);
}

/** Adds (or accepts) a peer as the CLI's admin with the policy options, and prints it. */
function addPeer(
  ctx: CliContext,
  source: { descriptor?: Record<string, unknown>; descriptorUrl?: string; nodeId?: string },
  options: { fingerprint: string } & Parameters<typeof policyOf>[0],
): Promise<number> {
  const { fingerprint, ...policyOptions } = options;
  const policy = policyOf(policyOptions);
  return withNode(ctx, async (node) => {
    const actor = await operatorActor(node, 'cli', 'admin');
    const p = await node.services.federation.peers.add(actor, {
      ...source,
      fingerprint,
      ...(policy ? { policy } : {}),
    });
    printPeer(ctx, p);
    return EXIT.ok;
  });
}

/** `nohaven peer add FILE|URL --fingerprint FP [policy options]` (issue 6 §2, §7). */
export const peerAddCommand: CliCommand = {
  name: ['peer', 'add'],
  summary: 'Add a peer from its descriptor (file or URL) and the fingerprint confirmed out of band',
  usage:
    'nohaven peer add FILE|URL --fingerprint FP [--max-tlp clear|green|amber|red]\n' +
    '    [--distributions connected,all] [--sharing-groups ID,…] [--content objects,alerts,aggregates,legal]\n' +
    '  FILE: the peer’s descriptor ("nohaven node show --json" on the peer); URL: where to fetch it\n' +
    '  --fingerprint   the fingerprint the peer’s operator read to you out of band\n' +
    '  Policy options default to max TLP green, both distributions, no sharing group, all content.',
  async run(ctx, args) {
    const { options, positionals } = parseCommandArgs(
      args,
      { fingerprint: { type: 'string' }, ...POLICY_OPTIONS },
      { min: 1, max: 1 },
    );
    if (options.fingerprint === undefined) throw new UsageError('--fingerprint is required');
    const source = positionals[0]!;
    let input: { descriptor?: Record<string, unknown>; descriptorUrl?: string };
    if (/^https?:\/\//.test(source)) input = { descriptorUrl: source };
    else {
      try {
        input = { descriptor: parseJsonInput(readFileSync(source)) as Record<string, unknown> };
      } catch (err) {
        ctx.stderr.write(`nohaven peer add: cannot read ${source}: ${(err as Error).message}\n`);
        return EXIT.failure;
      }
    }
    return addPeer(ctx, input, { ...options, fingerprint: options.fingerprint });
  },
};

/** `nohaven peer accept NODE_ID --fingerprint FP`: a peer that asked (`requested`). */
export const peerAcceptCommand: CliCommand = {
  name: ['peer', 'accept'],
  summary: 'Accept a node that asked to peer, after confirming its fingerprint out of band',
  usage:
    'nohaven peer accept NODE_ID --fingerprint FP [policy options as for "peer add"]\n' +
    '  NODE_ID: a peer in state requested ("nohaven peer list")',
  async run(ctx, args) {
    const { options, positionals } = parseCommandArgs(
      args,
      { fingerprint: { type: 'string' }, ...POLICY_OPTIONS },
      { min: 1, max: 1 },
    );
    if (options.fingerprint === undefined) throw new UsageError('--fingerprint is required');
    return addPeer(
      ctx,
      { nodeId: positionals[0]! },
      { ...options, fingerprint: options.fingerprint },
    );
  },
};

/** `nohaven peer list`. */
export const peerListCommand: CliCommand = {
  name: ['peer', 'list'],
  summary: 'List the peers with their state and health',
  usage: 'nohaven peer list',
  async run(ctx, args) {
    parseCommandArgs(args, {}, { min: 0, max: 0 });
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli', 'admin');
      const peers = await node.services.federation.peers.list(actor);
      if (peers.length === 0) {
        ctx.stdout.write('no peers\n');
        return EXIT.ok;
      }
      const rows = [
        ['STATE', 'NAME', 'COUNTRY', 'LAST SUCCESS', 'LAST ERROR', 'NODE ID'],
        ...peers.map((p) => [
          p.state + (p.health.unreachableAlert ? ' (unreachable!)' : ''),
          p.name,
          p.country,
          p.health.lastSuccessAt ?? '-',
          p.health.lastError === null ? '-' : p.health.lastError.slice(0, 60),
          p.nodeId,
        ]),
      ];
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
      for (const r of rows) {
        ctx.stdout.write(
          `${r
            .map((c, i) => c.padEnd(widths[i]!))
            .join('  ')
            .trimEnd()}\n`,
        );
      }
      return EXIT.ok;
    });
  },
};

/** `nohaven peer show NODE_ID`. */
export const peerShowCommand: CliCommand = {
  name: ['peer', 'show'],
  summary: 'Show a peer: descriptor, state, policy and health',
  usage: 'nohaven peer show NODE_ID',
  async run(ctx, args) {
    const { positionals } = parseCommandArgs(args, {}, { min: 1, max: 1 });
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli', 'admin');
      printPeer(ctx, await node.services.federation.peers.show(actor, positionals[0]!));
      return EXIT.ok;
    });
  },
};

function stateCommand(verb: 'suspend' | 'resume' | 'remove', summary: string): CliCommand {
  return {
    name: ['peer', verb],
    summary,
    usage: `nohaven peer ${verb} NODE_ID${verb === 'resume' ? '' : ' [--reason TEXT]'}`,
    async run(ctx, args) {
      const { options, positionals } = parseCommandArgs(
        args,
        verb === 'resume' ? {} : { reason: { type: 'string' } },
        { min: 1, max: 1 },
      );
      const nodeId = positionals[0]!;
      const reason = (options as { reason?: string }).reason;
      return withNode(ctx, async (node) => {
        const actor = await operatorActor(node, 'cli', 'admin');
        const peers = node.services.federation.peers;
        if (verb === 'remove') {
          await peers.remove(actor, nodeId, reason);
          ctx.stdout.write(`removed peer ${nodeId}\n`);
          return EXIT.ok;
        }
        const p =
          verb === 'suspend'
            ? await peers.suspend(actor, nodeId, reason)
            : await peers.resume(actor, nodeId);
        ctx.stdout.write(`peer ${p.name} (${p.nodeId}) is ${p.state}\n`);
        return EXIT.ok;
      });
    },
  };
}

export const peerSuspendCommand = stateCommand(
  'suspend',
  'Suspend a peer: nothing flows either way until resumed',
);
export const peerResumeCommand = stateCommand(
  'resume',
  'Resume a suspended peer (says hello to it again)',
);
export const peerRemoveCommand = stateCommand(
  'remove',
  'Remove a peer: nothing flows, its hello is refused until added again',
);

/** `nohaven peer refresh [NODE_ID]`: says hello again, to learn the peers' organisations now. */
export const peerRefreshCommand: CliCommand = {
  name: ['peer', 'refresh'],
  summary:
    "Say hello again to one or every active peer: both sides learn the other's organisations",
  usage:
    'nohaven peer refresh [NODE_ID]\n' +
    '  Without NODE_ID, every active peer. One line per peer: its state and the organisations it\n' +
    '  hosts (the recipients of legal requests there); the last error when it did not answer.',
  async run(ctx, args) {
    const { positionals } = parseCommandArgs(args, {}, { min: 0, max: 1 });
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli', 'admin');
      const peers = node.services.federation.peers;
      const ids = positionals[0]
        ? [positionals[0]]
        : (await peers.list(actor)).filter((p) => p.state === 'active').map((p) => p.nodeId);
      let failed = 0;
      for (const id of ids) {
        const p = await peers.retry(actor, id);
        // A failed exchange marks the peer unreachable until one succeeds.
        const answered = p.health.unreachableSince === null;
        if (!answered) failed++;
        ctx.stdout.write(
          `peer ${p.name} (${p.nodeId}) is ${p.state}; organisations: ${
            p.organizations.map((o) => o.name).join(', ') || '-'
          }${answered ? '' : `; no answer: ${p.health.lastError ?? 'unknown error'}`}\n`,
        );
      }
      if (ids.length === 0) ctx.stdout.write('no active peer\n');
      return failed > 0 ? EXIT.failure : EXIT.ok;
    });
  },
};

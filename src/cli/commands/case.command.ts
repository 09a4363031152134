import { parseCommandArgs } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { operatorActor, withNode } from '../node-command.js';

/** The operator's view of cases: to find a case and the ids of its items for an export. */
export const caseListCommand: CliCommand = {
  name: ['case', 'list'],
  summary: "List the node organisation's cases (audited)",
  usage: `nohaven case list
  Lists every case of the node's own organisation: reference, status, title and id.`,
  async run(ctx, args) {
    parseCommandArgs(args, {}, { min: 0, max: 0 });
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli-case', 'admin');
      const cases = await node.services.cases.list(actor);
      for (const c of cases) {
        ctx.stdout.write(`${c.reference}\t${c.status}\t${c.title}\t${c.id}\n`);
      }
      ctx.stderr.write(`${cases.length} case(s)\n`);
      return EXIT.ok;
    });
  },
};

export const caseShowCommand: CliCommand = {
  name: ['case', 'show'],
  summary: 'Show a case: members, links and evidence items (audited)',
  usage: `nohaven case show CASE
  Shows the case CASE (id or reference) with its members, its links and its evidence items
  (id, SHA-256, size, name), as the node operator.`,
  async run(ctx, args) {
    const { positionals } = parseCommandArgs(args, {}, { min: 1, max: 1 });
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli-case', 'admin');
      const { cases, evidence } = node.services;
      const id = await cases.resolveReference(actor, positionals[0]!);
      const c = await cases.get(actor, id);
      const items = await evidence.list(actor, id);
      const lines = [
        `${c.reference}: ${c.title} (${c.status}${c.closedReason ? `: ${c.closedReason}` : ''})`,
        `id: ${c.id}`,
        'members:',
        ...c.members.map((m) => `  ${m.username} (${m.role})`),
        'links:',
        ...c.links.map((l) => `  ${l.kind} ${l.targetId}${l.label ? ` ${l.label}` : ''}`),
        ...(c.hiddenLinks > 0 ? [`  (${c.hiddenLinks} not readable by the operator)`] : []),
        'evidence:',
        ...items.map((i) => `  ${i.number}. ${i.id} sha256:${i.sha256} ${i.size} bytes ${i.name}`),
        '',
      ];
      ctx.stdout.write(lines.join('\n'));
      return EXIT.ok;
    });
  },
};

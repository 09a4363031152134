import type { RequestView } from '../../cooperation/request.view.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliCommand } from '../command.js';
import { operatorActor, withNode } from '../node-command.js';
import { exchangeLines } from './request-exchange.command.js';

/**
 * Legal cooperation requests for the operator (issue 7): the request types, the node
 * organisation's requests (overdue first to see), one request with its timeline. The operator
 * acts as the node's organisation, as its point of contact.
 */

const deadline = (r: RequestView) =>
  r.nextDeadline
    ? `${r.nextDeadline.code} due ${r.nextDeadline.dueAt} (${r.nextDeadline.zone})`
    : '-';

/** `nohaven request types`. */
export const requestTypesCommand: CliCommand = {
  name: ['request', 'types'],
  summary: 'List the legal-cooperation request types, their legal basis and clocks',
  usage:
    'nohaven request types\n  One line per type: code, legal basis, [V]/[S]/[U], title, clocks.',
  async run(ctx, args) {
    parseCommandArgs(args, {}, { min: 0, max: 0 });
    return withNode(ctx, async (node) => {
      for (const d of node.services.cooperation.requests.definitions()) {
        const clocks = d.deadlines
          .map(
            (x) =>
              `${x.code} ${x.period.amount} ${x.period.unit}${x.verification === 'U' ? ' [U]' : ''}`,
          )
          .join(', ');
        ctx.stdout.write(
          `${d.code.padEnd(4)} ${d.legalBasis.join(',').padEnd(10)} [${d.verification}] ${d.title}${clocks ? `  — ${clocks}` : ''}\n`,
        );
      }
      return EXIT.ok;
    });
  },
};

/** `nohaven request list [--box inbox|outbox|provider] [--type T] [--state S] [--overdue] [--json]`. */
export const requestListCommand: CliCommand = {
  name: ['request', 'list'],
  summary: "List the node organisation's legal-cooperation requests",
  usage:
    'nohaven request list [--box inbox|outbox|provider] [--type CODE] [--state STATE] [--overdue] [--json]\n' +
    '  One line per request: id, type, state, side, next deadline; OVERDUE marks a clock run out.\n' +
    '  --json   print them as GET /api/v1/requests does (its "requests")',
  async run(ctx, args) {
    const { options } = parseCommandArgs(
      args,
      {
        box: { type: 'string' },
        type: { type: 'string' },
        state: { type: 'string' },
        overdue: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      { min: 0, max: 0 },
    );
    const box = options.box;
    if (box !== undefined && box !== 'inbox' && box !== 'outbox' && box !== 'provider')
      throw new UsageError(`--box must be inbox, outbox or provider, not "${box}"`);
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli', 'contact-point');
      const list = await node.services.cooperation.requests.list(actor, {
        ...(box ? { box } : {}),
        ...(options.type ? { type: options.type } : {}),
        ...(options.state ? { state: options.state } : {}),
        ...(options.overdue ? { overdue: true } : {}),
      });
      if (options.json === true) {
        ctx.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return EXIT.ok;
      }
      for (const r of list)
        ctx.stdout.write(
          `${r.id}  ${r.type.padEnd(4)} ${r.state.padEnd(20)} ${r.side.padEnd(9)} ${deadline(r)}${r.overdue ? '  OVERDUE' : ''}\n`,
        );
      ctx.stdout.write(`${list.length} requests${options.overdue ? ' overdue' : ''}\n`);
      return EXIT.ok;
    });
  },
};

/** `nohaven request show ID [--json]`. */
export const requestShowCommand: CliCommand = {
  name: ['request', 'show'],
  summary: 'Show one legal-cooperation request with its timeline',
  usage: 'nohaven request show ID [--json]\n  --json   print it as GET /api/v1/requests/ID does',
  async run(ctx, args) {
    const { options, positionals } = parseCommandArgs(
      args,
      { json: { type: 'boolean' } },
      { min: 1, max: 1 },
    );
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli', 'contact-point');
      const r = await node.services.cooperation.requests.get(actor, positionals[0]!);
      if (options.json === true) {
        ctx.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        return EXIT.ok;
      }
      const out = [
        `${r.type} ${r.id}: ${r.state}${r.overdue ? ' (OVERDUE)' : ''}`,
        `urgency ${r.urgency}, channel ${r.channel}, ${r.side} side`,
        `from ${r.requesterOrganizationId} to ${r.recipientOrganizationId ?? '-'}`,
        'fields:',
        ...Object.entries(r.fields).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`),
        'timeline:',
        ...r.timeline.transitions.map(
          (t) =>
            `  ${t.at}  ${t.from ?? '-'} → ${t.to}  by ${t.actor}${t.ground ? `  ground ${t.ground}` : ''}${t.reason ? `  "${t.reason}"` : ''}`,
        ),
        'clocks:',
        ...r.timeline.deadlines.map(
          (d) => `  ${d.code} (${d.rule}) ${d.status}, due ${d.dueAt} (${d.zone})`,
        ),
        ...exchangeLines(r.timeline),
      ];
      ctx.stdout.write(`${out.join('\n')}\n`);
      return EXIT.ok;
    });
  },
};

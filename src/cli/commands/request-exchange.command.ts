import type { DispatchProgress } from '../../cooperation/outbox.dispatcher.js';
import type { OutboxEntry } from '../../cooperation/outbox.view.js';
import type { TimelineView } from '../../cooperation/request.view.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliCommand, type CliContext } from '../command.js';
import { operatorActor, withNode } from '../node-command.js';

/**
 * The exchange of legal requests for the operator without the UI (issue 7, item 5): the node's
 * undelivered messages with their attempts, next try and last error, and a round of delivery
 * now. The operator acts as the node organisation's administrator.
 */

/** A positive whole number given to `--limit`, else a usage error naming it. */
function limitOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,3}$/.test(value))
    throw new UsageError(`--limit must be a whole number from 1 to 9999, not "${value}"`);
  return Number(value);
}

/**
 * The exchange part of `nohaven request show`: each message of the request with its delivery
 * (delivered, refused for good with the reason, or pending with attempts and last error), and
 * each document with its chain of custody (intact, or where it breaks). None when empty.
 */
export function exchangeLines(timeline: TimelineView): string[] {
  const out: string[] = [];
  if (timeline.outbox.length > 0) out.push('delivery:');
  for (const o of timeline.outbox)
    out.push(
      `  ${o.state.padEnd(20)} ${
        o.deliveredAt
          ? `delivered ${o.deliveredAt}${o.receiptAt ? `, signed receipt ${o.receiptAt}` : ''}`
          : o.refusedAt
            ? `FAILED ${o.refusedAt}: ${o.lastError ?? ''}`
            : `pending, attempts ${o.attempts}${o.nextAttemptAt ? `, next try ${o.nextAttemptAt}` : ''}${o.lastError ? `, last error: ${o.lastError}` : ''}`
      }`,
    );
  if (timeline.files.length > 0) out.push('documents:');
  for (const f of timeline.files) {
    const c = f.custody;
    out.push(
      `  ${f.name}  ${f.size} bytes  SHA-256 ${f.sha256}  custody ${
        c === null
          ? '-'
          : c.intact
            ? `intact (${c.records.length} records)`
            : `BROKEN: ${c.problem}`
      }`,
    );
    for (const r of c?.records ?? [])
      out.push(`    ${r.seq}. ${r.at}  ${r.action} by ${r.actor}: ${r.purpose}`);
  }
  return out;
}

function outboxLine(e: OutboxEntry): string {
  const when =
    e.status === 'failed'
      ? `FAILED ${e.refusedAt}`
      : e.nextAttemptAt
        ? `next try ${e.nextAttemptAt}`
        : 'next try now';
  return (
    `${e.id}  ${e.requestType.padEnd(4)} ${e.step.padEnd(20)} request ${e.requestId}  to ${e.recipientOrganizationId}` +
    `  attempts ${e.attempts}  ${when}${e.lastError ? `  last error: ${e.lastError}` : ''}`
  );
}

/** `nohaven request outbox [--failed] [--limit N] [--json]`. */
export const requestOutboxCommand: CliCommand = {
  name: ['request', 'outbox'],
  summary: 'List the legal-cooperation messages not delivered yet, with attempts and errors',
  usage:
    'nohaven request outbox [--failed] [--limit N] [--json]\n' +
    '  One line per message waiting for delivery: id, type, step, request, recipient, attempts,\n' +
    '  next try (back-off) and last error, oldest first.\n' +
    '  --failed  also the messages the receiving node refused for good (FAILED, with the reason)\n' +
    '  --json    print them as a JSON array',
  async run(ctx, args) {
    const { options } = parseCommandArgs(
      args,
      { failed: { type: 'boolean' }, limit: { type: 'string' }, json: { type: 'boolean' } },
      { min: 0, max: 0 },
    );
    const limit = limitOf(options.limit);
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli', 'admin');
      const entries = await node.services.cooperation.outbox(actor, {
        failed: options.failed === true,
        ...(limit ? { limit } : {}),
      });
      if (options.json === true) {
        ctx.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
        return EXIT.ok;
      }
      for (const e of entries) ctx.stdout.write(`${outboxLine(e)}\n`);
      const failed = entries.filter((e) => e.status === 'failed').length;
      ctx.stdout.write(
        `${entries.length - failed} pending${options.failed === true ? `, ${failed} failed` : ''}\n`,
      );
      return EXIT.ok;
    });
  },
};

/** A progress line on a terminal, redrawn after each message; nothing otherwise. */
function progressOf(ctx: CliContext): {
  update(p: DispatchProgress): void;
  done(): void;
} {
  let drawn = false;
  return {
    update(p) {
      if (!ctx.interactive) return;
      ctx.stderr.write(
        `\rdispatch ${p.done}/${p.total} messages: ${p.delivered} delivered, ${p.failed} failed\x1b[K`,
      );
      drawn = true;
    },
    done() {
      if (drawn) ctx.stderr.write('\n');
    },
  };
}

/** `nohaven request dispatch [--wait-backoff] [--limit N]`. */
export const requestDispatchCommand: CliCommand = {
  name: ['request', 'dispatch'],
  summary: 'Deliver the pending legal-cooperation messages now',
  usage:
    'nohaven request dispatch [--wait-backoff] [--limit N]\n' +
    '  Hands the pending messages to the receiving nodes now, oldest first, also those still in\n' +
    '  back-off (unless --wait-backoff); a progress line on a terminal. Exit 1 when a message\n' +
    '  failed (each is named with its error on stderr).',
  async run(ctx, args) {
    const { options } = parseCommandArgs(
      args,
      { 'wait-backoff': { type: 'boolean' }, limit: { type: 'string' } },
      { min: 0, max: 0 },
    );
    const limit = limitOf(options.limit);
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli', 'admin');
      const progress = progressOf(ctx);
      const result = await node.services.cooperation.dispatchNow(actor, {
        ignoreBackoff: options['wait-backoff'] !== true,
        onProgress: (p) => progress.update(p),
        ...(limit ? { limit } : {}),
      });
      progress.done();
      for (const e of result.errors)
        ctx.stderr.write(
          `message ${e.id} of request ${e.requestId} ${e.final ? 'refused for good' : 'not delivered'}: ${e.error}\n`,
        );
      const pending = await node.services.cooperation.outbox(actor);
      ctx.stdout.write(
        `${result.delivered} delivered, ${result.failed} failed, ${pending.length} still pending\n`,
      );
      return result.failed > 0 ? EXIT.failure : EXIT.ok;
    });
  },
};

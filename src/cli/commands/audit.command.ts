import { readFile } from 'node:fs/promises';
import type { WitnessedAuditReport } from '../../audit/audit-checkpoint.verify.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliCommand } from '../command.js';
import { operatorActor, withNode } from '../node-command.js';

/**
 * `nohaven audit verify [--witness URL]… [--witness-file FILE]…`: walks the whole audit chain,
 * checks every stored checkpoint (signature, countersignatures, head hash) and compares the
 * chain with the witnesses' copies — the named ones, or every configured witness. Exit 0 and
 * `audit chain verified: N entries`, or exit 1 with each problem and where history diverges.
 */
export const auditVerifyCommand: CliCommand = {
  name: ['audit', 'verify'],
  summary: 'Verify the audit chain, its signed checkpoints and the witnesses’ copies',
  usage: 'nohaven audit verify [--witness URL]... [--witness-file FILE]...',
  async run(ctx, args) {
    const { options } = parseCommandArgs(
      args,
      {
        witness: { type: 'string', multiple: true },
        'witness-file': { type: 'string', multiple: true },
      },
      { min: 0, max: 0 },
    );
    const files = await Promise.all(
      (options['witness-file'] ?? []).map(async (name) => {
        let text: string;
        try {
          text = await readFile(name, 'utf8');
        } catch (err) {
          throw new UsageError(`cannot read ${name}: ${(err as Error).message}`);
        }
        try {
          return { name, content: JSON.parse(text) as unknown };
        } catch {
          throw new UsageError(
            `${name} is not JSON (a witness copy is the JSON its endpoint returns)`,
          );
        }
      }),
    );
    for (const url of options.witness ?? []) {
      if (!/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(url)) {
        throw new UsageError(`--witness ${url} is not an http(s) base URL`);
      }
    }
    return withNode(ctx, async ({ services }) => {
      const report = await services.verifyAudit({
        ...(options.witness
          ? { witnessUrls: options.witness.map((u) => u.replace(/\/+$/, '')) }
          : {}),
        witnessFiles: files,
      });
      ctx.stdout.write(formatReport(report));
      return report.ok ? EXIT.ok : EXIT.failure;
    });
  },
};

/** The report as the command prints it: the chain, the checkpoints, each problem, the divergence. */
export function formatReport(report: WitnessedAuditReport): string {
  const lines: string[] = [];
  const { chain } = report;
  if (chain.ok) lines.push(`audit chain verified: ${chain.entries} entries`);
  else {
    const { seq, problem, message } = chain.firstBad;
    lines.push(`audit chain broken at entry #${seq} (${problem}): ${message}`);
  }
  const per = report.sources
    .map(
      (s) =>
        `${s.source}${s.witness ? ` (${s.witness})` : ''}: ${s.error ? 'unreadable' : s.checkpoints}`,
    )
    .join('; ');
  lines.push(`checkpoints compared: ${report.checkpoints} (${per})`);
  for (const p of report.problems.filter((x) => x.kind !== 'chain')) {
    lines.push(`problem (${p.kind}, ${p.source}): ${p.message}`);
  }
  if (report.divergence) lines.push(`divergence: ${report.divergence.message}`);
  lines.push(report.ok ? 'audit verified' : 'audit NOT verified');
  return `${lines.join('\n')}\n`;
}

/** `nohaven audit checkpoint`: signs the chain's head now and queues it for the witnesses. */
export const auditCheckpointCommand: CliCommand = {
  name: ['audit', 'checkpoint'],
  summary: 'Take a signed checkpoint of the audit chain and send it to the witnesses',
  usage: 'nohaven audit checkpoint',
  async run(ctx, args) {
    parseCommandArgs(args, {}, { min: 0, max: 0 });
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli-audit-checkpoint', 'admin');
      const cp = await node.services.checkpoints.take(actor);
      await node.services.checkpoints.deliverDue();
      const [view] = await node.services.checkpoints.list(actor, {
        limit: 1,
        beforeSeq: cp.seq + 1,
      });
      ctx.stdout.write(`checkpoint #${cp.seq} ${cp.headHash} signed at ${cp.at}\n`);
      for (const r of view?.receipts ?? []) {
        ctx.stdout.write(`  witnessed by ${r.witness} (${r.witnessUrl}) at ${r.receivedAt}\n`);
      }
      for (const d of (view?.deliveries ?? []).filter((x) => x.state === 'pending')) {
        ctx.stdout.write(
          `  pending for ${d.witnessUrl}: ${d.lastError ?? 'not tried yet'} (retried by the node)\n`,
        );
      }
      return EXIT.ok;
    });
  },
};

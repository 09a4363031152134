import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { verifyExport } from '../../audit/audit-export.js';
import { fingerprint, isPublicKeyText } from '../../federation/signing.js';
import { createProgress } from '../progress.js';
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

/**
 * `nohaven audit export [--from TIME] [--to TIME] FILE`: the signed audit export of a period,
 * as oversight reads it (without personal data), with a progress bar on stderr.
 */
export const auditExportCommand: CliCommand = {
  name: ['audit', 'export'],
  summary: 'Export the audit of a period as a signed file (without personal data)',
  usage: 'nohaven audit export [--from TIME] [--to TIME] FILE',
  async run(ctx, args) {
    const { options, positionals } = parseCommandArgs(
      args,
      { from: { type: 'string' }, to: { type: 'string' } },
      { min: 1, max: 1 },
    );
    const file = positionals[0]!;
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli-audit-export', 'oversight');
      const prepared = await node.services.auditExport.prepare(actor, {
        ...(options.from ? { from: options.from } : {}),
        ...(options.to ? { to: options.to } : {}),
      });
      const progress = createProgress({
        out: ctx.stderr,
        interactive: ctx.interactive,
        label: 'audit export',
        total: null,
      });
      const out = createWriteStream(file);
      let bytes = 0;
      let entries = 0;
      try {
        for await (const line of prepared.lines()) {
          bytes += Buffer.byteLength(line);
          if (line.startsWith('{"manifest"')) {
            progress.update({ bytes, objects: entries });
          } else {
            entries += 1;
            progress.update({ bytes, objects: entries });
          }
          if (!out.write(line)) await once(out, 'drain');
        }
      } finally {
        progress.done();
        out.end();
        await once(out, 'close');
      }
      ctx.stdout.write(`exported ${entries} audit entries to ${file} (signed manifest last)\n`);
      return EXIT.ok;
    });
  },
};

/**
 * `nohaven audit verify-export FILE [--public-key KEY]`: checks an export offline (no node
 * needed) and names the first bad line. Without `--public-key` the manifest's own key is used
 * and its fingerprint printed, to compare out of band.
 */
export const auditVerifyExportCommand: CliCommand = {
  name: ['audit', 'verify-export'],
  summary: 'Verify a signed audit export offline and name the first bad line',
  usage: 'nohaven audit verify-export FILE [--public-key KEY]',
  async run(ctx, args) {
    const { options, positionals } = parseCommandArgs(
      args,
      { 'public-key': { type: 'string' } },
      { min: 1, max: 1 },
    );
    const file = positionals[0]!;
    const key = options['public-key'];
    if (key !== undefined && !isPublicKeyText(key)) {
      throw new UsageError('--public-key must be a base64url Ed25519 public key');
    }
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
    }
    const check = verifyExport(text, key);
    if (!check.ok) {
      ctx.stdout.write(
        `export NOT verified${check.line === null ? '' : ` at line ${check.line}`}: ${check.message}\n`,
      );
      return EXIT.failure;
    }
    const m = check.manifest;
    ctx.stdout.write(
      `export verified: ${check.count} entries #${m.firstSeq} to #${m.lastSeq} of node ${m.nodeId}, ` +
        `signed ${m.exportedAt} by key ${fingerprint(m.publicKey)}` +
        (key === undefined ? ' (the key in the file: compare its fingerprint out of band)' : '') +
        '\n',
    );
    return EXIT.ok;
  },
};

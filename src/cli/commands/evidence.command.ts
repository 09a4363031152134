import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { verifyPackage } from '../../cases/package-verify.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliCommand } from '../command.js';
import { operatorActor, withNode } from '../node-command.js';

const VERIFY_USAGE = `nohaven evidence verify PACKAGE [--fingerprint SHA256:…]
  Verifies an evidence package offline: the manifest's signature by the key in the embedded
  node descriptor (and, with --fingerprint, that the key is the one you confirmed out of band),
  every file's SHA-256 and size, that no file is missing or added, and each custody chain.
  Exit 0 when everything holds; otherwise each problem is named on stderr and the exit is 1.`;

const EXPORT_USAGE = `nohaven evidence export CASE --items ID[,ID…] --purpose TEXT OUT
  Writes a signed evidence package (tar) of the chosen items of case CASE (id or reference) to
  OUT, as the node operator; each item's chain of custody records the export and its purpose.`;

export const evidenceVerifyCommand: CliCommand = {
  name: ['evidence', 'verify'],
  summary: 'Verify an evidence package offline (signature, hashes, custody)',
  usage: VERIFY_USAGE,
  async run(ctx, args) {
    const { options, positionals } = parseCommandArgs(
      args,
      { fingerprint: { type: 'string' } },
      { min: 1, max: 1 },
    );
    const file = positionals[0]!;
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (err) {
      ctx.stderr.write(`error: cannot read ${file}: ${(err as Error).message}\n`);
      return EXIT.failure;
    }
    const result = verifyPackage(bytes, { expectedFingerprint: options.fingerprint });
    if (!result.ok) {
      for (const p of result.problems) ctx.stderr.write(`${p.where}: ${p.message}\n`);
      ctx.stderr.write(`FAILED: ${result.problems.length} problem(s) in ${file}\n`);
      return EXIT.failure;
    }
    const m = result.manifest!;
    ctx.stdout.write(
      [
        `ok: ${file}`,
        `  case       ${m.case.reference} (${m.case.title})`,
        `  producer   ${m.producer.name} ${m.producer.nodeId}`,
        `  key        ${result.fingerprint}${options.fingerprint ? ' (as expected)' : ' (not checked against an expected fingerprint)'}`,
        `  created    ${m.createdAt} by ${m.producedBy}: ${m.purpose}`,
        ...m.items.map(
          (i) => `  ${i.path}  ${i.size} bytes  sha256:${i.sha256}  custody:${i.custody.length}`,
        ),
        '',
      ].join('\n'),
    );
    return EXIT.ok;
  },
};

export const evidenceExportCommand: CliCommand = {
  name: ['evidence', 'export'],
  summary: 'Export evidence items of a case as a signed package',
  usage: EXPORT_USAGE,
  async run(ctx, args) {
    const { options, positionals } = parseCommandArgs(
      args,
      { items: { type: 'string', multiple: true }, purpose: { type: 'string' } },
      { min: 2, max: 2 },
    );
    const [caseRef, out] = positionals as [string, string];
    const itemIds = (options.items ?? []).flatMap((s) => s.split(',')).map((s) => s.trim());
    if (itemIds.filter(Boolean).length === 0) throw new UsageError('--items is required');
    if (!options.purpose) throw new UsageError('--purpose is required');
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli-evidence', 'admin');
      const caseId = await node.services.cases.resolveReference(actor, caseRef);
      const pkg = await node.services.evidencePackages.export(actor, caseId, {
        itemIds: itemIds.filter(Boolean),
        purpose: options.purpose!,
      });
      // A file appears complete or not at all.
      const part = `${out}.${process.pid}.partial`;
      try {
        await writeFile(part, pkg.bytes, { mode: 0o600 });
        await rename(part, out);
      } finally {
        await rm(part, { force: true });
      }
      ctx.stderr.write(
        `exported ${pkg.manifest.items.length} item(s) of ${pkg.manifest.case.reference} to ${out} (${pkg.packageId}, key ${pkg.manifest.producer.fingerprint})\n`,
      );
      return EXIT.ok;
    });
  },
};

import { createReadStream, statSync } from 'node:fs';
import { DomainError } from '../../platform/errors.js';
import { readBundle, BundleFormatError } from '../../objects/bundle-reader.js';
import type { BatchCommit } from '../../objects/object.service.js';
import {
  DISTRIBUTIONS,
  type Distribution,
  type IngestMode,
  type IngestSummary,
} from '../../objects/object.types.js';
import { parseCommandArgs } from '../args.js';
import { operatorActor } from '../node-command.js';
import { EXIT, UsageError, type CliCommand, type CliContext, type OpenedNode } from '../command.js';
import { createProgress, type ProgressState } from '../progress.js';

/** Input formats `nohaven import` reads; more arrive with the intake capability. */
export const IMPORT_FORMATS = ['stix'] as const;

export interface ImportOptions {
  readonly mode: IngestMode;
  readonly distribution?: Distribution;
  /** After every batch: bytes of input and objects read so far. */
  readonly onProgress?: (state: ProgressState) => void;
  /** Partial mode: called once a batch is committed (durable) with the ids it stored. */
  readonly onCommit?: (batch: BatchCommit) => void;
}

/**
 * The core of `nohaven import` (also what `bench/import.bench.ts` measures): streams a STIX
 * bundle from `input` through the bundle reader into the object store, as the node's
 * `cli-import` service actor (role analyst, the node organisation). Memory stays bounded by one
 * batch whatever the input size. Throws {@link BundleFormatError} for input that is not a
 * well-formed bundle (atomic mode: nothing stored; partial mode: batches before it stay stored).
 */
export async function runImport(
  node: Pick<OpenedNode, 'services'>,
  input: AsyncIterable<Uint8Array | string>,
  options: ImportOptions,
): Promise<IngestSummary> {
  const actor = await operatorActor(node, 'cli-import', 'analyst');
  let bytes = 0;
  async function* counted(): AsyncGenerator<Uint8Array | string> {
    for await (const chunk of input) {
      bytes += chunk.length;
      yield chunk;
    }
  }
  return node.services.objects.ingest(actor, readBundle(counted()), {
    mode: options.mode,
    distribution: options.distribution,
    onProgress: (read) => options.onProgress?.({ bytes, objects: read }),
    onCommit: options.onCommit,
  });
}

const USAGE = `nohaven import FILE|- [--format stix] [--partial] [--distribution D] [--json] [--progress-json]
  Reads a STIX 2.1 bundle from FILE or stdin (-) and stores its objects.
  --partial        store the valid objects and report the others (default: all or nothing)
  --distribution   ${DISTRIBUTIONS.join(' | ')} | sharing-group:<id> (default community)
  --json           print the summary as JSON on stdout
  --progress-json  progress as JSON lines on stderr; in partial mode one line per committed batch`;

export const importCommand: CliCommand = {
  name: ['import'],
  summary: 'Import a STIX 2.1 bundle from a file or stdin',
  usage: USAGE,
  async run(ctx, args) {
    const { options, positionals } = parseCommandArgs(
      args,
      {
        format: { type: 'string' },
        partial: { type: 'boolean' },
        distribution: { type: 'string' },
        json: { type: 'boolean' },
        'progress-json': { type: 'boolean' },
      },
      { min: 1, max: 1 },
    );
    const format = options.format ?? 'stix';
    if (!(IMPORT_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`unknown format "${format}" (supported: ${IMPORT_FORMATS.join(', ')})`);
    }
    const distribution = options.distribution as Distribution | undefined;
    if (
      distribution !== undefined &&
      !DISTRIBUTIONS.includes(distribution) &&
      !/^sharing-group:sg-[0-9a-f-]{36}$/.test(distribution)
    ) {
      throw new UsageError(
        `unknown distribution "${distribution}" (one of ${DISTRIBUTIONS.join(', ')}, sharing-group:<id>)`,
      );
    }
    const file = positionals[0]!;
    let total: number | null = null;
    if (file !== '-') {
      try {
        total = statSync(file).size;
      } catch (err) {
        ctx.stderr.write(`nohaven import: cannot read ${file}: ${(err as Error).message}\n`);
        return EXIT.failure;
      }
    }
    const json = options.json === true;
    const progressJson = options['progress-json'] === true;
    const progress = createProgress({
      out: ctx.stderr,
      interactive: ctx.interactive,
      label: 'import',
      total,
    });
    const input = file === '-' ? ctx.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
    let committed = 0;
    const node = await ctx.openNode();
    try {
      const summary = await runImport(node, input, {
        mode: options.partial ? 'partial' : 'atomic',
        distribution,
        onProgress: (state) => {
          if (progressJson)
            ctx.stderr.write(`${JSON.stringify({ event: 'progress', ...state })}\n`);
          else progress.update(state);
        },
        onCommit: (batch) => {
          committed += batch.stored;
          if (progressJson) ctx.stderr.write(`${JSON.stringify({ event: 'commit', ...batch })}\n`);
        },
      });
      if (!progressJson) progress.done();
      printSummary(ctx, summary, json);
      return summary.rejected.length > 0 ? EXIT.failure : EXIT.ok;
    } catch (err) {
      if (!progressJson) progress.done();
      if (!(err instanceof DomainError)) throw err;
      printFailure(ctx, file, err, json, options.partial ? committed : 0);
      return EXIT.failure;
    } finally {
      if ('destroy' in input && input !== ctx.stdin) input.destroy();
      await node.close();
    }
  },
};

function printSummary(ctx: CliContext, s: IngestSummary, json: boolean): void {
  if (json) {
    ctx.stdout.write(`${JSON.stringify(s)}\n`);
    return;
  }
  const lines = [`stored ${s.stored}, duplicates ${s.duplicates}, rejected ${s.rejected.length}`];
  if (s.rolledBack)
    lines.push(
      'nothing was stored: the import is all or nothing (use --partial to store the valid objects)',
    );
  for (const r of s.rejected) {
    for (const e of r.errors)
      lines.push(`#${r.index} ${r.id ?? '(no id)'}: ${e.path || '/'}: ${e.message}`);
  }
  ctx.stdout.write(`${lines.join('\n')}\n`);
}

function printFailure(
  ctx: CliContext,
  file: string,
  err: DomainError,
  json: boolean,
  committed: number,
): void {
  const where =
    err instanceof BundleFormatError
      ? { line: err.line, column: err.column, index: err.index }
      : {};
  if (json) {
    ctx.stdout.write(
      `${JSON.stringify({ error: { code: err.code, message: err.message, ...where }, stored: committed })}\n`,
    );
    return;
  }
  const name = file === '-' ? 'stdin' : file;
  ctx.stderr.write(`nohaven import: ${name}: ${err.message}\n`);
  for (const d of err.details) if (d.path) ctx.stderr.write(`  ${d.path}: ${d.message}\n`);
  ctx.stderr.write(
    committed > 0
      ? `${committed} objects of earlier batches were stored\n`
      : 'nothing was stored\n',
  );
}

import { createReadStream, statSync } from 'node:fs';
import { DomainError } from '../../platform/errors.js';
import { BundleFormatError } from '../../objects/bundle-reader.js';
import type { BatchCommit } from '../../objects/object.service.js';
import { DISTRIBUTIONS, type Distribution, type IngestMode } from '../../objects/object.types.js';
import type { FeedDefinition } from '../../intake/feeds/feed-definition.js';
import { loadFeedDefinition } from './feed.command.js';
import { SHIPPED_FEED_DEFINITIONS } from '../../intake/feeds/definitions/index.js';
import { INTAKE_FORMATS } from '../../intake/formats/registry.js';
import type { ImportSummary, IntakeProgress } from '../../intake/intake.service.js';
import { TLP_LEVELS, type TlpLevel } from '../../stix/index.js';
import { parseCommandArgs } from '../args.js';
import { operatorActor } from '../node-command.js';
import { EXIT, UsageError, type CliCommand, type CliContext, type OpenedNode } from '../command.js';
import { createProgress } from '../progress.js';

export interface ImportOptions {
  readonly mode: IngestMode;
  /** A format name, or `auto` (default): detected from content. */
  readonly format?: string;
  readonly feed?: FeedDefinition;
  readonly distribution?: Distribution;
  readonly tlp?: TlpLevel;
  /** After every batch: bytes of input, records and objects read so far. */
  readonly onProgress?: (state: IntakeProgress) => void;
  /** Partial mode: called once a batch is committed (durable) with the ids it stored. */
  readonly onCommit?: (batch: BatchCommit) => void;
}

/**
 * The core of `nohaven import` (also what `bench/` measures): streams the input through the
 * intake pipeline (format, parser, enrichment, de-duplication) into the object store, as the
 * node's `cli-import` service actor (role analyst, the node organisation) — the same code path
 * as the REST endpoint and the web UI. Memory stays bounded whatever the input size.
 */
export async function runImport(
  node: Pick<OpenedNode, 'services'>,
  input: AsyncIterable<Uint8Array | string>,
  options: ImportOptions,
): Promise<ImportSummary> {
  const actor = await operatorActor(node, 'cli-import', 'analyst');
  return node.services.intake.import(actor, input, options);
}

const USAGE = `nohaven import FILE|- [--format F | --feed DEF] [--partial] [--distribution D] [--tlp T] [--json] [--progress-json]
  Reads FILE or stdin (-), turns it into STIX 2.1 and stores it.
  --format         ${['auto', ...INTAKE_FORMATS.map((f) => f.name)].join(' | ')} (default auto: detected from content)
  --feed DEF       the input is a feed: DEF is a definition file or one of
                   ${[...SHIPPED_FEED_DEFINITIONS.keys()].join(', ')}
  --partial        store the valid records and report the others (default: all or nothing)
  --distribution   ${DISTRIBUTIONS.join(' | ')} | sharing-group:<id> (default community)
  --tlp            ${TLP_LEVELS.join(' | ')}: marking of objects the import creates (default amber)
  --json           print the summary as JSON on stdout
  --progress-json  progress as JSON lines on stderr; in partial mode one line per committed batch`;

export const importCommand: CliCommand = {
  name: ['import'],
  summary: 'Import a file in any supported format (STIX, feeds, …) from a file or stdin',
  usage: USAGE,
  async run(ctx, args) {
    const { options, positionals } = parseCommandArgs(
      args,
      {
        format: { type: 'string' },
        feed: { type: 'string' },
        partial: { type: 'boolean' },
        distribution: { type: 'string' },
        tlp: { type: 'string' },
        json: { type: 'boolean' },
        'progress-json': { type: 'boolean' },
      },
      { min: 1, max: 1 },
    );
    const format = options.format ?? 'auto';
    const known = ['auto', ...INTAKE_FORMATS.map((f) => f.name)];
    if (!known.includes(format)) {
      throw new UsageError(`unknown format "${format}" (supported: ${known.join(', ')})`);
    }
    if (options.feed !== undefined && options.format !== undefined) {
      throw new UsageError('give either --format or --feed, not both');
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
    const tlp = options.tlp?.toLowerCase() as TlpLevel | undefined;
    if (tlp !== undefined && !TLP_LEVELS.includes(tlp)) {
      throw new UsageError(`unknown TLP "${options.tlp}" (one of ${TLP_LEVELS.join(', ')})`);
    }
    let feed: FeedDefinition | undefined;
    if (options.feed !== undefined) {
      const loaded = loadFeedDefinition(options.feed);
      if (!loaded.ok) {
        for (const e of loaded.errors) ctx.stderr.write(`nohaven import: ${e}\n`);
        return EXIT.failure;
      }
      feed = loaded.definition;
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
        format,
        feed,
        distribution,
        tlp,
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
      return summary.problemCount > 0 ? EXIT.failure : EXIT.ok;
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

function printSummary(ctx: CliContext, s: ImportSummary, json: boolean): void {
  if (json) {
    ctx.stdout.write(`${JSON.stringify(s)}\n`);
    return;
  }
  const lines = [
    `${s.format}: ${s.records} records, stored ${s.stored}, duplicates ${s.duplicates}, folded ${s.folded}, problems ${s.problemCount}`,
  ];
  if (s.rolledBack)
    lines.push(
      'nothing was stored: the import is all or nothing (use --partial to store the valid records)',
    );
  for (const p of s.problems) {
    const where = p.line !== undefined ? `line ${p.line}` : `record ${p.record}`;
    lines.push(`${where}${p.id !== undefined ? ` ${p.id}` : ''}: ${p.reason}`);
  }
  if (s.problemCount > s.problems.length)
    lines.push(`… and ${s.problemCount - s.problems.length} more problems`);
  for (const w of s.warnings) {
    const where = w.line !== undefined ? `line ${w.line}` : `record ${w.record}`;
    lines.push(`warning: ${where}: ${w.message}`);
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

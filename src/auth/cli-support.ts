import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT, UsageError, type CliContext, type OpenedNode } from '../cli/command.js';
import { DomainError } from '../platform/errors.js';

/**
 * Helpers shared by the account and audit commands (`user`, `token`, `org`, `audit`).
 * Candidates for `src/cli/` once the CLI owner wants them there.
 */

/** `util.parseArgs` with unknown options and bad values turned into {@link UsageError}. */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: O,
) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/**
 * Opens the node, runs `body`, closes the node. A {@link DomainError} is printed on stderr as
 * `error: <message>` (plus its details) and gives exit code 1.
 */
export async function withNode(
  ctx: CliContext,
  body: (node: OpenedNode) => Promise<number>,
): Promise<number> {
  const node = await ctx.openNode();
  try {
    return await body(node);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    ctx.stderr.write(`error: ${err.message}\n`);
    for (const d of err.details) ctx.stderr.write(`  ${d.path}: ${d.message}\n`);
    return EXIT.failure;
  } finally {
    await node.close();
  }
}

/** Reads the first line of a stream (without its line end); the whole stream if it has none. */
export async function readFirstLine(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    const nl = text.indexOf('\n');
    if (nl >= 0) return text.slice(0, nl).replace(/\r$/, '');
  }
  return text.replace(/\r$/, '');
}

import type { Actor, Role } from '../platform/actor.js';
import { DomainError } from '../platform/errors.js';
import { EXIT, type CliContext, type OpenedNode } from './command.js';

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

/**
 * The named actor of an operator command (`cli`, `cli-import`, …), acting for the node's own
 * organisation with only the role the command needs.
 */
export async function operatorActor(
  node: Pick<OpenedNode, 'services'>,
  name: string,
  role: Role,
): Promise<Actor> {
  return { kind: 'service', name, role, organizationId: await node.services.node.organizationId() };
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

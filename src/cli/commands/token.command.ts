import { parseCommandArgs } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { operatorActor, withNode } from '../node-command.js';

/**
 * `nohaven token create USER [--name LABEL]`: creates an API token for USER and prints only the
 * token on stdout (so that `TOKEN=$(nohaven token create alice)` works). Shown once.
 */
export const tokenCreateCommand: CliCommand = {
  name: ['token', 'create'],
  summary: 'Create an API token for a user and print it once',
  usage: 'nohaven token create USER [--name LABEL]',
  async run(ctx, args) {
    const { options, positionals } = parseCommandArgs(
      args,
      { name: { type: 'string' } },
      { min: 1, max: 1 },
    );
    const username = positionals[0]!;
    const label = options.name ?? 'cli';
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli', 'admin');
      const created = await node.services.auth.createTokenForUser(actor, username, label);
      ctx.stdout.write(`${created.token}\n`);
      return EXIT.ok;
    });
  },
};

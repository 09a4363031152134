import { nodeServiceActor } from '../../auth/service-actor.js';
import { parseCommandArgs, withNode } from '../../auth/cli-support.js';
import { EXIT, UsageError, type CliCommand } from '../command.js';

/**
 * `nohaven token create USER [--name LABEL]`: creates an API token for USER and prints only the
 * token on stdout (so that `TOKEN=$(nohaven token create alice)` works). Shown once.
 */
export const tokenCreateCommand: CliCommand = {
  name: ['token', 'create'],
  summary: 'Create an API token for a user and print it once',
  usage: 'nohaven token create USER [--name LABEL]',
  async run(ctx, args) {
    const { values, positionals } = parseCommandArgs(args, { name: { type: 'string' } });
    const [username, ...extra] = positionals;
    if (username === undefined || extra.length > 0) throw new UsageError('give exactly one USER');
    const label = values.name ?? 'cli';
    return withNode(ctx, async ({ config, services }) => {
      const { actor, firstRun } = await nodeServiceActor(services.auth, config, 'cli');
      if (firstRun) {
        ctx.stderr.write(
          `first run: created user ${firstRun.username} with password ${firstRun.password}\n`,
        );
      }
      const created = await services.auth.createTokenForUser(actor, username, label);
      ctx.stdout.write(`${created.token}\n`);
      return EXIT.ok;
    });
  },
};

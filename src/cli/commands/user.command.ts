import { isRole, ROLES } from '../../platform/actor.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliCommand } from '../command.js';
import { operatorActor, readFirstLine, withNode } from '../node-command.js';

/**
 * `nohaven user add NAME --role ROLE [--org ORG] --password-stdin`: creates a user. The password
 * is read from the first line of stdin, never from the command line (it would land in shell
 * history and the process list). Works while the node is running.
 */
export const userAddCommand: CliCommand = {
  name: ['user', 'add'],
  summary: 'Create a user of this node',
  usage: `nohaven user add NAME --role ROLE [--org ORG] --password-stdin\n  ROLE: ${ROLES.join(', ')}\n  ORG: organisation name or id (default: the node's organisation)`,
  async run(ctx, args) {
    const { options: values, positionals } = parseCommandArgs(
      args,
      { role: { type: 'string' }, org: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
      { min: 1, max: 1 },
    );
    const username = positionals[0]!;
    if (values.role === undefined || !isRole(values.role)) {
      throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    }
    if (values['password-stdin'] !== true) {
      throw new UsageError('--password-stdin is required: pass the password on stdin');
    }
    const password = await readFirstLine(ctx.stdin);
    if (password.length === 0) throw new UsageError('no password on stdin');
    const role = values.role;
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli', 'admin');
      const user = await node.services.auth.createUser(actor, {
        username,
        role,
        password,
        ...(values.org === undefined ? {} : { organization: values.org }),
      });
      ctx.stdout.write(`created user ${user.username} (${user.role})\n`);
      return EXIT.ok;
    });
  },
};

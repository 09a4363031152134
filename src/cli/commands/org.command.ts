import { SECTORS } from '../../auth/auth.types.js';
import { nodeServiceActor } from '../../auth/service-actor.js';
import { parseCommandArgs, withNode } from '../../auth/cli-support.js';
import { EXIT, UsageError, type CliCommand } from '../command.js';

/** `nohaven org add NAME --sector SECTOR --country CC`: registers an organisation. */
export const orgAddCommand: CliCommand = {
  name: ['org', 'add'],
  summary: 'Register an organisation',
  usage: `nohaven org add NAME --sector SECTOR --country CC\n  SECTOR: ${SECTORS.join(', ')}\n  CC: ISO 3166-1 alpha-2 country code, e.g. FR`,
  async run(ctx, args) {
    const { values, positionals } = parseCommandArgs(args, {
      sector: { type: 'string' },
      country: { type: 'string' },
    });
    const name = positionals.join(' ').trim();
    if (name === '') throw new UsageError('give the organisation NAME');
    if (values.sector === undefined) throw new UsageError('--sector is required');
    if (values.country === undefined) throw new UsageError('--country is required');
    const { sector, country } = values;
    return withNode(ctx, async ({ config, services }) => {
      const { actor, firstRun } = await nodeServiceActor(services.auth, config, 'cli');
      if (firstRun) {
        ctx.stderr.write(
          `first run: created user ${firstRun.username} with password ${firstRun.password}\n`,
        );
      }
      const org = await services.auth.createOrganization(actor, { name, sector, country });
      ctx.stdout.write(`created organisation ${org.name} (${org.id})\n`);
      return EXIT.ok;
    });
  },
};

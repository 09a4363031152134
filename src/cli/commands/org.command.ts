import { SECTORS } from '../../auth/auth.types.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliCommand } from '../command.js';
import { operatorActor, withNode } from '../node-command.js';

/** `nohaven org add NAME --sector SECTOR --country CC`: registers an organisation. */
export const orgAddCommand: CliCommand = {
  name: ['org', 'add'],
  summary: 'Register an organisation',
  usage: `nohaven org add NAME --sector SECTOR --country CC\n  SECTOR: ${SECTORS.join(', ')}\n  CC: ISO 3166-1 alpha-2 country code, e.g. FR`,
  async run(ctx, args) {
    const { options, positionals } = parseCommandArgs(
      args,
      { sector: { type: 'string' }, country: { type: 'string' } },
      { min: 0, max: Infinity },
    );
    const name = positionals.join(' ').trim();
    if (name === '') throw new UsageError('give the organisation NAME');
    if (options.sector === undefined) throw new UsageError('--sector is required');
    if (options.country === undefined) throw new UsageError('--country is required');
    const { sector, country } = options;
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli', 'admin');
      const org = await node.services.auth.createOrganization(actor, { name, sector, country });
      ctx.stdout.write(`created organisation ${org.name} (${org.id})\n`);
      return EXIT.ok;
    });
  },
};

import { maskedConfig } from '../../platform/config.js';
import { loadConfig } from '../../platform/config.loader.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';

/**
 * `nohaven config check`: prints the effective configuration (file, then environment) as JSON
 * with passwords masked. A bad setting throws `ConfigError`, which `main` reports by name (exit 1).
 */
export const configCheckCommand: CliCommand = {
  name: ['config', 'check'],
  summary: 'Validate the configuration and print it (secrets masked)',
  usage:
    'nohaven config check\n  Prints the effective configuration as JSON; exit 1 names the first bad setting.',
  async run(ctx, args) {
    parseCommandArgs(args, {}, { min: 0, max: 0 });
    const config = loadConfig(ctx.env, ctx.configFile);
    ctx.stdout.write(`${JSON.stringify(maskedConfig(config), null, 2)}\n`);
    return EXIT.ok;
  },
};

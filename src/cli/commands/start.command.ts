import { loadConfig } from '../../platform/config.loader.js';
import { startNode } from '../../server.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';

/**
 * `nohaven start`: runs the node until SIGINT or SIGTERM, then closes it cleanly (in-flight
 * requests finish, the database closes) and exits 0.
 */
export const startCommand: CliCommand = {
  name: ['start'],
  summary: 'Start the node (HTTP server, UI, API)',
  usage: 'nohaven start\n  Runs the node until interrupted (Ctrl-C or SIGTERM).',
  async run(ctx, args) {
    parseCommandArgs(args, {}, { min: 0, max: 0 });
    const config = loadConfig(ctx.env, ctx.configFile);
    const node = await startNode(config, { out: ctx.stdout });
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      const stop = (s: NodeJS.Signals): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve(s);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    ctx.stderr.write(`nohaven: ${signal} received, stopping\n`);
    await node.close();
    return EXIT.ok;
  },
};

import { parseCommandArgs } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { withNode } from '../node-command.js';

/**
 * `nohaven audit verify`: walks the whole audit chain. Exit 0 and
 * `audit chain verified: N entries`, or exit 1 and
 * `audit chain broken at entry #SEQ (PROBLEM): MESSAGE`.
 */
export const auditVerifyCommand: CliCommand = {
  name: ['audit', 'verify'],
  summary: 'Verify the hash chain of the audit log',
  usage: 'nohaven audit verify',
  async run(ctx, args) {
    parseCommandArgs(args, {}, { min: 0, max: 0 });
    return withNode(ctx, async ({ services }) => {
      const result = await services.audit.verify();
      if (result.ok) {
        ctx.stdout.write(`audit chain verified: ${result.entries} entries\n`);
        return EXIT.ok;
      }
      const { seq, problem, message } = result.firstBad;
      ctx.stdout.write(`audit chain broken at entry #${seq} (${problem}): ${message}\n`);
      return EXIT.failure;
    });
  },
};

import { parseCommandArgs, withNode } from '../../auth/cli-support.js';
import { EXIT, UsageError, type CliCommand } from '../command.js';

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
    const { positionals } = parseCommandArgs(args, {});
    if (positionals.length > 0) throw new UsageError('audit verify takes no arguments');
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

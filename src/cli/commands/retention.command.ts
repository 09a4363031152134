import { parseCommandArgs } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { operatorActor, withNode } from '../node-command.js';

/** `nohaven retention plan [--json]` (issue 8, item 3). */
export const retentionPlanCommand: CliCommand = {
  name: ['retention', 'plan'],
  summary: 'Show what retention will delete or anonymise, and when',
  usage: `nohaven retention plan [--json]
  Lists, per rule of the oversight settings, each record that retention will delete or
  anonymise: when it falls due, the rule's legal basis, and "due" when the next run takes it.
  --json   print it as GET /api/v1/retention/plan does`,
  async run(ctx, args) {
    const { options } = parseCommandArgs(args, { json: { type: 'boolean' } }, { min: 0, max: 0 });
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli-retention', 'admin');
      const items = await node.services.oversight.retention.plan(actor);
      if (options.json === true) {
        ctx.stdout.write(`${JSON.stringify({ items }, null, 2)}\n`);
        return EXIT.ok;
      }
      for (const i of items)
        ctx.stdout.write(
          `${i.dueAt}\t${i.due ? 'due' : 'later'}\t${i.action}\t${i.category}\t${i.label}\t${i.targetId}\t${i.basis}\n`,
        );
      ctx.stderr.write(`${items.length} record(s), ${items.filter((i) => i.due).length} due now\n`);
      return EXIT.ok;
    });
  },
};

/** `nohaven retention run`: the whole of what is due, in steps, resuming an unfinished run. */
export const retentionRunCommand: CliCommand = {
  name: ['retention', 'run'],
  summary: 'Delete or anonymise what retention rules say is due (audited, resumable)',
  usage: `nohaven retention run
  Works through what is due one record per transaction, each with an audit entry naming the
  rule's legal basis; deleted indicators are withdrawn from the peers holding them once the
  node runs. Interrupted, the next run resumes where this one stopped.`,
  async run(ctx, args) {
    parseCommandArgs(args, {}, { min: 0, max: 0 });
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli-retention', 'admin');
      let applied = 0;
      let skipped = 0;
      for (;;) {
        const step = await node.services.oversight.retention.run(actor);
        applied += step.applied;
        skipped += step.skipped;
        if (step.remaining === 0) break;
        ctx.stderr.write(`${applied} done, ${step.remaining} left\n`);
      }
      ctx.stdout.write(`${applied} record(s) deleted or anonymised, ${skipped} no longer due\n`);
      return EXIT.ok;
    });
  },
};

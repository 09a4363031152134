import { rotateMasterKey } from '../../privacy/master-key-rotation.js';
import { systemClock, systemRandom } from '../../platform/ports.js';
import { parseCommandArgs } from '../args.js';
import { createProgress } from '../progress.js';
import { EXIT, type CliCommand } from '../command.js';
import { operatorActor, withNode } from '../node-command.js';

/**
 * `nohaven privacy rotate-master-key`: a new master key re-wraps every data key while the node
 * keeps running (issue 8, item 1); run it again to resume after an interruption.
 */
export const privacyRotateMasterKeyCommand: CliCommand = {
  name: ['privacy', 'rotate-master-key'],
  summary: 'Re-wrap the data keys of personal data under a new master key (no downtime)',
  usage:
    'nohaven privacy rotate-master-key\n' +
    '  Key file: a new key is made and written ahead of the old one, every data key is re-wrapped,\n' +
    '  then the old key is dropped. NOHAVEN_MASTER_KEY: set it to "NEW,OLD" first. Resumable.',
  async run(ctx, args) {
    parseCommandArgs(args, {}, { min: 0, max: 0 });
    return withNode(ctx, async (node) => {
      const progress = createProgress({
        out: ctx.stderr,
        interactive: ctx.interactive,
        label: 'data keys re-wrapped',
        total: null,
      });
      const r = await rotateMasterKey({
        db: node.database.db,
        vault: node.services.privacy.vault,
        keys: { dataDir: node.config.dataDir, fromEnv: node.config.masterKey },
        clock: systemClock,
        random: systemRandom,
        onProgress: (done) => progress.update({ bytes: 0, objects: done }),
      });
      progress.done();
      await node.services.audit.append(
        node.database.db,
        await operatorActor(node, 'cli', 'admin'),
        {
          action: 'privacy.rotate-master-key',
          target: r.newKeyId,
          details: { rewrapped: r.rewrapped, retired: [...r.retired], resumed: r.resumed },
        },
      );
      ctx.stdout.write(
        `${r.resumed ? 'finished the rotation to' : 'rotated to'} master key ${r.newKeyId}: ${r.rewrapped} data keys re-wrapped` +
          (r.retired.length > 0 ? `; retired ${r.retired.join(', ')}` : '') +
          '\n',
      );
      return EXIT.ok;
    });
  },
};

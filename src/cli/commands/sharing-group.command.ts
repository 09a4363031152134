import type { SharingGroupView } from '../../access/sharing-group.service.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliCommand, type CliContext } from '../command.js';
import { operatorActor, withNode } from '../node-command.js';

function print(ctx: CliContext, g: SharingGroupView): void {
  ctx.stdout.write(
    `${g.id}  ${g.name}\n  owner: ${g.ownerOrgId}\n  members (${g.memberCount})${g.hideMembers ? ', list hidden from members' : ''}:\n`,
  );
  for (const m of g.members ?? []) {
    ctx.stdout.write(`    ${m.organizationId}${m.name === null ? '  (remote)' : `  ${m.name}`}\n`);
  }
}

/** `nohaven sharing-group add NAME [--owner ORG_ID] [--hide-members]`. */
export const sharingGroupAddCommand: CliCommand = {
  name: ['sharing-group', 'add'],
  summary: 'Create a sharing group',
  usage:
    'nohaven sharing-group add NAME [--owner ORG_ID] [--hide-members]\n  ORG_ID: identity id of the owner organisation (default: the node organisation)',
  async run(ctx, args) {
    const { options, positionals } = parseCommandArgs(
      args,
      { owner: { type: 'string' }, 'hide-members': { type: 'boolean' } },
      { min: 0, max: Infinity },
    );
    const name = positionals.join(' ').trim();
    if (name === '') throw new UsageError('give the group NAME');
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli', 'admin');
      const g = await node.services.sharingGroups.create(actor, {
        name,
        ownerOrgId: options.owner,
        hideMembers: options['hide-members'] === true,
      });
      ctx.stdout.write(`created sharing group ${g.name} (${g.id})\n`);
      return EXIT.ok;
    });
  },
};

/** `nohaven sharing-group list`. */
export const sharingGroupListCommand: CliCommand = {
  name: ['sharing-group', 'list'],
  summary: 'List the sharing groups',
  usage: 'nohaven sharing-group list',
  async run(ctx, args) {
    parseCommandArgs(args, {}, { min: 0, max: 0 });
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli', 'admin');
      const groups = await node.services.sharingGroups.list(actor);
      for (const g of groups) ctx.stdout.write(`${g.id}  ${g.name}  (${g.memberCount} members)\n`);
      if (groups.length === 0) ctx.stdout.write('no sharing groups\n');
      return EXIT.ok;
    });
  },
};

/** `nohaven sharing-group show ID`. */
export const sharingGroupShowCommand: CliCommand = {
  name: ['sharing-group', 'show'],
  summary: 'Show a sharing group and its members',
  usage: 'nohaven sharing-group show ID',
  async run(ctx, args) {
    const { positionals } = parseCommandArgs(args, {}, { min: 1, max: 1 });
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli', 'admin');
      print(ctx, await node.services.sharingGroups.show(actor, positionals[0]!));
      return EXIT.ok;
    });
  },
};

function memberCommand(verb: 'add-member' | 'remove-member'): CliCommand {
  return {
    name: ['sharing-group', verb],
    summary:
      verb === 'add-member'
        ? 'Add an organisation to a sharing group'
        : 'Remove an organisation from a sharing group',
    usage: `nohaven sharing-group ${verb} ID ORG_ID\n  ORG_ID: organisation identity id (of this node or another)`,
    async run(ctx, args) {
      const { positionals } = parseCommandArgs(args, {}, { min: 2, max: 2 });
      const [id, org] = positionals as [string, string];
      return withNode(ctx, async (node) => {
        const actor = await operatorActor(node, 'cli', 'admin');
        const groups = node.services.sharingGroups;
        const g =
          verb === 'add-member'
            ? await groups.addMember(actor, id, org)
            : await groups.removeMember(actor, id, org);
        print(ctx, g);
        return EXIT.ok;
      });
    },
  };
}

export const sharingGroupAddMemberCommand = memberCommand('add-member');
export const sharingGroupRemoveMemberCommand = memberCommand('remove-member');

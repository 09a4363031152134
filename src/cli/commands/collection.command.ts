import { TLP_LEVELS, type TlpLevel } from '../../stix/index.js';
import { DISTRIBUTIONS, type Distribution } from '../../objects/object.types.js';
import { isRole, ROLES, type Role } from '../../platform/actor.js';
import type { Audience, Collection } from '../../taxii/collection.types.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliCommand } from '../command.js';
import { operatorActor, withNode } from '../node-command.js';

function rolesOf(option: string, values: string[] | undefined): Role[] {
  const roles = (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim());
  const wrong = roles.find((r) => !isRole(r));
  if (wrong !== undefined)
    throw new UsageError(`${option}: "${wrong}" is not one of ${ROLES.join(', ')}`);
  return roles as Role[];
}

function listOf(values: string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function audienceText(a: Audience | null): string {
  if (a === null) return 'nobody';
  const roles = a.roles.length === 0 ? 'any role' : a.roles.join('/');
  const orgs = a.organizationIds.length === 0 ? 'any organisation' : a.organizationIds.join('/');
  return `${roles} of ${orgs}`;
}

function filterText(c: Collection): string {
  const f = c.filter;
  const parts = [
    f.types ? `types ${f.types.join(',')}` : null,
    f.maxTlp ? `TLP up to ${f.maxTlp}${f.includeUnmarked === false ? ' (marked only)' : ''}` : null,
    f.ownerOrgIds ? `stored by ${f.ownerOrgIds.join(',')}` : null,
  ].filter((p) => p !== null);
  return parts.length === 0 ? 'everything readable' : parts.join('; ');
}

/** `nohaven collection add TITLE …`: defines a TAXII collection (a named view over the store). */
export const collectionAddCommand: CliCommand = {
  name: ['collection', 'add'],
  summary: 'Define a TAXII collection',
  usage: [
    'nohaven collection add TITLE [--description TEXT] [--alias NAME] [--inbox]',
    '    [--type T]… [--max-tlp LEVEL] [--marked-only] [--owner-org ID]…',
    '    [--read-role R]… [--read-org ID]… [--no-read] [--write-role R]… [--write-org ID]… [--no-write]',
    '    [--distribution D]',
    `  LEVEL: ${TLP_LEVELS.join(', ')}; R: ${ROLES.join(', ')}; D: ${DISTRIBUTIONS.join(', ')}`,
    '  Without --type/--max-tlp/--owner-org the collection shows everything its readers may read.',
    '  Without --read-*/--write-* every member reads and writes; --inbox shows only what was added through it.',
  ].join('\n'),
  async run(ctx, args) {
    const { options: o, positionals } = parseCommandArgs(
      args,
      {
        description: { type: 'string' },
        alias: { type: 'string' },
        inbox: { type: 'boolean' },
        type: { type: 'string', multiple: true },
        'max-tlp': { type: 'string' },
        'marked-only': { type: 'boolean' },
        'owner-org': { type: 'string', multiple: true },
        'read-role': { type: 'string', multiple: true },
        'read-org': { type: 'string', multiple: true },
        'no-read': { type: 'boolean' },
        'write-role': { type: 'string', multiple: true },
        'write-org': { type: 'string', multiple: true },
        'no-write': { type: 'boolean' },
        distribution: { type: 'string' },
      },
      { min: 1, max: Infinity },
    );
    const title = positionals.join(' ').trim();
    const maxTlp = o['max-tlp'];
    if (maxTlp !== undefined && !(TLP_LEVELS as readonly string[]).includes(maxTlp))
      throw new UsageError(`--max-tlp must be one of ${TLP_LEVELS.join(', ')}`);
    const distribution = o.distribution;
    if (distribution !== undefined && !(DISTRIBUTIONS as readonly string[]).includes(distribution))
      throw new UsageError(`--distribution must be one of ${DISTRIBUTIONS.join(', ')}`);
    const types = listOf(o.type);
    const owners = listOf(o['owner-org']);
    const readers: Audience | null = o['no-read']
      ? null
      : { roles: rolesOf('--read-role', o['read-role']), organizationIds: listOf(o['read-org']) };
    const writers: Audience | null = o['no-write']
      ? null
      : {
          roles: rolesOf('--write-role', o['write-role']),
          organizationIds: listOf(o['write-org']),
        };
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli', 'admin');
      const c = await node.services.collections.create(actor, {
        title,
        description: o.description ?? null,
        alias: o.alias ?? null,
        kind: o.inbox ? 'inbox' : 'view',
        filter: {
          ...(types.length > 0 ? { types } : {}),
          ...(maxTlp !== undefined ? { maxTlp: maxTlp as TlpLevel } : {}),
          ...(o['marked-only'] ? { includeUnmarked: false } : {}),
          ...(owners.length > 0 ? { ownerOrgIds: owners } : {}),
        },
        readers,
        writers,
        ...(distribution !== undefined ? { distribution: distribution as Distribution } : {}),
      });
      ctx.stdout.write(`created collection ${c.title} (${c.id})\n`);
      return EXIT.ok;
    });
  },
};

/** `nohaven collection list`: every TAXII collection with its filter and audiences. */
export const collectionListCommand: CliCommand = {
  name: ['collection', 'list'],
  summary: 'List the TAXII collections',
  usage: 'nohaven collection list',
  async run(ctx, args) {
    parseCommandArgs(args, {}, { min: 0, max: 0 });
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli', 'admin');
      for (const c of await node.services.collections.listAll(actor)) {
        ctx.stdout.write(
          [
            `${c.id}  ${c.title}${c.alias ? ` (alias ${c.alias})` : ''}  [${c.kind}]`,
            `  shows:  ${filterText(c)}`,
            `  read:   ${audienceText(c.readers)}`,
            `  write:  ${audienceText(c.writers)}; stored as ${c.distribution}`,
            '',
          ].join('\n'),
        );
      }
      return EXIT.ok;
    });
  },
};

/** `nohaven collection remove ID|ALIAS`: removes a collection; its objects stay in the store. */
export const collectionRemoveCommand: CliCommand = {
  name: ['collection', 'remove'],
  summary: 'Remove a TAXII collection (its objects stay)',
  usage: 'nohaven collection remove ID|ALIAS',
  async run(ctx, args) {
    const { positionals } = parseCommandArgs(args, {}, { min: 1, max: 1 });
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli', 'admin');
      await node.services.collections.remove(actor, positionals[0]!);
      ctx.stdout.write(`removed collection ${positionals[0]}\n`);
      return EXIT.ok;
    });
  },
};

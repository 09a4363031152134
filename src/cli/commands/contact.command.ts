import { readFileSync } from 'node:fs';
import { CONTACT_FILE_FORMATS } from '../../route/contact-import.js';
import type { ContactKind } from '../../route/contact.types.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliCommand } from '../command.js';
import { operatorActor, withNode } from '../node-command.js';

/** `nohaven contact import FILE [--format csv|json] [--replace]` (issue 5, item 4). */
export const contactImportCommand: CliCommand = {
  name: ['contact', 'import'],
  summary: 'Import routing contacts (abuse, 24/7 points of contact, CERTs) from CSV or JSON',
  usage:
    'nohaven contact import FILE|- [--format csv|json] [--replace]\n' +
    '  CSV columns: kind,name,network,asn,domain,country,sector,languages,channel,address,notes\n' +
    '  JSON: an array of contacts with those fields, or { "contacts": [ … ] }\n' +
    '  --format    csv | json (default: JSON when the file starts with [ or {, else CSV)\n' +
    '  --replace   remove every contact of the directory first (in the same transaction)\n' +
    '  Malformed records are listed by line and field and skipped; exit code 1 when any was.',
  async run(ctx, args) {
    const { options, positionals } = parseCommandArgs(
      args,
      { format: { type: 'string' }, replace: { type: 'boolean' } },
      { min: 1, max: 1 },
    );
    const format = options.format;
    if (format !== undefined && !(CONTACT_FILE_FORMATS as readonly string[]).includes(format))
      throw new UsageError(`--format must be csv or json, not "${format}"`);
    const file = positionals[0]!;
    let text: string;
    try {
      if (file === '-') {
        const chunks: Buffer[] = [];
        for await (const c of ctx.stdin) chunks.push(Buffer.from(c as Buffer));
        text = Buffer.concat(chunks).toString('utf8');
      } else text = readFileSync(file, 'utf8');
    } catch (err) {
      ctx.stderr.write(`nohaven contact import: cannot read ${file}: ${(err as Error).message}\n`);
      return EXIT.failure;
    }
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli', 'admin');
      const r = await node.services.contacts.import(actor, text, {
        ...(format !== undefined ? { format } : {}),
        replace: options.replace === true,
      });
      const skipped = new Set(r.problems.map((p) => p.line)).size;
      ctx.stdout.write(
        `${r.format}: ${r.records} records, stored ${r.stored}, skipped ${skipped}` +
          (options.replace === true ? `, removed ${r.removed} old contacts` : '') +
          '\n',
      );
      for (const p of r.problems) ctx.stderr.write(`line ${p.line}: ${p.field}: ${p.message}\n`);
      return r.problems.length > 0 ? EXIT.failure : EXIT.ok;
    });
  },
};

/** `nohaven contact list [--kind K] [--country CC]`. */
export const contactListCommand: CliCommand = {
  name: ['contact', 'list'],
  summary: 'List the routing contact directory',
  usage: 'nohaven contact list [--kind abuse|poc|cert] [--country CC]',
  async run(ctx, args) {
    const { options } = parseCommandArgs(
      args,
      { kind: { type: 'string' }, country: { type: 'string' } },
      { min: 0, max: 0 },
    );
    const kind = options.kind;
    if (kind !== undefined && !['abuse', 'poc', 'cert'].includes(kind))
      throw new UsageError(`--kind must be abuse, poc or cert, not "${kind}"`);
    return withNode(ctx, async (node) => {
      const actor = await operatorActor(node, 'cli', 'admin');
      const list = await node.services.contacts.list(actor, {
        ...(kind !== undefined ? { kind: kind as ContactKind } : {}),
        ...(options.country !== undefined ? { country: options.country.toUpperCase() } : {}),
      });
      for (const c of list) {
        const scope =
          c.network ?? (c.asn !== null ? `AS${c.asn}` : null) ?? c.domain ?? c.sector ?? '';
        ctx.stdout.write(
          `${c.id}  ${c.kind.padEnd(5)}  ${(c.country ?? '--').padEnd(2)}  ${scope ? `${scope}  ` : ''}${c.name}  <${c.channel}:${c.address}>\n`,
        );
      }
      if (list.length === 0) ctx.stdout.write('no contacts\n');
      return EXIT.ok;
    });
  },
};

import { randomUUID } from 'node:crypto';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { ObjectFilters } from '../../objects/object.types.js';
import { parseCommandArgs } from '../args.js';
import { operatorActor } from '../node-command.js';
import { EXIT, type CliCommand } from '../command.js';
import { createProgress } from '../progress.js';

const USAGE = `nohaven export [--out FILE] [--type T]... [--created-by ID] [--marking ID] [--modified-since TS] [--text Q] [--include-revoked]
  Writes the latest version of every matching object as a STIX 2.1 bundle to stdout or FILE.`;

/** Bytes gathered before one write: few, large writes. */
const FLUSH_BYTES = 256 * 1024;

export const exportCommand: CliCommand = {
  name: ['export'],
  summary: 'Export stored objects as a STIX 2.1 bundle',
  usage: USAGE,
  async run(ctx, args) {
    const { options } = parseCommandArgs(
      args,
      {
        out: { type: 'string' },
        type: { type: 'string', multiple: true },
        'created-by': { type: 'string' },
        marking: { type: 'string' },
        'modified-since': { type: 'string' },
        text: { type: 'string' },
        'include-revoked': { type: 'boolean' },
      },
      { min: 0, max: 0 },
    );
    const filters: Omit<ObjectFilters, 'cursor' | 'limit'> = {
      types: options.type,
      createdBy: options['created-by'],
      marking: options.marking,
      modifiedSince: options['modified-since'],
      text: options.text,
      includeRevoked: options['include-revoked'] === true,
    };
    const node = await ctx.openNode();
    const file = options.out;
    // A file appears complete or not at all: written aside, renamed at the end.
    const partFile = file === undefined ? undefined : `${file}.${process.pid}.partial`;
    const out: Writable =
      partFile === undefined ? ctx.stdout : createWriteStream(partFile, { mode: 0o600 });
    const progress = createProgress({
      out: ctx.stderr,
      interactive: ctx.interactive,
      label: 'export',
      total: null,
    });
    try {
      const actor = await operatorActor(node, 'cli-export', 'analyst');
      let pending = `{"type":"bundle","id":"bundle--${randomUUID()}","objects":[`;
      let bytes = 0;
      let count = 0;
      for await (const stored of node.services.objects.stream(actor, filters)) {
        pending += `${count === 0 ? '\n' : ',\n'}${JSON.stringify(stored.object)}`;
        count++;
        if (pending.length >= FLUSH_BYTES) {
          bytes += await write(out, pending);
          pending = '';
          progress.update({ bytes, objects: count });
        }
      }
      bytes += await write(out, `${pending}${count === 0 ? '' : '\n'}]}\n`);
      progress.update({ bytes, objects: count });
      progress.done();
      if (partFile !== undefined && file !== undefined) {
        out.end();
        await once(out, 'finish');
        renameSync(partFile, file);
      }
      ctx.stderr.write(`exported ${count} objects${file === undefined ? '' : ` to ${file}`}\n`);
      return EXIT.ok;
    } catch (err) {
      if (partFile !== undefined) {
        out.destroy();
        rmSync(partFile, { force: true });
      }
      throw err;
    } finally {
      await node.close();
    }
  },
};

/** Writes `text`, waiting while the destination's buffer is full; returns the bytes written. */
async function write(out: Writable, text: string): Promise<number> {
  if (!out.write(text)) await once(out, 'drain');
  return Buffer.byteLength(text);
}

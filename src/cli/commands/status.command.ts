import packageJson from '../../../package.json' with { type: 'json' };
import type { DataVersion } from '../../enrich/enricher.js';
import { loadEnrichmentData } from '../../enrich/enrichment-data.js';
import { appliedMigrations } from '../../platform/database/migrate.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { operatorActor, withNode } from '../node-command.js';

/** What `nohaven status --json` prints. */
export interface NodeStatus {
  readonly node: {
    readonly name: string;
    readonly organization: string;
    readonly country: string | null;
  };
  readonly version: string;
  readonly database: {
    readonly dialect: string;
    readonly location: string;
    /** The last applied migration. */
    readonly schemaVersion: string | null;
    readonly migrations: readonly string[];
  };
  /** Objects the node's own organisation may read. */
  readonly objects: { readonly total: number; readonly byType: Readonly<Record<string, number>> };
  readonly enrichment: {
    readonly data: readonly DataVersion[];
    readonly notices: readonly string[];
  };
}

/**
 * `nohaven status [--json]`: the node's name and version, its database (dialect, schema
 * version), object counts, and the enrichment data in use (packages or files with their
 * versions and build dates, warninglists with versions and entry counts). Loading the
 * enrichment data also checks it: a missing or broken file names its setting (exit 1).
 */
export const statusCommand: CliCommand = {
  name: ['status'],
  summary: 'Show the node, its database, object counts and enrichment data versions',
  usage: 'nohaven status [--json]\n  --json  print the status as one JSON object',
  async run(ctx, args) {
    const { options } = parseCommandArgs(args, { json: { type: 'boolean' } }, { min: 0, max: 0 });
    return withNode(ctx, async (node) => {
      const { config, database, services } = node;
      const migrations = await appliedMigrations(database);
      const counts = await services.objects.counts(
        await operatorActor(node, 'cli-status', 'admin'),
      );
      const enrichment = loadEnrichmentData(config);
      const status: NodeStatus = {
        node: { name: config.nodeName, organization: config.organization, country: config.country },
        version: packageJson.version,
        database: {
          dialect: database.capabilities.name,
          location: database.location,
          schemaVersion: migrations.at(-1) ?? null,
          migrations,
        },
        objects: counts,
        enrichment: { data: enrichment.versions, notices: enrichment.notices },
      };
      ctx.stdout.write(
        options.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status),
      );
      return EXIT.ok;
    });
  },
};

function formatStatus(s: NodeStatus): string {
  const lines = [
    `node:      ${s.node.name} (${s.node.organization}${s.node.country ? `, ${s.node.country}` : ''})`,
    `version:   nohaven ${s.version}`,
    `database:  ${s.database.dialect}, schema ${s.database.schemaVersion ?? 'none'} (${s.database.location})`,
    `objects:   ${s.objects.total}`,
  ];
  const types = Object.entries(s.objects.byType).sort(
    (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
  );
  const width = Math.max(0, ...types.map(([t]) => t.length));
  for (const [type, n] of types) lines.push(`  ${type.padEnd(width)}  ${n}`);
  lines.push('enrichment data:');
  for (const d of s.enrichment.data.filter((v) => v.kind !== 'warninglist')) {
    const facts = [
      `version ${d.version}`,
      d.buildDate ? `built ${d.buildDate}` : null,
      d.entries !== null ? `${d.entries} ${d.source.endsWith('.mmdb') ? 'nodes' : 'ranges'}` : null,
      d.licence ? `licence ${d.licence}` : null,
    ].filter((f) => f !== null);
    lines.push(`  ${d.kind.padEnd(8)} ${d.name}: ${facts.join(', ')}`);
    lines.push(`           ${d.source}`);
  }
  lines.push('warninglists:');
  for (const d of s.enrichment.data.filter((v) => v.kind === 'warninglist')) {
    lines.push(`  ${d.name}: version ${d.version}, ${d.entries ?? 0} entries (${d.source})`);
  }
  for (const n of s.enrichment.notices) lines.push(`notice: ${n}`);
  return `${lines.join('\n')}\n`;
}

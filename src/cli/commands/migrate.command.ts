import { loadConfig } from '../../platform/config.loader.js';
import { openDatabase } from '../../platform/database/connection.js';
import { migrateToLatest } from '../../platform/database/migrate.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';

/** `nohaven migrate`: brings the database schema to the newest version and names what it applied. */
export const migrateCommand: CliCommand = {
  name: ['migrate'],
  summary: 'Apply pending database migrations',
  usage: 'nohaven migrate\n  Applies the pending migrations and prints their names.',
  async run(ctx, args) {
    parseCommandArgs(args, {}, { min: 0, max: 0 });
    const config = loadConfig(ctx.env, ctx.configFile);
    const database = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    try {
      const { results = [] } = await migrateToLatest(database);
      const applied = results.filter((r) => r.status === 'Success');
      for (const r of applied) ctx.stdout.write(`applied ${r.migrationName}\n`);
      if (applied.length === 0) ctx.stdout.write('the database schema is up to date\n');
      ctx.stdout.write(`database: ${database.location}\n`);
      return EXIT.ok;
    } finally {
      await database.close();
    }
  },
};

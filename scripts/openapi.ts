/**
 * Writes the OpenAPI document of the REST API to `openapi.json` (committed). With `--check`,
 * fails when the committed document differs from what the code generates.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { buildApp } from '../src/app.js';
import { parseConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/database/connection.js';
import { migrateToLatest } from '../src/platform/database/migrate.js';

const FILE = new URL('../openapi.json', import.meta.url);

const config = parseConfig({});
const database = openDatabase({ url: null, dataDir: '.', sqliteFile: ':memory:' });
// Migrated like a real node: services that start with the app (the notification outbox) read it.
await migrateToLatest(database);
const app = await buildApp({ config, database, webRoot: null });
await app.ready();
const generated = `${JSON.stringify(app.swagger(), null, 2)}\n`;
await app.close();
await database.close();

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(FILE, 'utf8');
  } catch {
    // missing counts as different
  }
  if (committed !== generated) {
    console.error('openapi.json is out of date: run `npm run openapi` and commit the result.');
    process.exit(1);
  }
  console.log('openapi.json is up to date');
} else {
  writeFileSync(FILE, generated);
  console.log('wrote openapi.json');
}

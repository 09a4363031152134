import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchModule, BenchResult } from './bench.types.js';

/**
 * `npm run bench`: runs every `bench/*.bench.ts` in turn (optionally only those whose name
 * starts with `process.argv[2]`: `import`, `feed`, `taxii`, `cold`), prints a table and then one JSON line
 * `{"bench":[{"file","name","value","unit","target","ok"}…]}` for CI to keep.
 */
const here = import.meta.dirname;
const only = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && (!only || f.startsWith(only)))
  .sort();
const rows: (BenchResult & { file: string })[] = [];
for (const file of files) {
  console.error(`running ${file}…`);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
  for (const r of await mod.run()) rows.push({ file, ...r });
}

const cells = rows.map((r) => [
  r.file,
  r.name,
  r.value.toLocaleString('en', { maximumFractionDigits: 1 }),
  r.unit,
  r.target ?? '',
  r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED',
]);
const header = ['file', 'measure', 'value', 'unit', 'target', ''];
const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
for (const line of [header, widths.map((w) => '-'.repeat(w)), ...cells]) {
  console.log(
    line.map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  '),
  );
}
console.log(JSON.stringify({ bench: rows }));
process.exitCode = rows.some((r) => r.ok === false) ? 1 : 0;

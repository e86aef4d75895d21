// npm run bench: every bench/*.ts module, each figure beside a floor measured in the same run.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchRow } from '../bench/types.js';

const BENCH_DIR = resolve(import.meta.dirname, '../bench');
const HELPERS = new Set(['types.ts', 'stats.ts', 'synthetic.ts']);
const only = process.argv.slice(2);

const modules = readdirSync(BENCH_DIR)
  .filter((name) => name.endsWith('.ts') && !HELPERS.has(name))
  .filter((name) => only.length === 0 || only.some((o) => name.startsWith(o)))
  .sort();

const format = (n: number): string => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toFixed(3));

for (const name of modules) {
  const { default: run } = (await import(pathToFileURL(resolve(BENCH_DIR, name)).href)) as { default: () => Promise<BenchRow[]> };
  console.log(`\n## ${name.replace(/\.ts$/, '')}`);
  const started = Date.now();
  const rows = await run();
  for (const row of rows) {
    const ratio = row.floor > 0 ? row.value / row.floor : NaN;
    console.log(
      `${row.figure}: ${format(row.value)} ${row.unit} | floor (${row.floorLabel}): ${format(row.floor)} ${row.unit} | ratio ${format(ratio)}` +
        (row.target ? ` | target ${row.target}` : ''),
    );
  }
  console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
const peak = process.resourceUsage().maxRSS / 1024;
console.log(`\npeak memory (max RSS of the bench process): ${peak.toFixed(0)} MiB`);

import { statSync } from 'node:fs';
import { runCommandLine } from '../src/core/commands/run.js';
import { ftsQuery } from '../src/store/index.js';
import { percentile, timeBeside } from './stats.js';
import { bareQuery, EVENTS, syntheticStore, VOCABULARY } from './synthetic.js';
import type { BenchRow } from './types.js';

// Look-up latency of `ask` on a synthetic store of 1,000,000 events, beside the bare SQL that serves each.

const RUNS = 400;

export default async function bench(): Promise<BenchRow[]> {
  const { app, topic, dbPath, buildSeconds } = syntheticStore();
  const registry = app.registry();
  const context = app.context({ channel: 'console:bench', userId: 'bench', canManage: true });
  const keyword = VOCABULARY[123]!;
  const lookups: { label: string; command: string; floor: () => unknown }[] = [
    { label: 'year', command: '/bench 1987', floor: bareQuery(app, topic.id, { within: { start: '1987-01-01', end: '1987-12-31' }, byImportance: true }) },
    { label: 'range', command: '/bench 1990..1995', floor: bareQuery(app, topic.id, { within: { start: '1990-01-01', end: '1995-12-31' }, byImportance: true }) },
    { label: 'keyword', command: `/bench ${keyword}`, floor: bareQuery(app, topic.id, { match: ftsQuery([keyword])!, byImportance: true }) },
  ];
  const rows: BenchRow[] = [];
  for (const lookup of lookups) {
    const { ours, floor } = await timeBeside(RUNS, () => runCommandLine(lookup.command, registry, context), lookup.floor);
    for (const p of [50, 99]) {
      rows.push({
        figure: `ask ${lookup.label} look-up p${p} (${EVENTS.toLocaleString('en')} events)`,
        value: percentile(ours, p),
        unit: 'ms',
        floor: percentile(floor, p),
        floorLabel: 'the same SQL, bare: page + count',
        target: p === 99 ? '≤ 5 ms and ≤ 2× floor' : undefined,
      });
    }
  }
  const size = statSync(dbPath).size / 1024 / 1024;
  rows.push({ figure: `database size on disk (built in ${buildSeconds.toFixed(0)} s)`, value: size, unit: 'MiB', floor: size, floorLabel: 'itself' });
  return rows;
}

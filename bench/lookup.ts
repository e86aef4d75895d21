import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openApp } from '../src/app.js';
import { runCommandLine } from '../src/core/commands/run.js';
import { makeDate } from '../src/core/dates.js';
import { ftsQuery } from '../src/store/index.js';
import { percentile, timeCalls } from './stats.js';
import type { BenchRow } from './types.js';

// Look-up latency of `ask` on a synthetic store of 1,000,000 events, beside the bare SQL that serves each.

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const ARTICLES = Math.max(1, Math.floor(EVENTS / 10));
const RUNS = 400;

/** A small deterministic generator, so every run builds the same store. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const VOCABULARY = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}x`);

export default async function bench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-bench-'));
  const dbPath = join(dir, 'bench.db');
  const app = openApp({ dbPath, bare: true, log: pino({ level: 'silent' }), now: () => new Date('2026-01-01T00:00:00Z') });
  try {
    const next = random(42);
    const topic = app.store.topics.save({ name: 'bench', title: 'Bench', keywords: ['bench'] }, app.now());
    const built = Date.now();
    const now = app.now();
    app.store.transaction(() => {
      for (let a = 0; a < ARTICLES; a++) {
        app.store.articles.insert({ key: `bench:${a}`, title: `Article ${a}`, published: '2020-01-01', firstSeen: now.toISOString() });
      }
      for (let e = 0; e < EVENTS; e++) {
        const year = 1950 + Math.floor(next() * 76);
        const kind = next();
        const date = kind < 0.6 ? makeDate(year, 1 + Math.floor(next() * 12), 1 + Math.floor(next() * 28))
          : kind < 0.85 ? makeDate(year, 1 + Math.floor(next() * 12)) : makeDate(year);
        const words = Array.from({ length: 8 }, () => VOCABULARY[Math.floor(next() * VOCABULARY.length)]!);
        const id = app.store.events.insert({ topicId: topic.id, date, summary: words.join(' '), origin: 'manual' }, now);
        app.store.events.addSource(id, 1 + (e % ARTICLES), null, null);
      }
    });
    // Importance as rescoring leaves it: a few events with much support, most with little (seeded, skewed).
    const ids = app.store.events.all(topic.id).map((event) => event.id);
    app.store.events.saveScores(ids.map((id) => ({ id, importance: next() ** 4 })));
    app.store.db.pragma('wal_checkpoint(TRUNCATE)');
    app.store.db.exec('ANALYZE');
    const buildSeconds = (Date.now() - built) / 1000;
    const registry = app.registry();
    const context = app.context({ channel: 'console:bench', userId: 'bench', canManage: true });
    const keyword = VOCABULARY[123]!;
    const lookups: { label: string; command: string; floor: () => unknown }[] = [
      { label: 'year', command: '/bench 1987', floor: bareQuery(app, topic.id, { within: { start: '1987-01-01', end: '1987-12-31' } }) },
      { label: 'range', command: '/bench 1990..1995', floor: bareQuery(app, topic.id, { within: { start: '1990-01-01', end: '1995-12-31' } }) },
      { label: 'keyword', command: `/bench ${keyword}`, floor: bareQuery(app, topic.id, { match: ftsQuery([keyword])! }) },
    ];
    const rows: BenchRow[] = [];
    for (const lookup of lookups) {
      const ours = await timeCalls(RUNS, () => runCommandLine(lookup.command, registry, context));
      const floor = await timeCalls(RUNS, lookup.floor);
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
  } finally {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The SQL a look-up needs, prepared once and run bare: the count, and one page of 10 (a period's most important,
 * through the importance index as the store pages a long period; keyword matches in date order).
 */
function bareQuery(app: ReturnType<typeof openApp>, topicId: number, query: { within?: { start: string; end: string }; match?: string }): () => unknown {
  const db = app.store.db;
  if (query.match) {
    const list = db.prepare(`SELECT e.id, e.date, e.precision, e.summary FROM events_fts f JOIN events e ON e.id = f.rowid
      WHERE events_fts MATCH ? AND e.topic_id = ? ORDER BY e.date_start, e.date_end DESC, e.id LIMIT 10`);
    const count = db.prepare(`SELECT count(*) FROM events_fts f JOIN events e ON e.id = f.rowid WHERE events_fts MATCH ? AND e.topic_id = ?`).pluck();
    return () => [list.all(query.match, topicId), count.get(query.match, topicId)];
  }
  const { start, end } = query.within!;
  const list = db.prepare(`SELECT id, date, precision, summary FROM events INDEXED BY events_topic_importance
    WHERE topic_id = ? AND date_start >= ? AND date_start <= ? AND date_end <= ? ORDER BY importance DESC, date_start, id LIMIT 10`);
  const count = db.prepare(`SELECT coalesce(sum(n), 0) FROM event_counts WHERE topic_id = ? AND date_start >= ? AND date_start <= ? AND date_end <= ?`).pluck();
  return () => [list.all(topicId, start, end, end), count.get(topicId, start, end, end)];
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openApp, type App } from '../src/app.js';
import { makeDate } from '../src/core/dates.js';
import type { Topic } from '../src/store/index.js';
import { seededRandom } from '../scripts/seeded-random.js';
import { OPERATOR } from '../src/store/index.js';

// The synthetic store of 1,000,000 events (BENCH_EVENTS) that the look-up and web benches read, built once
// per bench run and removed when the process exits.

export const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const ARTICLES = Math.max(1, Math.floor(EVENTS / 10));

export const VOCABULARY = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}x`);

export interface SyntheticStore {
  app: App;
  topic: Topic;
  dbPath: string;
  buildSeconds: number;
}

let built: SyntheticStore | undefined;

export function syntheticStore(): SyntheticStore {
  if (built) return built;
  const dir = mkdtempSync(join(tmpdir(), 'dateline-bench-'));
  const dbPath = join(dir, 'bench.db');
  const app = openApp({ dbPath, bare: true, log: pino({ level: 'silent' }), now: () => new Date('2026-01-01T00:00:00Z') });
  process.on('exit', () => {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const next = seededRandom(42);
  const topic = app.store.topics.save({ name: 'bench', title: 'Bench', keywords: ['bench'] }, app.now());
  const started = Date.now();
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
      const id = app.store.events.insert(OPERATOR, { topicId: topic.id, date, summary: words.join(' '), origin: 'manual' }, now);
      app.store.events.addSource(OPERATOR, id, 1 + (e % ARTICLES), null, null);
    }
  });
  // Importance as rescoring leaves it: a few events with much support, most with little (seeded, skewed).
  const ids = app.store.events.all(OPERATOR, topic.id).map((event) => event.id);
  app.store.events.saveScores(OPERATOR, ids.map((id) => ({ id, importance: next() ** 4 })));
  app.store.db.pragma('wal_checkpoint(TRUNCATE)');
  app.store.db.exec('ANALYZE');
  built = { app, topic, dbPath, buildSeconds: (Date.now() - started) / 1000 };
  return built;
}

/**
 * The SQL a look-up needs, prepared once and run bare: the count, and one page in date order, or by importance
 * through the importance index (as the store pages a long period by importance; keyword matches are sorted).
 */
export function bareQuery(
  app: App, topicId: number, query: { within?: { start: string; end: string }; match?: string; byImportance?: boolean }, pageSize = 10,
): () => unknown {
  const db = app.store.db;
  if (query.match) {
    const list = db.prepare(`SELECT e.id, e.date, e.precision, e.summary FROM events_fts f JOIN events e ON e.id = f.rowid
      WHERE events_fts MATCH ? AND e.topic_id = ? ORDER BY ${query.byImportance ? 'e.importance DESC, e.date_start, e.id' : 'e.date_start, e.date_end DESC, e.id'} LIMIT ${pageSize}`);
    const count = db.prepare(`SELECT count(*) FROM events_fts f JOIN events e ON e.id = f.rowid WHERE events_fts MATCH ? AND e.topic_id = ?`).pluck();
    return () => [list.all(query.match, topicId), count.get(query.match, topicId)];
  }
  const { start, end } = query.within!;
  const list = db.prepare(query.byImportance
    ? `SELECT id, date, precision, summary FROM events INDEXED BY events_topic_importance
      WHERE topic_id = ? AND date_start >= ? AND date_start <= ? AND date_end <= ? ORDER BY importance DESC, date_start, id LIMIT ${pageSize}`
    : `SELECT id, date, precision, summary FROM events WHERE topic_id = ? AND date_start >= ? AND date_start <= ? AND date_end <= ?
      ORDER BY date_start, date_end DESC, id LIMIT ${pageSize}`);
  const count = db.prepare(`SELECT coalesce(sum(n), 0) FROM event_counts WHERE topic_id = ? AND date_start >= ? AND date_start <= ? AND date_end <= ?`).pluck();
  return () => [list.all(topicId, start, end, end), count.get(topicId, start, end, end)];
}

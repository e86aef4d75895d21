import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { OPERATOR, Store, ftsQuery } from '../src/store/index.js';
import { fixedClock, tempApp } from './helpers/app.js';
import { openApp } from '../src/app.js';
import pino from 'pino';
import { ingestItems } from '../src/core/ingest.js';
import { upgradedStore } from './helpers/old-database.js';
import type Database from 'better-sqlite3';

/** Topic 7, 'harbour', as an old release stored it. */
function harbourTopic(old: Database.Database, at: Date): void {
  old.prepare(`INSERT INTO topics (id, name, title, keywords, created_at, updated_at) VALUES (7, 'harbour', 'The harbour', '["harbour"]', ?, ?)`).run(at.toISOString(), at.toISOString());
}

test('a new database has WAL, foreign keys, every migration, and the bundled timeline', () => {
  const app = tempApp();
  try {
    assert.equal(app.store.db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(app.store.db.pragma('foreign_keys', { simple: true }), 1);
    const applied = app.store.db.prepare('SELECT count(*) FROM schema_migrations').pluck().get() as number;
    assert.ok(applied >= 1);
    const topic = app.store.topics.get('assange')!;
    assert.ok(app.store.events.page(OPERATOR, { topicId: topic.id, limit: 0 }).total >= 25);
  } finally {
    app.remove();
  }
});

test('--bare creates an empty timeline and it stays bare on reopen', () => {
  const app = tempApp({ bare: true });
  const path = join(app.dir, 'dateline.db');
  try {
    const topic = app.store.topics.get('assange')!;
    assert.equal(app.store.events.page(OPERATOR, { topicId: topic.id, limit: 0 }).total, 0);
    app.close();
    const reopened = openApp({ dbPath: path, log: pino({ level: 'silent' }) });
    assert.equal(reopened.store.events.page(OPERATOR, { topicId: topic.id, limit: 0 }).total, 0);
    reopened.close();
  } finally {
    app.remove();
  }
});

test('reopening does not import the bundled timeline twice', () => {
  const app = tempApp({ now: fixedClock('2026-01-01T00:00:00Z') });
  const path = join(app.dir, 'dateline.db');
  const topicId = app.store.topics.get('assange')!.id;
  const before = app.store.events.page(OPERATOR, { topicId, limit: 0 }).total;
  app.close();
  const store = new Store(Store.open(path).db);
  try {
    const reopened = openApp({ dbPath: path, log: pino({ level: 'silent' }) });
    assert.equal(reopened.store.events.page(OPERATOR, { topicId, limit: 0 }).total, before);
    reopened.close();
  } finally {
    store.close();
    app.remove();
  }
});

test('FTS queries quote every word, so operators in user text are inert', () => {
  assert.equal(ftsQuery(['embassy']), '"embassy"*');
  assert.equal(ftsQuery(['NEAR(a', 'b)', 'OR', 'title:*', '"x']), '"near"* "a"* "b"* "or"* "title"* "x"*');
  assert.equal(ftsQuery(['🦘', '--']), null);
});

test('keyword look-ups find events as they read now: indexed before, new, reworded, removed', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  // A database from before summaries were indexed once per transaction, with an event indexed the old way.
  upgradedStore((id) => id < 23, now, (old) => {
    harbourTopic(old, now);
    old.prepare(`INSERT INTO events (id, topic_id, date, precision, date_start, date_end, summary, origin, created_at, updated_at)
      VALUES (1, 7, '2025-06-01', 'day', '2025-06-01', '2025-06-01', 'The harbour wall was rebuilt.', 'manual', ?, ?)`).run(now.toISOString(), now.toISOString());
  }, (store) => {
    const dates = (word: string) => store.events.page(OPERATOR, { topicId: 7, match: ftsQuery([word])!, limit: 10 }).events.map((e) => e.date);
    assert.deepEqual(dates('wall'), ['2025-06-01'], 'an event indexed before the upgrade is still found');

    ingestItems(store, [{ id: 'new', published: '2025-07-02', text: 'Harbour reopens\nThe harbour reopened to ferries on 1 July 2025.' }], { topic: 'harbour', now });
    assert.deepEqual(dates('ferries'), ['2025-07-01'], 'an event ingested is found once its article is stored');

    store.events.insert(OPERATOR, { topicId: 7, date: { value: '2025-08-01', precision: 'day' }, summary: 'Cranes arrive at the quay.', origin: 'manual' }, now);
    assert.deepEqual(dates('cranes'), ['2025-08-01'], 'an event written outside a transaction is found by the next look-up');
    const tugs = store.events.insert(OPERATOR, { topicId: 7, date: { value: '2025-08-02', precision: 'day' }, summary: 'Tugs arrive.', origin: 'manual' }, now);
    store.events.saveScores(OPERATOR, [{ id: tugs, importance: 0.5, summary: 'Tugboats arrive.' }]);
    assert.deepEqual(dates('tugboats'), ['2025-08-02'], 'an event reworded before it was first indexed is found by its new words');

    store.events.saveScores(OPERATOR, [{ id: 1, importance: 0.5, summary: 'The harbour defences were rebuilt.' }]);
    assert.deepEqual(dates('defences'), ['2025-06-01'], 'a reworded event is found by its new words');
    assert.deepEqual(dates('wall'), [], '...and no longer by the old ones');

    // Not looked up yet, so still waiting to be indexed when its topic goes.
    store.events.insert(OPERATOR, { topicId: 7, date: { value: '2025-09-01', precision: 'day' }, summary: 'Dredging starts.', origin: 'manual' }, now);
    assert.ok(store.tenants.removeTopic(OPERATOR, 7, 'harbour'));
    assert.doesNotThrow(() => store.db.exec(`INSERT INTO events_fts(events_fts, rank) VALUES ('integrity-check', 1)`), 'the index still matches the events after they are removed');
  });
});

test('events nest by date: a year overlaps its months and days', () => {
  const app = tempApp({ bare: true });
  try {
    const now = new Date('2026-01-01T00:00:00Z');
    const topic = app.store.topics.get('assange')!;
    const id = app.store.events.insert(OPERATOR, { topicId: topic.id, date: { value: '2012', precision: 'year' }, summary: 'A year event', origin: 'manual' }, now);
    app.store.events.insert(OPERATOR, { topicId: topic.id, date: { value: '2013-01', precision: 'month' }, summary: 'Another', origin: 'manual' }, now);
    const overlapping = app.store.events.overlappingDates(OPERATOR, topic.id, { value: '2012-06-01', precision: 'day' });
    assert.deepEqual(overlapping.map((e) => e.id), [id]);
    app.store.events.setDate(OPERATOR, id, { value: '2012-06', precision: 'month' }, now);
    assert.equal(app.store.events.get(OPERATOR, id)?.precision, 'month');
    assert.equal(app.store.events.page(OPERATOR, { topicId: topic.id, match: ftsQuery(['year'])!, limit: 10 }).total, 1);
  } finally {
    app.remove();
  }
});

test('a database made before article text went unindexed keeps its articles and takes new ones', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  upgradedStore((id) => id < 22, now, (old) => {
    harbourTopic(old, now);
    old.prepare(`INSERT INTO articles (key, title, published, first_seen, body) VALUES ('id:old', 'Harbour wall rebuilt', '2025-06-02', ?, 'The harbour wall was rebuilt on 1 June 2025.')`).run(now.toISOString());
  }, (store) => {
    assert.equal(store.articles.findByKey('id:old')?.title, 'Harbour wall rebuilt');
    assert.equal(store.db.prepare(`SELECT count(*) FROM sqlite_master WHERE name LIKE 'articles_fts%'`).pluck().get(), 0, 'the unused index of article text is gone');
    const report = ingestItems(store, [{ id: 'new', published: '2025-07-02', text: 'Harbour reopens\nThe harbour reopened to ferries on 1 July 2025.' }], { topic: 'harbour', now });
    assert.equal(report.articles, 1);
    const found = store.events.page(OPERATOR, { topicId: 7, match: ftsQuery(['ferries'])!, limit: 10 });
    assert.deepEqual(found.events.map((e) => e.date), ['2025-07-01'], 'keyword look-ups still search event summaries');
  });
});

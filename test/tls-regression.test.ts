import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TLS_DEV, evaluateTls, readTopic } from '../scripts/eval-tls.js';
import { ingestItems } from '../src/core/ingest.js';
import { rescoreTopic } from '../src/core/rank/importance.js';
import { OPERATOR } from '../src/store/index.js';
import { fixedClock, tempApp } from './helpers/app.js';

// A small, fast slice of `npm run eval:tls`: two topics (one T17, one Entities; see tls-baseline.json) scored with the shipped importance
// model. The full leave-one-topic-out evaluation is the script; this pins that the slice keeps its level and
// keeps beating the busiest-publication-days baseline run beside it.
const TOLERANCE = 0.02;

interface Level {
  dateF1: number;
  monthRecall: number;
}

test('key events and month look-ups on a TLS dev slice stay at the recorded level', { timeout: 240_000 }, (t) => {
  if (!existsSync(DEFAULT_TLS_DEV)) {
    t.skip(`../shared/corpora/tls-dev is absent (${DEFAULT_TLS_DEV}), so there is no TLS corpus to score on`);
    return;
  }
  const recorded = JSON.parse(readFileSync(new URL('./tls-baseline.json', import.meta.url), 'utf8')) as { topics: string[]; levels: Record<string, Level> };
  const result = evaluateTls(DEFAULT_TLS_DEV, { topics: recorded.topics, fitted: true });
  for (const dataset of result.datasets) {
    const { system, busiest } = dataset;
    t.diagnostic(`${dataset.dataset}: Date-F1 ${system.date.f1.toFixed(3)} (busiest days ${busiest.date.f1.toFixed(3)}), month recall ${system.monthRecall.toFixed(3)} (busiest ${busiest.monthRecall.toFixed(3)}), ROUGE-2 ${system.rouge2.f1.toFixed(3)} (busiest ${busiest.rouge2.f1.toFixed(3)})`);
  }
  t.diagnostic(`ingest ${result.articlesPerSecond.toFixed(0)} articles/s`);
  for (const [name, level] of Object.entries(recorded.levels)) {
    const dataset = result.datasets.find((d) => d.dataset === name);
    assert.ok(dataset, `no ${name} tasks among ${recorded.topics.join(', ')}`);
    const { system, busiest } = dataset;
    assert.ok(system.date.f1 >= level.dateF1 - TOLERANCE, `${name} Date-F1 ${system.date.f1.toFixed(3)} is more than ${TOLERANCE} below the recorded ${level.dateF1}`);
    assert.ok(system.monthRecall >= level.monthRecall - TOLERANCE, `${name} month recall ${system.monthRecall.toFixed(3)} is more than ${TOLERANCE} below the recorded ${level.monthRecall}`);
    assert.ok(system.date.f1 > busiest.date.f1, `${name} Date-F1 ${system.date.f1.toFixed(3)} does not beat the busiest days (${busiest.date.f1.toFixed(3)})`);
  }
});

test('summaries of real news stay as they are when the topic is rescored with nothing new', (t) => {
  const topicDir = join(DEFAULT_TLS_DEV, 't17-mj');
  if (!existsSync(topicDir)) {
    t.skip(`${topicDir} is absent, so there are no real articles to summarise`);
    return;
  }
  const app = tempApp({ bare: true, now: fixedClock('2026-01-01T00:00:00Z') });
  try {
    const items = readTopic(topicDir).articles.map((a) => ({ id: a.key, published: a.published, text: a.text, source: a.outlet }));
    ingestItems(app.store, items, { topic: 'mj', now: app.now() });
    const topic = app.store.topics.get('mj')!;
    const summaries = () => new Map(app.store.events.all(OPERATOR, topic.id).map((e) => [e.id, e.summary]));
    const before = summaries();
    // Each poll cycle rescores the topic; with no new article, no event's summary may change.
    rescoreTopic(app.store, OPERATOR, topic.id);
    const changed = [...summaries()].filter(([id, summary]) => before.get(id) !== summary);
    assert.deepEqual(changed.map(([, summary]) => summary), [], `${changed.length} of ${before.size} summaries changed`);
  } finally {
    app.remove();
  }
});

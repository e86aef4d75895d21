import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { DEFAULT_TLS_DEV, evaluateTls } from '../scripts/eval-tls.js';

const TOLERANCE = 0.02;

test('key-event Date-F1 on the TLS dev set stays at the recorded level', { timeout: 240_000 }, (t) => {
  if (!existsSync(DEFAULT_TLS_DEV)) {
    t.skip(`../shared/corpora/tls-dev is absent (${DEFAULT_TLS_DEV}), so there is no TLS corpus to score on`);
    return;
  }
  const recorded = JSON.parse(readFileSync(new URL('./tls-baseline.json', import.meta.url), 'utf8')) as Record<string, { f1: number }>;
  const result = evaluateTls(DEFAULT_TLS_DEV);
  for (const dataset of result.datasets) {
    t.diagnostic(`${dataset.dataset}: Date-F1 ${dataset.system.f1.toFixed(3)} (P ${dataset.system.p.toFixed(3)}, R ${dataset.system.r.toFixed(3)}); busiest-days baseline ${dataset.baseline.f1.toFixed(3)}`);
  }
  t.diagnostic(`ingest ${result.articlesPerSecond.toFixed(0)} articles/s`);
  for (const [name, level] of Object.entries(recorded)) {
    if (name.startsWith('$')) continue;
    const dataset = result.datasets.find((d) => d.dataset === name);
    assert.ok(dataset, `no ${name} tasks found in ${DEFAULT_TLS_DEV}`);
    assert.ok(
      dataset.system.f1 >= level.f1 - TOLERANCE,
      `${name} Date-F1 ${dataset.system.f1.toFixed(3)} is more than ${TOLERANCE} below the recorded ${level.f1.toFixed(3)}`,
    );
  }
});

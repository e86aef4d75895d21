import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { DEFAULT_SEEDS, measureSeedRecall } from '../scripts/seed-recall.js';

test('extraction over the seed articles recovers at least 70% of the bundled timeline', (t) => {
  if (!existsSync(DEFAULT_SEEDS)) {
    t.skip(`../shared/seeds is absent (${DEFAULT_SEEDS}), so there are no seed articles to extract from`);
    return;
  }
  const result = measureSeedRecall(DEFAULT_SEEDS);
  t.diagnostic(`seed recall ${result.recovered}/${result.total} = ${(result.recall * 100).toFixed(1)}%`);
  assert.ok(result.recall >= 0.7, `recall ${result.recall.toFixed(3)}; missed:\n${result.missed.map((m) => `${m.date} ${m.summary}`).join('\n')}`);
});

// The shared feed corpus through parseFeed: zero crashes, feedparser's wellformed Expect headers,
// complete real-world captures. Prints the per-folder table beside the rss-parser 3.13.0 baseline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { CORPUS_DIR, formatReport, runCorpus } from '../scripts/feeds-corpus.js';

test('parseFeed over the shared feed corpus', { timeout: 120_000 }, async (t) => {
  if (!existsSync(CORPUS_DIR)) {
    t.skip(`feed corpus not found at ${CORPUS_DIR}`);
    return;
  }
  const report = await runCorpus();
  console.log(formatReport(report));
  const { totals, wellformed, realWorld } = report;
  assert.equal(totals.crashes, 0);
  assert.ok(totals.ok >= 5200, `only ${totals.ok} of ${totals.files} files parsed`);
  assert.ok(wellformed.itemsPresent / wellformed.files >= 0.98, `wellformed ${wellformed.itemsPresent}/${wellformed.files}`);
  assert.ok(realWorld.feeds >= 24);
  assert.deepEqual(realWorld.incomplete, []);
  assert.deepEqual(realWorld.snapshotMismatches, []);
  assert.equal(report.jsonFeeds.ok, report.jsonFeeds.files);
  assert.ok(report.elapsedMs < 90_000);
});

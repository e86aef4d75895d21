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

test('RSS 1.0 documents without a default-namespace channel parse as (empty) feeds', async (t) => {
  const dir = `${CORPUS_DIR}/feedparser-wellformed/rdf`;
  if (!existsSync(dir)) {
    t.skip(`feed corpus not found at ${dir}`);
    return;
  }
  const { readFileSync } = await import('node:fs');
  const { parseFeed } = await import('../src/feeds/parse.js');
  for (const name of ['rss_version_10.xml', 'rss_version_10_not_default_ns.xml', 'doctype_contains_entity_decl.xml']) {
    const parsed = await parseFeed(readFileSync(`${dir}/${name}`), { url: 'https://feeds.example/' });
    assert.equal(parsed.kind, 'feed', `${name}: ${'message' in parsed ? parsed.message : ''}`);
  }
});

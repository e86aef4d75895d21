// Scraped news is sometimes UTF-8 read as Windows-1252, or keeps HTML's character references; ingest reads it as it
// was written, and leaves real text alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { repairMojibake } from '../src/core/extract/mojibake.js';
import { decodeStrayReferences } from '../src/core/extract/repair.js';
import { OPERATOR } from '../src/store/index.js';
import { withMillbrook } from './helpers/app.js';

test('UTF-8 read as Windows-1252 is read again as UTF-8; real accents, dashes and quotes are kept', () => {
  assert.equal(repairMojibake('The mayorâ€™s â€œplanâ€\uFFFD â€“ CafÃ© in SÃ£o Paulo, Â£5 million'), 'The mayor’s “plan” – Café in São Paulo, £5 million');
  const clean = 'Naïve café — “São Paulo” costs £5, Ångström, Über, 10° – fine.';
  assert.equal(repairMojibake(clean), clean);
});

test('an ingested article\'s title, text and event summaries are repaired', () => {
  withMillbrook([{
    id: 'm1', published: '2024-03-06', title: 'Millbrookâ€™s dam holds',
    text: 'The Millbrook dam held on 5 March 2024 after the stormâ€™s peak, the mayorâ€™s office said.',
  }], (app, topicId) => {
    const summaries = app.store.events.all(OPERATOR, topicId).map((event) => event.summary);
    assert.ok(summaries.length > 0);
    for (const summary of summaries) assert.doesNotMatch(summary, /â€/);
    assert.ok(summaries.some((summary) => summary.includes('storm’s peak')), summaries.join(' | '));
  });
});

test('HTML character references in plain text are the characters they stand for; markup and bare ampersands stay', () => {
  assert.equal(decodeStrayReferences('R&amp;B star signs with AT&amp;T &#8211; &quot;a deal&quot;'), 'R&B star signs with AT&T – "a deal"');
  for (const kept of ['Q&A with AT&T', 'Use <b>&amp;</b> in HTML', 'Tom &amp Jerry']) assert.equal(decodeStrayReferences(kept), kept);
  withMillbrook([{
    id: 'r1', published: '2024-03-06', title: 'Millbrook R&amp;B festival',
    text: 'The Millbrook R&amp;B festival opened on 5 March 2024 with a crowd of 3,000.',
  }], (app, topicId) => {
    const summaries = app.store.events.all(OPERATOR, topicId).map((event) => event.summary);
    assert.ok(summaries.some((summary) => summary.includes('R&B festival opened')), summaries.join(' | '));
    assert.ok(summaries.every((summary) => !summary.includes('&amp;')));
  });
});

// Research corpora come Penn-Treebank tokenized; detokenized, they read like the articles Dateline ingests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detokenize } from '../src/core/rank/detokenize.js';

test('tokenized corpus text reads as prose again', () => {
  assert.equal(
    detokenize("The council -LRB- in Millbrook -RRB- said it was n't over , and the A\\/B2 strain spread 24\\/7 \\* \\* ."),
    'The council (in Millbrook) said it wasn\'t over, and the A/B2 strain spread 24/7 * *.',
  );
  assert.equal(detokenize("`` We 're ready , '' she said .\nNext line ."), '“We\'re ready,” she said.\nNext line.');
  assert.equal(detokenize("The mayor : ` The dam held ' , she said ."), 'The mayor: ‘The dam held\', she said.');
  // UTF-8 once read as Windows-1252, as in some corpora's scraped pages.
  assert.equal(detokenize('The mayorâ€™ s â€œplanâ€\uFFFD â€“ CafÃ© reopens .'), 'The mayor’s “plan” – Café reopens.');
});

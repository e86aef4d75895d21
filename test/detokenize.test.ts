// Research corpora come Penn-Treebank tokenized; ingest reads them as prose again, like the articles Dateline
// ingests from feeds, and leaves ordinary prose as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detokenize } from '../src/core/extract/detokenize.js';
import { looksTokenized } from '../src/core/extract/repair.js';
import { OPERATOR } from '../src/store/index.js';
import { withMillbrook } from './helpers/app.js';

test('tokenized corpus text reads as prose again', () => {
  assert.equal(
    detokenize("The council -LRB- in Millbrook -RRB- said it was n't over , and the A\\/B2 strain spread 24\\/7 \\* \\* ."),
    'The council (in Millbrook) said it wasn\'t over, and the A/B2 strain spread 24/7 * *.',
  );
  assert.equal(detokenize("`` We 're ready , '' she said .\nNext line ."), '“We\'re ready,” she said.\nNext line.');
  assert.equal(detokenize("The mayor : ` The dam held ' , she said ."), 'The mayor: ‘The dam held\', she said.');
  // A closing quote before a comma or a full stop closes the quotation.
  assert.equal(detokenize('A plan codenamed " Dry Feet " , she said , was " sound " .'), 'A plan codenamed "Dry Feet", she said, was "sound".');
  // UTF-8 once read as Windows-1252, as in some corpora's scraped pages.
  assert.equal(detokenize('The mayorâ€™ s â€œplanâ€\uFFFD â€“ CafÃ© reopens .'), 'The mayor’s “plan” – Café reopens.');
  // The same, split by the tokenizer itself, across a space or a line break.
  assert.equal(detokenize('The mayorâ€ ™ s â€ œ plan â€ \uFFFD â€ “ the\nbridgeâ€\n™ s repair .'), 'The mayor’s “plan” – the\nbridge’s repair.');
});

test('ingest reads tokenized text as prose; ordinary prose is not tokenized', () => {
  assert.equal(looksTokenized('The council -LRB- in Millbrook -RRB- met.'), true);
  assert.equal(looksTokenized('The dam held , the mayor said , and the river fell . Schools reopen on Monday .'), true);
  for (const prose of ['The dam held, the mayor said - and the river fell. Schools reopen on Monday: all of them.', 'Scores : 3 , 4']) {
    assert.equal(looksTokenized(prose), false, prose);
  }
  withMillbrook([{
    id: 't1', published: '2024-03-06',
    text: "Millbrook dam holds .\nThe Millbrook dam -LRB- built in 1950 -RRB- held on 5 March 2024 , the mayor 's office said .",
  }], (app, topicId) => {
    const summaries = app.store.events.all(OPERATOR, topicId).map((event) => event.summary);
    assert.ok(summaries.some((summary) => summary.includes("dam (built in 1950) held on 5 March 2024, the mayor's office said")), summaries.join(' | '));
  });
});

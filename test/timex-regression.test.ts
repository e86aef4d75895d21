import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tagTimexes } from '../src/core/timex/index.js';
import { readTimeML } from '../src/core/timex/timeml.js';
import { scoreDocs } from '../src/core/timex/score.js';

// Scores the tagger on the TempEval-3 training corpora and fails when value F1 drops more than 0.01
// below the level recorded in test/timex-baseline.json.

const repoRoot = resolve(import.meta.dirname, '..');
const corpora = resolve(repoRoot, '../shared/corpora/tempeval3-train');
const baseline = JSON.parse(readFileSync(join(import.meta.dirname, 'timex-baseline.json'), 'utf8')) as Record<string, { valueF1: number; relaxedF1: number; strictF1: number }>;

for (const name of ['timebank', 'aquaint']) {
  test(`TempEval-3 ${name}: value F1 holds its baseline`, (t) => {
    const dir = join(corpora, name);
    if (!existsSync(dir)) {
      t.skip(`${dir} not found: the shared TempEval-3 corpora are not available here`);
      return;
    }
    const docs = readdirSync(dir)
      .filter((f) => f.endsWith('.tml'))
      .map((f) => {
        const doc = readTimeML(join(dir, f));
        return { gold: doc.timexes, sys: tagTimexes(doc.text, doc.dct) };
      });
    const s = scoreDocs(docs);
    const base = baseline[name]!;
    t.diagnostic(`value F1 ${s.valueF1.toFixed(4)} (baseline ${base.valueF1}), relaxed F1 ${s.relaxed.f1.toFixed(4)}, strict F1 ${s.strict.f1.toFixed(4)}`);
    assert.ok(s.valueF1 >= base.valueF1 - 0.01, `value F1 ${s.valueF1.toFixed(4)} fell below baseline ${base.valueF1} - 0.01`);
  });
}

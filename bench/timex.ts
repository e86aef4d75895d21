import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as chrono from 'chrono-node';
import { tagTimexes } from '../src/core/timex/index.js';
import { readTimeML } from '../src/core/timex/timeml.js';
import type { BenchRow } from './types.js';

// Tagger throughput over the plain text of all TimeBank documents, beside chrono-node's casual parser on the
// same text. The two passes alternate round by round, so that load changes on the machine hit both alike.

const repoRoot = resolve(import.meta.dirname, '..');
const CORPUS = join(resolve(repoRoot, '../shared'), 'corpora/tempeval3-train/timebank');
const MIN_SECONDS = 3;

function pass(docs: { text: string; dct: string }[], run: (text: string, dct: string) => unknown): number {
  const started = process.hrtime.bigint();
  for (const d of docs) run(d.text, d.dct);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

export default async function bench(): Promise<BenchRow[]> {
  if (!existsSync(CORPUS)) {
    console.error(`timex bench skipped: ${CORPUS} not found (the shared corpora live in ../shared next to the repo)`);
    return [];
  }
  const docs = readdirSync(CORPUS)
    .filter((f) => f.endsWith('.tml'))
    .sort()
    .map((f) => readTimeML(join(CORPUS, f)));
  const mb = docs.reduce((n, d) => n + Buffer.byteLength(d.text, 'utf8'), 0) / 1e6;
  const ours = (text: string, dct: string): unknown => tagTimexes(text, dct);
  const floor = (text: string, dct: string): unknown => chrono.casual.parse(text, new Date(`${dct}T12:00:00Z`));
  pass(docs, ours); // warm-up
  pass(docs, floor);
  let oursSeconds = 0;
  let floorSeconds = 0;
  let rounds = 0;
  while (oursSeconds + floorSeconds < MIN_SECONDS || rounds < 3) {
    oursSeconds += pass(docs, ours);
    floorSeconds += pass(docs, floor);
    rounds++;
  }
  return [
    {
      figure: `timex tagger throughput (TimeBank plain text, ${mb.toFixed(2)} MB, ${rounds} rounds)`,
      value: (mb * rounds) / oursSeconds,
      unit: 'MB/s',
      floor: (mb * rounds) / floorSeconds,
      floorLabel: 'chrono.casual.parse on the same text',
      target: 'ratio ≥ 0.5',
    },
  ];
}

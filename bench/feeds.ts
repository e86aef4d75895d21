// Parse throughput of parseFeed (decode, tidy, rss-parser, repair retry, mapping) over the real-world
// feeds of the shared corpus, beside bare rss-parser on the same files (the floor it is compared to).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Parser from 'rss-parser';
import { parseFeed } from '../src/feeds/parse.js';
import { CORPUS_DIR } from '../scripts/feeds-corpus.js';
import type { BenchRow } from './types.js';

const ROUNDS = 3;

function realWorldFiles(): Buffer[] {
  const rssParser = join(CORPUS_DIR, 'rss-parser/input');
  const rowan = join(CORPUS_DIR, 'rowanmanning-feed-parser/sample-feeds/real-world');
  return [
    ...readdirSync(rssParser).map((name) => join(rssParser, name)),
    ...readdirSync(rowan).map((hash) => join(rowan, hash, 'feed.xml')),
  ].map((path) => readFileSync(path));
}

/** MB/s of the best of ROUNDS passes over all files. */
async function throughput(files: Buffer[], parse: (file: Buffer) => Promise<unknown>): Promise<number> {
  const megabytes = files.reduce((sum, file) => sum + file.length, 0) / 1e6;
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    for (const file of files) await parse(file).catch(() => undefined);
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  return megabytes / best;
}

export default async function bench(): Promise<BenchRow[]> {
  if (!existsSync(CORPUS_DIR)) {
    console.error(`bench/feeds: skipped, feed corpus not found at ${CORPUS_DIR}`);
    return [];
  }
  const files = realWorldFiles();
  const bare = await throughput(files, (file) => new Parser().parseString(file.toString('utf8')));
  const ours = await throughput(files, (file) => parseFeed(file));
  return [
    {
      figure: 'parseFeed throughput, real-world feeds',
      value: Number(ours.toFixed(2)),
      unit: 'MB/s',
      floor: Number(bare.toFixed(2)),
      floorLabel: 'bare rss-parser parseString on the same files',
      target: '>= 0.8 × floor',
    },
  ];
}

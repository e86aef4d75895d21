// How much of the bundled Assange timeline the extraction engine recovers on its own:
// ingest the five seed articles into a bare database, then look for each bundled event.
// Run: node --import tsx scripts/seed-recall.ts [SEEDS_DIR]   (default ../shared/seeds)
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { openApp } from '../src/app.js';
import { PACKAGE_ROOT } from '../src/config/index.js';
import { readDataset } from '../src/core/dataset.js';
import { ingestItems } from '../src/core/ingest.js';
import { OPERATOR } from '../src/store/index.js';

export const DEFAULT_SEEDS = resolve(PACKAGE_ROOT, '../shared/seeds');

export interface SeedRecall {
  recall: number;
  recovered: number;
  total: number;
  extractedEvents: number;
  missed: { date: string; summary: string }[];
}

/**
 * A bundled event counts as recovered when an extracted event has the same date at the same precision
 * and cites at least one of the same articles.
 */
export function measureSeedRecall(seedsDir: string): SeedRecall {
  const manifest = readFileSync(join(seedsDir, 'manifest.jsonl'), 'utf8')
    .split('\n').filter(Boolean).map((line) => JSON.parse(line) as { file: string; published: string });
  const dir = mkdtempSync(join(tmpdir(), 'dateline-recall-'));
  const app = openApp({ dbPath: join(dir, 'recall.db'), bare: true, log: pino({ level: 'silent' }), now: () => new Date('2026-01-01T00:00:00Z') });
  try {
    const items = manifest.map((entry) => ({ id: entry.file, published: entry.published, text: readFileSync(join(seedsDir, entry.file), 'utf8') }));
    ingestItems(app.store, items, { topic: 'assange', now: app.now() });
    const topic = app.store.topics.get('assange')!;
    const events = app.store.events.all(OPERATOR, topic.id);
    const sources = app.store.events.sources(OPERATOR, events.map((e) => e.id));
    const extracted = events.map((event) => ({
      date: event.date,
      articles: new Set((sources.get(event.id) ?? []).map((s) => s.articleId)),
    }));
    const articleIdBySeed = new Map(
      manifest.map((entry) => [`seed:${basename(entry.file, '.txt')}`, app.store.articles.findByKey(`id:${entry.file}`)?.id]),
    );
    const dataset = readDataset(resolve(PACKAGE_ROOT, 'data/assange.timeline.json'));
    const missed: SeedRecall['missed'] = [];
    let recovered = 0;
    for (const event of dataset.events) {
      const wanted = new Set(event.sources.map((key) => articleIdBySeed.get(key)));
      const found = extracted.some((e) => e.date === event.date && [...e.articles].some((id) => wanted.has(id)));
      if (found) recovered++;
      else missed.push({ date: event.date, summary: event.summary });
    }
    return { recall: recovered / dataset.events.length, recovered, total: dataset.events.length, extractedEvents: events.length, missed };
  } finally {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const seeds = resolve(process.argv[2] ?? DEFAULT_SEEDS);
  if (!existsSync(seeds)) {
    console.error(`No seed articles at ${seeds}; pass the folder that holds manifest.jsonl.`);
    process.exit(2);
  }
  const result = measureSeedRecall(seeds);
  console.log(`seed recall: ${result.recovered}/${result.total} = ${(result.recall * 100).toFixed(1)}% (${result.extractedEvents} events extracted)`);
  for (const miss of result.missed) console.log(`  missed ${miss.date}: ${miss.summary}`);
}

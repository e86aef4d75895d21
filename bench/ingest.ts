import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { openApp } from '../src/app.js';
import { PACKAGE_ROOT } from '../src/config/index.js';
import { ingestItems, type IngestItem } from '../src/core/ingest.js';
import { tagTimexes } from '../src/core/timex/index.js';
import type { BenchRow } from './types.js';

// Ingest throughput (store, extract, merge) over the TLS dev corpus, beside the temporal tagger alone over the
// same texts: the tagger is the floor no ingest can beat.

const CORPUS = resolve(PACKAGE_ROOT, '../shared/corpora/tls-dev');

function corpusArticles(root: string): { topic: string; items: IngestItem[] }[] {
  const topics: { topic: string; items: IngestItem[] }[] = [];
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    if (!statSync(dir).isDirectory()) continue;
    const files = existsSync(join(dir, 'articles.jsonl')) ? [join(dir, 'articles.jsonl')]
      : readdirSync(dir).map((sub) => join(dir, sub, 'articles.jsonl')).filter(existsSync);
    const items: IngestItem[] = [];
    for (const file of files) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        const row = JSON.parse(line) as { id: string; time: string; text: string };
        if (row.text.trim() === '') continue;
        items.push({ id: `${file}:${row.id}`, published: row.time, text: row.text });
      }
    }
    topics.push({ topic: name.toLowerCase(), items });
  }
  return topics;
}

export default async function bench(): Promise<BenchRow[]> {
  if (!existsSync(CORPUS)) {
    console.error(`bench ingest: skipped, no TLS corpus at ${CORPUS}`);
    return [];
  }
  const topics = corpusArticles(CORPUS);
  const count = topics.reduce((sum, t) => sum + t.items.length, 0);

  const tagStarted = performance.now();
  for (const { items } of topics) for (const item of items) tagTimexes(item.text, item.published);
  const tagSeconds = (performance.now() - tagStarted) / 1000;

  const dir = mkdtempSync(join(tmpdir(), 'dateline-bench-ingest-'));
  const app = openApp({ dbPath: join(dir, 'ingest.db'), bare: true, log: pino({ level: 'silent' }), now: () => new Date('2026-01-01T00:00:00Z') });
  try {
    const started = performance.now();
    for (const { topic, items } of topics) ingestItems(app.store, items, { topic, now: app.now() });
    const ingestSeconds = (performance.now() - started) / 1000;
    return [{
      figure: `ingest throughput (${count.toLocaleString('en')} TLS dev articles: store, extract, merge)`,
      value: count / ingestSeconds,
      unit: 'articles/s',
      floor: count / tagSeconds,
      floorLabel: 'tagTimexes alone over the same texts',
      target: '≥ 150 articles/s',
    }];
  } finally {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

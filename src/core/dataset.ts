import { rescoreTopic } from './rank/importance.js';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Store } from '../store/index.js';
import { parsePartialDate } from './dates.js';

// Timelines shipped in data/*.timeline.json: imported into a new database on first open.

const datasetSchema = z.object({
  $comment: z.string().optional(),
  version: z.number().int().positive(),
  topic: z.object({
    name: z.string(),
    title: z.string(),
    keywords: z.array(z.string()).min(1),
    aliases: z.array(z.string()).default([]),
  }),
  articles: z.array(z.object({
    key: z.string().min(1),
    title: z.string().min(1),
    published: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    url: z.string().url().nullable().optional(),
  })),
  events: z.array(z.object({
    date: z.string().refine((value) => parsePartialDate(value) !== null, 'a date is YYYY, YYYY-MM or YYYY-MM-DD'),
    summary: z.string().min(1).max(400),
    sources: z.array(z.string()).min(1),
  })),
});

export type Dataset = z.infer<typeof datasetSchema>;

export function readDataset(path: string): Dataset {
  const dataset = datasetSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  const keys = new Set(dataset.articles.map((article) => article.key));
  for (const event of dataset.events) {
    for (const source of event.sources) {
      if (!keys.has(source)) throw new Error(`${path}: event "${event.summary.slice(0, 40)}…" cites unknown article ${source}`);
    }
  }
  return dataset;
}

export function bundledDatasetPaths(dataDir: string): string[] {
  return readdirSync(dataDir).filter((name) => name.endsWith('.timeline.json')).sort().map((name) => join(dataDir, name));
}

/** Imports a dataset once: its meta marker makes a second import a no-op. Returns the events added. */
export function importDataset(store: Store, dataset: Dataset, now: Date): number {
  const marker = `dataset:${dataset.topic.name}`;
  return store.transaction(() => {
    if (store.meta(marker)) return 0;
    const topic = store.topics.get(dataset.topic.name) ?? store.topics.save(dataset.topic, now);
    const articleIds = new Map<string, number>();
    for (const article of dataset.articles) {
      const existing = store.articles.findByKey(article.key);
      const id = existing?.id ?? store.articles.insert({
        key: article.key, url: article.url ?? null, title: article.title,
        published: article.published, firstSeen: now.toISOString(),
      });
      store.articles.fileUnderTopic(topic.tenant, id, topic.id);
      articleIds.set(article.key, id);
    }
    for (const event of dataset.events) {
      const id = store.events.insert(topic.tenant, { topicId: topic.id, date: parsePartialDate(event.date)!, summary: event.summary, origin: 'bundled' }, now);
      for (const source of event.sources) store.events.addSource(topic.tenant, id, articleIds.get(source)!, null, null);
    }
    rescoreTopic(store, topic.tenant, topic.id);
    store.setMeta(marker, String(dataset.version));
    return dataset.events.length;
  });
}

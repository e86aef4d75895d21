// Date-F1 of the key-events ranker on TLS corpora (T17 / Entities layout, see ../shared/corpora/tls-dev/README.md),
// by the standard protocol (Gholipour Ghalandari & Ifrim 2020): one task per gold timeline; input = the topic's
// articles published within [first gold date, last gold date] (±7 days for Entities); as many dates out as the
// gold has; exact-day match; dataset score = F1 of the task-averaged P and R. Printed beside the trivial
// baseline (the busiest publication days in the window).
// Run: npm run eval:tls -- ../shared/corpora/tls-dev [--json]
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { openApp } from '../src/app.js';
import { PACKAGE_ROOT } from '../src/config/index.js';
import { ingestItems, type IngestItem } from '../src/core/ingest.js';
import { detokenize } from '../src/core/rank/detokenize.js';
import { rankDates, type RankParams } from '../src/core/rank/rank.js';
import type { DaySpan } from '../src/core/dates.js';

export const DEFAULT_TLS_DEV = resolve(PACKAGE_ROOT, '../shared/corpora/tls-dev');

interface RawArticle {
  key: string;
  published: string;
  text: string;
  outlet: string;
}

interface GoldTimeline {
  timeline: string;
  topic: string;
  dataset: string;
  entries: { date: string }[];
}

export interface TaskScore {
  timeline: string;
  topic: string;
  dataset: string;
  goldDates: number;
  articlesInWindow: number;
  system: Prf;
  baseline: Prf;
}

export interface Prf {
  p: number;
  r: number;
  f1: number;
}

export interface DatasetScore {
  dataset: string;
  tasks: number;
  system: Prf;
  baseline: Prf;
}

export interface TlsResult {
  tasks: TaskScore[];
  datasets: DatasetScore[];
  articles: number;
  ingestSeconds: number;
  articlesPerSecond: number;
}

const f1 = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

function dateScore(system: string[], gold: string[]): Prf {
  const s = new Set(system);
  const g = new Set(gold);
  const hit = [...s].filter((d) => g.has(d)).length;
  const p = s.size === 0 ? 0 : hit / s.size;
  const r = g.size === 0 ? 0 : hit / g.size;
  return { p, r, f1: f1(p, r) };
}

function shiftDay(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as T);
}

/** A topic folder: its gold timelines and its articles (all outlets' folders for T17, keyed by (folder, id)). */
function readTopic(dir: string): { articles: RawArticle[]; gold: GoldTimeline[] } {
  const gold = readJsonl<GoldTimeline>(join(dir, 'gold_timelines.jsonl'));
  const articles: RawArticle[] = [];
  const add = (file: string, folder: string) => {
    for (const row of readJsonl<{ id: string; time: string; text: string }>(file)) {
      articles.push({ key: `${folder}/${row.id}`, published: row.time, text: row.text, outlet: folder.split('_').slice(1).join('_') || folder });
    }
  };
  if (existsSync(join(dir, 'articles.jsonl'))) add(join(dir, 'articles.jsonl'), dir.split('/').at(-1)!);
  for (const entry of readdirSync(dir)) {
    const sub = join(dir, entry);
    if (statSync(sub).isDirectory() && existsSync(join(sub, 'articles.jsonl'))) add(join(sub, 'articles.jsonl'), entry);
  }
  return { articles, gold };
}

function windowOf(gold: GoldTimeline): DaySpan {
  const dates = gold.entries.map((e) => e.date).sort();
  const pad = gold.dataset.toLowerCase().startsWith('entities') ? 7 : 0;
  return { start: shiftDay(dates[0]!, -pad), end: shiftDay(dates.at(-1)!, pad) };
}

/** The busiest publication days in the window (ties: earlier day first). */
function baselineDates(articles: RawArticle[], window: DaySpan, count: number): string[] {
  const perDay = new Map<string, number>();
  for (const article of articles) {
    if (article.published < window.start || article.published > window.end) continue;
    perDay.set(article.published, (perDay.get(article.published) ?? 0) + 1);
  }
  return [...perDay.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, count).map(([day]) => day);
}

export interface EvaluateOptions {
  params?: Partial<RankParams>;
  log?: (line: string) => void;
  /** Keep the ingested databases here and reuse them on the next run (for tuning the ranker only). */
  cacheDir?: string;
}

export function evaluateTls(root: string, options: EvaluateOptions = {}): TlsResult {
  const topicDirs = readdirSync(root)
    .map((name) => join(root, name))
    .filter((dir) => statSync(dir).isDirectory() && existsSync(join(dir, 'gold_timelines.jsonl')))
    .sort();
  const dbDir = options.cacheDir ?? mkdtempSync(join(tmpdir(), 'dateline-tls-'));
  const tasks: TaskScore[] = [];
  let ingested = 0;
  let ingestMs = 0;
  try {
    for (const dir of topicDirs) {
      const { articles, gold } = readTopic(dir);
      const topicName = dir.split('/').at(-1)!.toLowerCase();
      const windows = gold.map(windowOf);
      const outer = { start: windows.map((w) => w.start).sort()[0]!, end: windows.map((w) => w.end).sort().at(-1)! };
      const cached = existsSync(join(dbDir, `${topicName}.db`));
      const app = openApp({ dbPath: join(dbDir, `${topicName}.db`), bare: true, log: pino({ level: 'silent' }), now: () => new Date('2026-01-01T00:00:00Z') });
      try {
        // Each topic is ingested once (the articles any of its tasks can see); each task then ranks with only
        // the articles published inside its own window.
        const items: IngestItem[] = articles
          .filter((a) => a.published >= outer.start && a.published <= outer.end && a.text.trim() !== '')
          .map((a) => ({ id: a.key, published: a.published, text: detokenize(a.text), source: a.outlet }));
        if (!cached) {
          const started = performance.now();
          ingestItems(app.store, items, { topic: topicName, now: app.now() });
          ingestMs += performance.now() - started;
          ingested += items.length;
        }
        const topic = app.store.topics.get(topicName)!;
        gold.forEach((timeline, index) => {
          const window = windows[index]!;
          const goldDates = timeline.entries.map((e) => e.date);
          const count = new Set(goldDates).size;
          const ranked = rankDates(app.store, topic.id, { top: count, granularity: 'day', within: window, params: options.params });
          const task: TaskScore = {
            timeline: timeline.timeline,
            topic: timeline.topic,
            dataset: timeline.dataset,
            goldDates: count,
            articlesInWindow: articles.filter((a) => a.published >= window.start && a.published <= window.end).length,
            system: dateScore(ranked.map((r) => r.date), goldDates),
            baseline: dateScore(baselineDates(articles, window, count), goldDates),
          };
          tasks.push(task);
          options.log?.(`${task.dataset.padEnd(9)} ${task.timeline.padEnd(46)} ${fmt(task.system)}   baseline ${fmt(task.baseline)}`);
        });
      } finally {
        app.close();
      }
    }
  } finally {
    if (!options.cacheDir) rmSync(dbDir, { recursive: true, force: true });
  }
  const datasets = [...new Set(tasks.map((t) => t.dataset))].map((dataset) => {
    const own = tasks.filter((t) => t.dataset === dataset);
    const average = (pick: (t: TaskScore) => Prf): Prf => {
      const p = own.reduce((s, t) => s + pick(t).p, 0) / own.length;
      const r = own.reduce((s, t) => s + pick(t).r, 0) / own.length;
      return { p, r, f1: f1(p, r) };
    };
    return { dataset, tasks: own.length, system: average((t) => t.system), baseline: average((t) => t.baseline) };
  });
  return { tasks, datasets, articles: ingested, ingestSeconds: ingestMs / 1000, articlesPerSecond: ingested / (ingestMs / 1000) };
}

function fmt(score: Prf): string {
  return `P ${score.p.toFixed(3)} R ${score.r.toFixed(3)} F1 ${score.f1.toFixed(3)}`;
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const dir = resolve(argv.find((a) => !a.startsWith('--')) ?? DEFAULT_TLS_DEV);
  if (!existsSync(dir)) {
    console.error(`eval:tls: no corpus at ${dir}`);
    return 2;
  }
  const params = process.env.DATELINE_RANK_PARAMS ? (JSON.parse(process.env.DATELINE_RANK_PARAMS) as Partial<RankParams>) : undefined;
  const cacheDir = process.env.DATELINE_TLS_CACHE;
  const result = evaluateTls(dir, { params, cacheDir, log: json ? undefined : (line) => console.log(line) });
  if (json) {
    console.log(JSON.stringify(result, null, 2));
    return 0;
  }
  console.log('');
  for (const d of result.datasets) {
    console.log(`${d.dataset.padEnd(9)} ${`dataset (${d.tasks} tasks)`.padEnd(46)} ${fmt(d.system)}   baseline ${fmt(d.baseline)}`);
  }
  console.log(`\ningested ${result.articles} articles in ${result.ingestSeconds.toFixed(1)} s (${result.articlesPerSecond.toFixed(0)} articles/s)`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}

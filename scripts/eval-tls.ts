// Timeline quality on TLS corpora (T17 / Entities layout, see ../shared/corpora/tls-dev/README.md), by the standard
// protocol (Gholipour Ghalandari & Ifrim 2020): one task per gold timeline; the input is the topic's articles
// published within [first gold date, last gold date] (±7 days for Entities), ingested as a user would; as many
// dates out as the gold has; exact-day match; a dataset's score is the F1 of its task-averaged P and R.
//
// Leave-one-topic-out: the importance model (its weights and off-subject factor, and the selection setting) used on
// a topic is fitted on the other topics only. Printed per dataset, beside two baselines run in the same command: the busiest publication days
// (each summarised by the first sentence of that day's first article) and random candidate dates.
// - Date-F1;
// - ROUGE-1 / ROUGE-2 F1 of the summaries, concatenated over the timeline, and date-agreement ROUGE;
// - month look-up first-page recall: for each month holding gold dates, the share of those days on the first page
//   of `/topic YYYY-MM` (the product's own look-up, after rescoring with the fold's model).
//
// Run: npm run eval:tls -- [../shared/corpora/tls-dev] [--topics a,b] [--fitted] [--fit] [--json]
//   --fitted  score with the shipped model instead of leave-one-topic-out (what the regression test pins)
//   --fit     fit on every topic and write src/core/rank/importance-model.ts
// DATELINE_TLS_CACHE=DIR keeps the ingested databases between runs (tuning only: clear it after changing extraction).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { openApp } from '../src/app.js';
import { PACKAGE_ROOT } from '../src/config/index.js';
import { ingestItems, type IngestItem } from '../src/core/ingest.js';
import { detokenize } from '../src/core/extract/detokenize.js';
import { eventFeatures, FEATURE_NAMES, type EventFeatures } from '../src/core/rank/features.js';
import { rescoreTopic, scoreFeatures, type ImportanceModel } from '../src/core/rank/importance.js';
import { FITTED_MODEL } from '../src/core/rank/importance-model.js';
import { candidateDates, DEFAULT_SELECTION, reportingPeriod, selectDates, type SelectionParams } from '../src/core/rank/rank.js';
import { splitSentences } from '../src/core/extract/sentences.js';
import { searchEvents } from '../src/core/timeline.js';
import { fitLogistic } from './fit-logistic.js';
import { addDays, spanOf, type DaySpan } from '../src/core/dates.js';
import { seededRandom } from './seeded-random.js';
import { OPERATOR } from '../src/store/index.js';

export const DEFAULT_TLS_DEV = resolve(PACKAGE_ROOT, '../shared/corpora/tls-dev');
/** The first page of a look-up, as every platform shows it. */
const FIRST_PAGE = 10;

export interface RawArticle {
  key: string;
  published: string;
  text: string;
  outlet: string;
}

export interface GoldTimeline {
  timeline: string;
  topic: string;
  dataset: string;
  entries: { date: string; text: string }[];
  /** Entities gold: the whole text in one, when per-date text is not recoverable. */
  flattened_text?: string;
}

export interface Prf {
  p: number;
  r: number;
  f1: number;
}

export interface SystemScores {
  date: Prf;
  rouge1: Prf;
  rouge2: Prf;
  rouge1Agreement: Prf;
  rouge2Agreement: Prf;
  /** Month look-up first-page recall. */
  monthRecall: number;
}

export interface TaskScore {
  timeline: string;
  topic: string;
  dataset: string;
  goldDates: number;
  articlesInWindow: number;
  candidateDays: number;
  perDate: boolean;
  system: SystemScores;
  /** Key events asked for without a period (`timeline T --top N`), against `--from` and `--to` the gold's window. */
  systemWithoutPeriod: Prf;
  busiest: SystemScores;
  random: SystemScores;
}

export interface DatasetScore {
  dataset: string;
  tasks: number;
  /** Gold text per date in every task (else date-agreement ROUGE is not available). */
  perDate: boolean;
  system: SystemScores;
  systemWithoutPeriod: Prf;
  busiest: SystemScores;
  random: SystemScores;
}

export interface TlsResult {
  tasks: TaskScore[];
  datasets: DatasetScore[];
  articles: number;
  ingestSeconds: number;
  articlesPerSecond: number;
  /** The model fitted on every topic (with --fit). */
  fitted?: ImportanceModel;
  selection?: SelectionParams;
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

// ROUGE-N on lower-cased alphanumeric tokens (no stemming, no stop-word removal), clipped n-gram counts.
function ngrams(text: string, n: number): Map<string, number> {
  const tokens = detokenize(text).toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = tokens.slice(i, i + n).join(' ');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

const total = (counts: Map<string, number>): number => [...counts.values()].reduce((a, b) => a + b, 0);

function clippedOverlap(a: Map<string, number>, b: Map<string, number>): number {
  let hit = 0;
  for (const [gram, n] of a) hit += Math.min(n, b.get(gram) ?? 0);
  return hit;
}

function rougeConcat(system: string[], gold: string[], n: number): Prf {
  const s = ngrams(system.join('\n'), n);
  const g = ngrams(gold.join('\n'), n);
  const hit = clippedOverlap(s, g);
  const p = total(s) === 0 ? 0 : hit / total(s);
  const r = total(g) === 0 ? 0 : hit / total(g);
  return { p, r, f1: f1(p, r) };
}

/** Date-agreement ROUGE: n-grams count as matched only between a system and a gold summary of the same date. */
function rougeAgreement(system: Map<string, string>, gold: Map<string, string>, n: number): Prf {
  let hit = 0;
  let systemTotal = 0;
  let goldTotal = 0;
  for (const [date, text] of system) {
    const s = ngrams(text, n);
    systemTotal += total(s);
    const g = gold.get(date);
    if (g !== undefined) hit += clippedOverlap(s, ngrams(g, n));
  }
  for (const text of gold.values()) goldTotal += total(ngrams(text, n));
  const p = systemTotal === 0 ? 0 : hit / systemTotal;
  const r = goldTotal === 0 ? 0 : hit / goldTotal;
  return { p, r, f1: f1(p, r) };
}

export function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as T);
}

/** A topic folder: its gold timelines and its articles (all outlets' folders for T17, keyed by (folder, id)). */
export function readTopic(dir: string): { articles: RawArticle[]; gold: GoldTimeline[] } {
  const gold = readJsonl<GoldTimeline>(join(dir, 'gold_timelines.jsonl'));
  const articles: RawArticle[] = [];
  const add = (file: string, folder: string) => {
    for (const row of readJsonl<{ id: string; time: string; text: string }>(file)) {
      articles.push({ key: `${folder}/${row.id}`, published: row.time.slice(0, 10), text: row.text, outlet: folder.split('_').slice(1).join('_') || folder });
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
  return { start: addDays(dates[0]!, -pad), end: addDays(dates.at(-1)!, pad) };
}

/** Everything one task needs once its articles are ingested. */
interface PreparedTask {
  gold: GoldTimeline;
  goldDates: string[];
  goldText: Map<string, string>;
  /** The whole gold text, for concatenated ROUGE. */
  goldAll: string[];
  /** Whether gold text is per date (date-agreement ROUGE needs it). */
  perDate: boolean;
  window: DaySpan;
  articles: RawArticle[];
  /** The days of the first and latest articles ingested. */
  publications: DaySpan;
  features: EventFeatures[];
  summaries: Map<number, string>;
  dbPath: string;
  topicName: string;
}

const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

function prepareTasks(topicDirs: string[], dbDir: string, log?: (line: string) => void): { tasks: PreparedTask[]; ingested: number; ingestMs: number } {
  const tasks: PreparedTask[] = [];
  let ingested = 0;
  let ingestMs = 0;
  for (const dir of topicDirs) {
    const { articles, gold } = readTopic(dir);
    const topicName = slug(dir.split('/').at(-1)!);
    for (const timeline of gold) {
      const window = windowOf(timeline);
      const inWindow = articles.filter((a) => a.published >= window.start && a.published <= window.end && a.text.trim() !== '');
      // Tasks of one topic with the same window share a database.
      const dbPath = join(dbDir, `${topicName}_${window.start}_${window.end}.db`);
      const cached = existsSync(dbPath);
      const app = openApp({ dbPath, bare: true, log: pino({ level: 'silent' }), now: () => new Date('2026-01-01T00:00:00Z') });
      try {
        if (!cached) {
          const items: IngestItem[] = inWindow.map((a) => ({ id: a.key, published: a.published, text: a.text, source: a.outlet }));
          const started = performance.now();
          ingestItems(app.store, items, { topic: topicName, now: app.now() });
          ingestMs += performance.now() - started;
          ingested += items.length;
        }
        const topic = app.store.topics.get(topicName)!;
        // Summaries as the current code chooses them, also for databases ingested by an earlier run.
        if (cached) rescoreTopic(app.store, OPERATOR, topic.id);
        const features = eventFeatures(app.store, OPERATOR, topic.id);
        const summaries = new Map(app.store.events.all(OPERATOR, topic.id).map((e) => [e.id, e.summary]));
        const goldText = new Map<string, string>();
        for (const entry of timeline.entries) goldText.set(entry.date, [goldText.get(entry.date), entry.text].filter(Boolean).join('\n'));
        const perDate = timeline.entries.some((e) => e.text.trim() !== '');
        const goldAll = perDate ? [...goldText.values()] : [timeline.flattened_text ?? ''];
        const days = inWindow.map((a) => a.published).sort();
        tasks.push({
          gold: timeline, goldDates: [...goldText.keys()], goldText, goldAll, perDate, window, articles: inWindow,
          publications: { start: days[0]!, end: days.at(-1)! }, features, summaries, dbPath, topicName,
        });
        log?.(`prepared ${timeline.dataset.padEnd(9)} ${timeline.timeline} (${inWindow.length} articles${cached ? ', cached' : ''})`);
      } finally {
        app.close();
      }
    }
  }
  return { tasks, ingested, ingestMs };
}

/**
 * Training examples: for each candidate day inside the window, its most reported event, labelled by whether the
 * day is on the gold timeline (the model learns which days matter; lesser events of a day are not examples).
 */
function examples(tasks: PreparedTask[]): { x: number[][]; y: number[] } {
  const x: number[][] = [];
  const y: number[] = [];
  for (const task of tasks) {
    const gold = new Set(task.goldDates);
    const lead = new Map<string, EventFeatures>();
    for (const f of task.features) {
      if (f.precision !== 'day' || f.date < task.window.start || f.date > task.window.end) continue;
      const current = lead.get(f.date);
      if (!current || f.articles > current.articles) lead.set(f.date, f);
    }
    for (const f of lead.values()) {
      x.push(f.values);
      y.push(gold.has(f.date) ? 1 : 0);
    }
  }
  return { x, y };
}

/**
 * The product's key events (`timeline T --top N`, granularity as it defaults): for the gold's window (`--from`,
 * `--to`), or without a period asked for (the topic's reporting period).
 */
function keyDates(task: PreparedTask, model: ImportanceModel, selection: SelectionParams, period: 'window' | 'none' = 'window'): { date: string; summary: string }[] {
  const limits = period === 'window' ? { within: task.window } : { reporting: reportingPeriod(task.publications) };
  const candidates = candidateDates(scoreFeatures(task.features, model), undefined, limits);
  const chosen = selectDates(candidates, task.goldDates.length, selection, (id) => task.summaries.get(id) ?? '');
  return chosen.map(({ group }) => ({ date: group.date, summary: task.summaries.get(group.events[0]!.eventId) ?? '' }));
}

/** What an off-subject event keeps of its score (ImportanceModel.offSubject); 1 is off. */
const OFF_SUBJECT_GRID = [1, 0.7, 0.5, 0.3];

/** The logistic weights fitted on the given (training) tasks, with the off-subject factor that scores best on them. */
function fitModel(tasks: PreparedTask[]): ImportanceModel {
  const { x, y } = examples(tasks);
  const fitted = fitLogistic(x, y);
  let best = { model: fitted, f1: -1 };
  for (const offSubject of OFF_SUBJECT_GRID) {
    const model = { ...fitted, offSubject };
    const average = tasks.reduce((sum, task) => sum + dateScore(keyDates(task, model, DEFAULT_SELECTION).map((d) => d.date), task.goldDates).f1, 0) / tasks.length;
    if (average > best.f1 + 1e-9) best = { model, f1: average };
  }
  return best.model;
}

const SELECTION_GRID: SelectionParams[] = [1, 0.7, 0.4].flatMap((nearFactor) =>
  [1, 0.85].map((spreadFactor) => ({ ...DEFAULT_SELECTION, nearFactor, spreadFactor })));

/** The selection setting with the best average Date-F1 on the given (training) tasks. */
function chooseSelection(tasks: PreparedTask[], model: ImportanceModel): SelectionParams {
  let best = { params: DEFAULT_SELECTION, f1: -1 };
  for (const params of SELECTION_GRID) {
    const average = tasks.reduce((sum, task) => sum + dateScore(keyDates(task, model, params).map((d) => d.date), task.goldDates).f1, 0) / tasks.length;
    if (average > best.f1 + 1e-9) best = { params, f1: average };
  }
  return best.params;
}

function scoresFor(task: PreparedTask, picks: { date: string; summary: string }[], monthRecall: number): SystemScores {
  const goldTexts = task.goldAll;
  const system = new Map(picks.map((p) => [p.date, p.summary]));
  return {
    date: dateScore(picks.map((p) => p.date), task.goldDates),
    rouge1: rougeConcat(picks.map((p) => p.summary), goldTexts, 1),
    rouge2: rougeConcat(picks.map((p) => p.summary), goldTexts, 2),
    rouge1Agreement: rougeAgreement(system, task.goldText, 1),
    rouge2Agreement: rougeAgreement(system, task.goldText, 2),
    monthRecall,
  };
}

/** Months holding gold dates, each with its gold days. */
function goldMonths(task: PreparedTask): Map<string, Set<string>> {
  const months = new Map<string, Set<string>>();
  for (const date of task.goldDates) {
    if (date < task.window.start || date > task.window.end) continue;
    const month = date.slice(0, 7);
    months.set(month, (months.get(month) ?? new Set()).add(date));
  }
  return months;
}

function averageRecall(months: Map<string, Set<string>>, daysOnPage: (month: string) => Set<string>): number {
  if (months.size === 0) return 0;
  let sum = 0;
  for (const [month, days] of months) {
    const page = daysOnPage(month);
    sum += [...days].filter((d) => page.has(d)).length / days.size;
  }
  return sum / months.size;
}

/** The product's own month look-up, first page, after storing the fold model's importance. */
function systemMonthRecall(task: PreparedTask, model: ImportanceModel): number {
  const app = openApp({ dbPath: task.dbPath, bare: true, log: pino({ level: 'silent' }), now: () => new Date('2026-01-01T00:00:00Z') });
  try {
    const topic = app.store.topics.get(task.topicName)!;
    rescoreTopic(app.store, OPERATOR, topic.id, model);
    return averageRecall(goldMonths(task), (month) => {
      const period = { span: spanOf({ value: month, precision: 'month' }), label: month };
      const result = searchEvents(app.store, { tenant: OPERATOR, topic, period, keywords: [], byImportance: true }, { page: 1, pageSize: FIRST_PAGE, command: '' });
      return new Set('unsearchable' in result ? [] : result.items.filter((i) => i.precision === 'day').map((i) => i.date));
    });
  } finally {
    app.close();
  }
}

function publicationDays(task: PreparedTask): [string, number][] {
  const perDay = new Map<string, number>();
  for (const article of task.articles) perDay.set(article.published, (perDay.get(article.published) ?? 0) + 1);
  return [...perDay.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The first sentence of the first article published that day. */
function firstSentenceOf(task: PreparedTask, day: string): string {
  const article = task.articles.find((a) => a.published === day);
  return article ? splitSentences(detokenize(article.text))[0]?.text ?? '' : '';
}

function busiestScores(task: PreparedTask): SystemScores {
  const days = publicationDays(task);
  const picks = days.slice(0, task.goldDates.length).map(([day]) => ({ date: day, summary: firstSentenceOf(task, day) }));
  const recall = averageRecall(goldMonths(task), (month) => new Set(days.filter(([d]) => d.startsWith(month)).slice(0, FIRST_PAGE).map(([d]) => d)));
  return scoresFor(task, picks, recall);
}

const RANDOM_RUNS = 5;

function randomScores(task: PreparedTask, seed: number): SystemScores {
  const candidates = [...new Set(task.features.filter((f) => f.precision === 'day' && f.date >= task.window.start && f.date <= task.window.end).map((f) => f.date))].sort();
  const bestSummary = new Map<string, string>();
  for (const f of task.features) if (f.precision === 'day' && !bestSummary.has(f.date)) bestSummary.set(f.date, task.summaries.get(f.eventId) ?? '');
  const runs: SystemScores[] = [];
  for (let run = 0; run < RANDOM_RUNS; run++) {
    const next = seededRandom(seed * 31 + run);
    const shuffled = [...candidates];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const picks = shuffled.slice(0, task.goldDates.length).map((date) => ({ date, summary: bestSummary.get(date) ?? '' }));
    const recall = averageRecall(goldMonths(task), (month) => new Set(shuffled.filter((d) => d.startsWith(month)).slice(0, FIRST_PAGE)));
    runs.push(scoresFor(task, picks, recall));
  }
  return averageScores(runs);
}

function averagePrf(list: Prf[]): Prf {
  const p = list.reduce((s, x) => s + x.p, 0) / list.length;
  const r = list.reduce((s, x) => s + x.r, 0) / list.length;
  return { p, r, f1: f1(p, r) };
}

function averageScores(list: SystemScores[]): SystemScores {
  return {
    date: averagePrf(list.map((s) => s.date)),
    rouge1: averagePrf(list.map((s) => s.rouge1)),
    rouge2: averagePrf(list.map((s) => s.rouge2)),
    rouge1Agreement: averagePrf(list.map((s) => s.rouge1Agreement)),
    rouge2Agreement: averagePrf(list.map((s) => s.rouge2Agreement)),
    monthRecall: list.reduce((s, x) => s + x.monthRecall, 0) / list.length,
  };
}

export interface EvaluateOptions {
  /** Topic folder names to evaluate (default: all). */
  topics?: string[];
  /** Score with the shipped model and selection instead of leave-one-topic-out. */
  fitted?: boolean;
  /** Also fit on every topic and return the model. */
  fit?: boolean;
  log?: (line: string) => void;
  /** Keep the ingested databases here and reuse them on the next run (for tuning only). */
  cacheDir?: string;
}

export function evaluateTls(root: string, options: EvaluateOptions = {}): TlsResult {
  const topicDirs = readdirSync(root)
    .filter((name) => !options.topics || options.topics.includes(name))
    .map((name) => join(root, name))
    .filter((dir) => statSync(dir).isDirectory() && existsSync(join(dir, 'gold_timelines.jsonl')))
    .sort();
  if (options.cacheDir) mkdirSync(options.cacheDir, { recursive: true });
  const dbDir = options.cacheDir ?? mkdtempSync(join(tmpdir(), 'dateline-tls-'));
  try {
    const { tasks: prepared, ingested, ingestMs } = prepareTasks(topicDirs, dbDir, options.log);
    const topics = [...new Set(prepared.map((t) => t.topicName))];
    const tasks: TaskScore[] = [];
    for (const topic of topics) {
      const own = prepared.filter((t) => t.topicName === topic);
      let model = FITTED_MODEL;
      let selection = DEFAULT_SELECTION;
      if (!options.fitted) {
        const training = prepared.filter((t) => t.topicName !== topic);
        model = fitModel(training);
        selection = chooseSelection(training, model);
      }
      for (const task of own) {
        const score: TaskScore = {
          timeline: task.gold.timeline,
          topic: task.gold.topic,
          dataset: task.gold.dataset,
          goldDates: task.goldDates.length,
          articlesInWindow: task.articles.length,
          candidateDays: new Set(task.features.filter((f) => f.precision === 'day').map((f) => f.date)).size,
          perDate: task.perDate,
          system: scoresFor(task, keyDates(task, model, selection), systemMonthRecall(task, model)),
          systemWithoutPeriod: dateScore(keyDates(task, model, selection, 'none').map((d) => d.date), task.goldDates),
          busiest: busiestScores(task),
          random: randomScores(task, tasks.length + 1),
        };
        tasks.push(score);
        options.log?.(`${score.dataset.padEnd(9)} ${score.timeline.slice(0, 44).padEnd(44)} ${line(score.system)} (no period F1 ${score.systemWithoutPeriod.f1.toFixed(3)})  | busiest ${line(score.busiest)}`);
      }
    }
    const datasets = [...new Set(tasks.map((t) => t.dataset))].map((dataset) => {
      const own = tasks.filter((t) => t.dataset === dataset);
      return {
        dataset, tasks: own.length, perDate: own.every((t) => t.perDate),
        system: averageScores(own.map((t) => t.system)),
        systemWithoutPeriod: averagePrf(own.map((t) => t.systemWithoutPeriod)),
        busiest: averageScores(own.map((t) => t.busiest)),
        random: averageScores(own.map((t) => t.random)),
      };
    });
    const result: TlsResult = { tasks, datasets, articles: ingested, ingestSeconds: ingestMs / 1000, articlesPerSecond: ingested / Math.max(1e-9, ingestMs / 1000) };
    if (options.fit) {
      result.fitted = fitModel(prepared);
      result.selection = chooseSelection(prepared, result.fitted);
    }
    return result;
  } finally {
    if (!options.cacheDir) rmSync(dbDir, { recursive: true, force: true });
  }
}

function line(s: SystemScores): string {
  return `F1 ${s.date.f1.toFixed(3)} R2 ${s.rouge2.f1.toFixed(3)} month ${s.monthRecall.toFixed(2)}`;
}

function table(result: TlsResult): string {
  const rows = ['| dataset | method | Date-F1 | ROUGE-1 | ROUGE-2 | R-1 agree | R-2 agree | month first-page recall |', '|---|---|---|---|---|---|---|---|'];
  for (const d of result.datasets) {
    for (const [name, s] of [['Dateline', d.system], ['busiest days', d.busiest], ['random dates', d.random]] as const) {
      const agree = (x: Prf): string => (d.perDate ? x.f1.toFixed(3) : 'n/a');
      rows.push(`| ${d.dataset} (${d.tasks}) | ${name} | ${s.date.f1.toFixed(3)} | ${s.rouge1.f1.toFixed(3)} | ${s.rouge2.f1.toFixed(3)} | ${agree(s.rouge1Agreement)} | ${agree(s.rouge2Agreement)} | ${s.monthRecall.toFixed(3)} |`);
    }
  }
  return rows.join('\n');
}

function modelSource(model: ImportanceModel): string {
  const list = (xs: number[]) => `[${xs.map((x) => Number(x.toFixed(4))).join(', ')}]`;
  return `import type { ImportanceModel } from './importance.js';

// Written by \`npm run eval:tls -- --fit\`: logistic weights fitted on every TLS dev topic, over the features in
// features.ts (${FEATURE_NAMES.length}, in FEATURE_NAMES order), and the off-subject factor chosen with them. Do not edit by hand.
export const FITTED_MODEL: ImportanceModel = {
  mean: ${list(model.mean)},
  scale: ${list(model.scale)},
  weights: ${list(model.weights)},
  bias: ${Number(model.bias.toFixed(4))},
  offSubject: ${model.offSubject ?? 1},
};
`;
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const topicsArg = argv.indexOf('--topics');
  const topics = topicsArg >= 0 ? argv[topicsArg + 1]?.split(',') : undefined;
  const dir = resolve(argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--topics') ?? DEFAULT_TLS_DEV);
  if (!existsSync(dir)) {
    console.error(`eval:tls: no corpus at ${dir}`);
    return 2;
  }
  const fit = argv.includes('--fit');
  const result = evaluateTls(dir, {
    topics, fit, fitted: argv.includes('--fitted'), cacheDir: process.env.DATELINE_TLS_CACHE,
    log: json ? undefined : (text) => console.log(text),
  });
  if (json) {
    console.log(JSON.stringify(result, null, 2));
    return 0;
  }
  console.log(`\n${argv.includes('--fitted') ? 'shipped model' : 'leave-one-topic-out'}, first page = ${FIRST_PAGE}\n`);
  console.log(table(result));
  console.log(`\nKey events asked for without a period (timeline T --top N): Date-F1 ${result.datasets.map((d) => `${d.systemWithoutPeriod.f1.toFixed(3)} (${d.dataset})`).join(', ')}`);
  if (result.articles > 0) console.log(`\ningested ${result.articles} articles in ${result.ingestSeconds.toFixed(1)} s (${result.articlesPerSecond.toFixed(0)} articles/s)`);
  if (fit && result.fitted) {
    writeFileSync(join(PACKAGE_ROOT, 'src/core/rank/importance-model.ts'), modelSource(result.fitted));
    console.log(`\nwrote src/core/rank/importance-model.ts; selection chosen on all topics: ${JSON.stringify(result.selection)}`);
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}

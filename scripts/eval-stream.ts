// npm run eval:stream [-- DIR] [--topics a,b] [--json] [--stories] [--loto]   (--stories: each story made, by its articles' labels, on stderr;
// --loto: the story grouping's window, date penalty and shared-name weight chosen leave-one-topic-out over the labelled topics, see looTable,
// and the relevance weights over all topics, see stream/relevance-loto.ts)
// Replays the TLS dev topics' densest weeks through loopback feeds, four polls a day (scripts/stream/dev-stream.ts), into
// one database per topic with one channel subscribed for instant alerts, and scores what a user would see:
// relevance P/R (other topics' articles are the negatives), stories P/R (pairwise and B-cubed) on the stories labelled
// by hand in scripts/stream/dev-stream.json, new alerts, edits and follow-ups per labelled story, and the share of
// gold event dates (inside the replayed days) on the topic's timeline. Beside it, from the same stream: a headline-only
// baseline (relevance from the headline, stories from headlines, every story alerted once and never updated).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { openApp, type App } from '../src/app.js';
import { PACKAGE_ROOT } from '../src/config/index.js';
import { OutboxSender } from '../src/core/delivery/sender.js';
import type { ChannelPoster } from '../src/core/post.js';
import { topicWords } from '../src/core/extract/similarity.js';
import { assignStory, clusterItemOf, clusterItems, STORY_WINDOW_HOURS, type ClusterItem, type ClusterOptions } from '../src/core/stories/index.js';
import { pollDueFeeds, syncConfigFeeds } from '../src/feeds/service.js';
import { scoreRelevance } from '../src/feeds/relevance.js';
import { rss } from '../test/helpers/feed-server.js';
import { buildStreams, readRelevanceAudit, readStreamFile, type StreamArticle, type TopicStream } from './stream/dev-stream.js';
import { relevanceLooTable } from './stream/relevance-loto.js';

const DEFAULT_ROOT = resolve(PACKAGE_ROOT, '../shared/corpora/tls-dev');
const CHANNEL = 'console:stream';
/** Each day's articles appear over four polls (at these hours, UTC), so later reports find their story alerted. */
const POLL_HOURS = [6, 12, 18, 23];
const FIRST_PORT = 47_310;
/** Feeds polled one after another, so a poll's articles are filed in the same order on every run. */
const ONE_AT_A_TIME = { concurrency: 1, perHost: 1 } as const;

interface Prf { p: number; r: number }

interface TopicOutcome {
  dir: string;
  /** Item key → taken as related. */
  taken: Map<string, boolean>;
  /** Item key → system story id (related items filed in a story). */
  story: Map<string, number>;
  alerts: Map<number, number>;
  edits: Map<number, number>;
  followups: Map<number, number>;
  goldDates: number;
  datesOnTimeline: number;
  /** The articles filed in stories, in filing order, as grouping compared them, with their feed item keys. */
  filed: { key: string; item: ClusterItem }[];
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/** A loopback server for every feed of the run: /<topic>/<outlet>.xml, items visible once published. */
async function feedServer(streams: TopicStream[], clock: { now: Date }): Promise<{ server: Server; base: string }> {
  const feeds = new Map<string, StreamArticle[]>();
  for (const stream of streams) {
    for (const article of [...stream.positives, ...stream.negatives]) {
      const path = `/${stream.topic.name}/${stream.positives.some((p) => p.outlet === article.outlet) ? article.outlet : 'wire'}.xml`;
      feeds.set(path, [...(feeds.get(path) ?? []), article]);
    }
  }
  const server = createServer((req, res) => {
    const items = feeds.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!items) return void res.writeHead(404).end();
    const visible = items.filter((a) => Date.parse(publishedAt(a)) <= clock.now.getTime())
      .map((a) => ({ guid: a.key, title: a.title, link: `https://${a.outlet.toLowerCase().replace(/[^a-z]/g, '')}.example/${a.key}`, published: publishedAt(a), text: a.text }));
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(rss('stream', visible));
  });
  // The same port on every run where it is free: a feed's place in the poll order follows its URL (feeds/schedule.ts),
  // and with it the order a poll's articles are filed in, so the same URLs make the replay repeatable.
  for (let port = FIRST_PORT; ; port++) {
    const listening = await new Promise<boolean>((done) => {
      const taken = () => done(false);
      server.once('error', taken);
      server.listen(port, '127.0.0.1', () => (server.off('error', taken), done(true)));
    });
    if (listening) break;
    if (port >= FIRST_PORT + 50) throw new Error(`no free port from ${FIRST_PORT}`);
  }
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** When an article appears: on its day, at one of the poll hours (by its key), a minute before that poll. */
function publishedAt(article: StreamArticle): string {
  let h = 0;
  for (const c of article.key) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const hour = POLL_HOURS[h % POLL_HOURS.length]!;
  return `${article.day}T${String(hour - 1).padStart(2, '0')}:59:00Z`;
}

/** Counts, per story, the posts a channel got: new alerts, edits, follow-ups. `batch` names the alerts a burst carried. */
function recorder(outcome: TopicOutcome, batch: (batchKey: string) => string[]): ChannelPoster {
  const count = (map: Map<number, number>, story: number) => map.set(story, (map.get(story) ?? 0) + 1);
  let posts = 0;
  return {
    platform: 'console',
    post: async (_channel, _reply, options) => {
      const key = options?.idempotencyKey ?? '';
      const followup = /\|story:(\d+):/.exec(key);
      if (followup) count(outcome.followups, Number(followup[1]));
      // A burst goes out as one message; each of its stories counts as alerted.
      else for (const story of (key.startsWith('batch:') ? batch(key) : [key]).flatMap(storyIdOf)) count(outcome.alerts, story);
      return { messageId: `m${++posts}` };
    },
    edit: async (_channel, _messageId, _reply, options) => {
      const story = /\|story:(\d+):/.exec(options.idempotencyKey)?.[1];
      if (story) count(outcome.edits, Number(story));
    },
  };
}

/** The story of an alert's outbox key. */
function storyIdOf(key: string): number[] {
  const story = /\|story:(\d+)$/.exec(key)?.[1];
  return story ? [Number(story)] : [];
}

async function replayTopic(stream: TopicStream, base: string, clock: { now: Date }, dir: string, showStories: boolean): Promise<TopicOutcome> {
  const { topic } = stream;
  const outlets = [...new Set(stream.positives.map((a) => a.outlet)), 'wire'];
  const app: App = openApp({
    dbPath: join(dir, `${topic.name}.db`), bare: true, log: pino({ level: 'silent' }), now: () => clock.now,
  });
  const outcome: TopicOutcome = { dir: topic.dir, taken: new Map(), story: new Map(), alerts: new Map(), edits: new Map(), followups: new Map(), goldDates: 0, datesOnTimeline: 0, filed: [] };
  try {
    app.config.topics.push({ name: topic.name, title: topic.title, keywords: topic.keywords, aliases: topic.aliases, exclude: [] });
    app.config.feeds.push(...outlets.map((outlet) => ({ url: `${base}/${topic.name}/${outlet}.xml`, topic: topic.name })));
    app.config.allowHosts.push('127.0.0.1');
    app.store.topics.save({ name: topic.name, title: topic.title, keywords: topic.keywords, aliases: topic.aliases, exclude: [] }, clock.now);
    const topicRow = app.store.topics.get(topic.name)!;
    app.store.subscriptions.save(CHANNEL, topicRow.id, { mode: 'instant', localTime: '09:00', timezone: 'UTC', onThisDay: false, filter: null }, 'eval', clock.now);
    syncConfigFeeds(app);
    const batch = (batchKey: string) => app.store.outbox.batch(batchKey).map((row) => row.key);
    const sender = new OutboxSender(app.store, [recorder(outcome, batch)], { maxAttempts: 3, burstThreshold: app.config.delivery.burstThreshold }, () => clock.now, app.log);
    // The evening before: the feeds' first poll (their backfill) finds them empty.
    clock.now = new Date(Date.parse(`${stream.days[0]}T00:00:00Z`) - 3_600_000);
    await pollDueFeeds(app, ONE_AT_A_TIME);
    for (const day of stream.days) {
      for (const hour of POLL_HOURS) {
        clock.now = new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);
        await pollDueFeeds(app, ONE_AT_A_TIME);
        await sender.drain();
      }
    }
    // Edits held back by the coalescing interval go out.
    clock.now = new Date(clock.now.getTime() + 3_600_000);
    await sender.drain();
    const rows = app.store.db.prepare(`SELECT fi.item_key AS key, fi.article_id AS articleId, sa.story_id AS storyId
      FROM feed_items fi LEFT JOIN story_articles sa ON sa.article_id = fi.article_id`).all() as { key: string; articleId: number | null; storyId: number | null }[];
    if (showStories) {
      const labelled = readStreamFile().stories[topic.dir] ?? {};
      const goldOf = new Map(Object.entries(labelled).flatMap(([name, keys]) => keys.map((key) => [key, name] as const)));
      const byStory = new Map<number, string[]>();
      for (const row of rows) if (row.storyId !== null) byStory.set(row.storyId, [...(byStory.get(row.storyId) ?? []), row.key.replace(/^guid:/, '')]);
      for (const [id, keys] of byStory) console.error(`${topic.name} story ${id}: ${keys.map((key) => goldOf.get(key) ?? '-').join(', ')}`);
    }
    for (const row of rows) {
      const key = row.key.replace(/^guid:/, '');
      outcome.taken.set(key, row.articleId !== null);
      if (row.storyId !== null) outcome.story.set(key, row.storyId);
    }
    const keyOf = new Map(rows.map((row) => [String(row.articleId), row.key.replace(/^guid:/, '')]));
    // Articles are filed as they are stored, so article ids give the filing order.
    outcome.filed = app.store.stories.clusterCandidates(topicRow.tenant, topicRow.id, new Date(0)).map(clusterItemOf)
      .sort((a, b) => Number(a.id) - Number(b.id)).map((item) => ({ key: keyOf.get(item.id)!, item }));
    const gold = new Set(stream.gold.flatMap((timeline) => timeline.entries.map((entry) => entry.date)).filter((date) => stream.days.includes(date)));
    const eventDays = new Set(app.store.db.prepare(`SELECT DISTINCT date FROM events WHERE topic_id = ? AND precision = 'day'`).pluck().all(topicRow.id) as string[]);
    outcome.goldDates = gold.size;
    outcome.datesOnTimeline = [...gold].filter((date) => eventDays.has(date)).length;
  } finally {
    app.close();
  }
  return outcome;
}

/** Pairwise and B-cubed precision and recall of a clustering against gold groups, over the gold's items. */
function clusterScores(gold: Map<string, string>, system: Map<string, string>): { pairwise: Prf; bcubed: Prf } {
  const keys = [...gold.keys()];
  const cluster = (key: string) => system.get(key) ?? `alone:${key}`;
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0; i < keys.length; i++) {
    for (let j = i + 1; j < keys.length; j++) {
      const same = gold.get(keys[i]!) === gold.get(keys[j]!);
      const together = cluster(keys[i]!) === cluster(keys[j]!);
      if (same && together) tp++;
      else if (together) fp++;
      else if (same) fn++;
    }
  }
  let bp = 0, br = 0;
  for (const key of keys) {
    const mine = keys.filter((other) => cluster(other) === cluster(key));
    const theirs = keys.filter((other) => gold.get(other) === gold.get(key));
    const both = mine.filter((other) => gold.get(other) === gold.get(key)).length;
    bp += both / mine.length;
    br += both / theirs.length;
  }
  return { pairwise: { p: ratio(tp, tp + fp), r: ratio(tp, tp + fn) }, bcubed: { p: ratio(bp, keys.length), r: ratio(br, keys.length) } };
}

interface Scores {
  relevance: Prf;
  /** With the hand-read labels of stream/relevance-audit.json in place of the corpus's where they differ. */
  relevanceAudited: Prf;
  pairwise: Prf;
  bcubed: Prf;
  alertsPerStory: number;
  editsPerStory: number;
  followupsPerStory: number;
  datesOnTimeline: number | null;
  /** Gold event dates inside the replayed days. */
  goldDates?: number;
  labelledStories: number;
  labelledArticles: number;
}

const AUDIT = readRelevanceAudit();

/** Relevance P/R by the corpus's labels (the topic's own articles are on it, the others' off), and as audited. */
function relevanceOf(streams: TopicStream[], taken: (stream: TopicStream, article: StreamArticle) => boolean): Pick<Scores, 'relevance' | 'relevanceAudited'> {
  const corpus = { tp: 0, fp: 0, fn: 0 };
  const audited = { tp: 0, fp: 0, fn: 0 };
  const count = (n: typeof corpus, on: boolean, yes: boolean) => (yes && on ? n.tp++ : yes ? n.fp++ : on ? n.fn++ : 0);
  for (const stream of streams) {
    for (const [article, on] of [...stream.positives.map((a) => [a, true] as const), ...stream.negatives.map((a) => [a, false] as const)]) {
      const yes = taken(stream, article);
      count(corpus, on, yes);
      count(audited, AUDIT.get(`${stream.topic.dir}|${article.key}`) ?? on, yes);
    }
  }
  const prfOf = (n: typeof corpus): Prf => ({ p: ratio(n.tp, n.tp + n.fp), r: ratio(n.tp, n.tp + n.fn) });
  return { relevance: prfOf(corpus), relevanceAudited: prfOf(audited) };
}

/** Stories scores over the labelled topics; `storyOf` gives an item's system story, `counts` its posts. */
function storyScores(streams: TopicStream[], labels: Record<string, Record<string, string[]>>, storyOf: (dir: string, key: string) => string | undefined,
  posts: (dir: string, story: string) => { alerts: number; edits: number; followups: number }) {
  const gold = new Map<string, string>();
  const system = new Map<string, string>();
  let stories = 0, alerts = 0, edits = 0, followups = 0;
  for (const stream of streams) {
    const labelled = labels[stream.topic.dir];
    if (!labelled) continue;
    for (const [name, keys] of Object.entries(labelled)) {
      const present = keys.filter((key) => stream.positives.some((a) => a.key === key));
      if (present.length === 0) continue;
      stories++;
      const mine = new Set<string>();
      for (const key of present) {
        gold.set(key, `${stream.topic.dir}|${name}`);
        const story = storyOf(stream.topic.dir, key);
        if (story !== undefined) (system.set(key, `${stream.topic.dir}|${story}`), mine.add(story));
      }
      for (const story of mine) {
        const counted = posts(stream.topic.dir, story);
        alerts += counted.alerts;
        edits += counted.edits;
        followups += counted.followups;
      }
    }
  }
  return { ...clusterScores(gold, system), alertsPerStory: ratio(alerts, stories), editsPerStory: ratio(edits, stories), followupsPerStory: ratio(followups, stories), labelledStories: stories, labelledArticles: gold.size };
}

async function dateline(streams: TopicStream[], labels: Record<string, Record<string, string[]>>, showStories: boolean): Promise<{ scores: Scores; outcomes: Map<string, TopicOutcome> }> {
  const clock = { now: new Date(0) };
  const { server, base } = await feedServer(streams, clock);
  const dir = mkdtempSync(join(tmpdir(), 'dateline-stream-'));
  const outcomes = new Map<string, TopicOutcome>();
  try {
    for (const stream of streams) outcomes.set(stream.topic.dir, await replayTopic(stream, base, clock, dir, showStories));
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const stories = storyScores(streams, labels, (dir, key) => {
    const story = outcomes.get(dir)!.story.get(key);
    return story === undefined ? undefined : String(story);
  }, (dir, story) => {
    const o = outcomes.get(dir)!;
    return { alerts: o.alerts.get(Number(story)) ?? 0, edits: o.edits.get(Number(story)) ?? 0, followups: o.followups.get(Number(story)) ?? 0 };
  });
  const gold = [...outcomes.values()].reduce((sum, o) => sum + o.goldDates, 0);
  const on = [...outcomes.values()].reduce((sum, o) => sum + o.datesOnTimeline, 0);
  const scores = { ...relevanceOf(streams, (stream, a) => outcomes.get(stream.topic.dir)!.taken.get(a.key) === true), ...stories, datesOnTimeline: ratio(on, gold), goldDates: gold };
  return { scores, outcomes };
}

/**
 * Story grouping settings tried leave-one-topic-out: the window a story stays open, the penalty for other dates, the
 * weight of a shared name.
 */
const LOTO_GRID: ClusterOptions[] = [48, 72, 96, 120, 168].flatMap((windowHours) => [-0.4, -0.3, -0.2].flatMap((differentDates) =>
  [0.15, 0.2, 0.25].map((sharedName) => ({ windowHours, differentDates, sharedName }))));

/** Files a topic's articles again, in the same order, with other grouping settings: item key → story. */
function refile(filed: TopicOutcome['filed'], ignoreWords: ReadonlySet<string>, opts: ClusterOptions): Map<string, string> {
  const windowMs = (opts.windowHours ?? STORY_WINDOW_HOURS) * 3_600_000;
  const stories = new Map<string, { items: ClusterItem[]; last: number }>();
  const assignment = new Map<string, string>();
  for (const { key, item } of filed) {
    const at = Date.parse(item.published);
    const open = [...stories].filter(([, story]) => story.last > at - windowMs).map(([storyId, story]) => ({ storyId, items: story.items }));
    const storyId = assignStory(item, open, { ...opts, ignoreWords })?.storyId ?? item.id;
    const story = stories.get(storyId) ?? { items: [], last: 0 };
    stories.set(storyId, { items: [...story.items, item], last: at });
    assignment.set(key, storyId);
  }
  return assignment;
}

/**
 * Leave one labelled topic out: for each, the grid's settings that group the other labelled topics best (mean of
 * pairwise and B-cubed F1) score it; the held-out topics' scores are pooled. Articles are filed again as the replay
 * filed them (each new story counts one alert); beside it, the settings in force, filed the same way.
 */
function looTable(streams: TopicStream[], labels: Record<string, Record<string, string[]>>, outcomes: Map<string, TopicOutcome>): string {
  const labelled = streams.filter((stream) => labels[stream.topic.dir]);
  const runs = LOTO_GRID.map((opts) => new Map(labelled.map((stream) => [stream.topic.dir, refile(outcomes.get(stream.topic.dir)!.filed, topicWords(stream.topic), opts)])));
  const score = (subset: TopicStream[], pick: (dir: string) => Map<string, string>) =>
    storyScores(subset, labels, (dir, key) => pick(dir).get(key), () => ({ alerts: 1, edits: 0, followups: 0 }));
  const f1 = (x: Prf) => (x.p + x.r === 0 ? 0 : (2 * x.p * x.r) / (x.p + x.r));
  const picked = new Map<string, number>();
  const lines: string[] = [];
  for (const held of labelled) {
    const train = labelled.filter((stream) => stream !== held);
    const objective = (i: number) => { const s = score(train, (dir) => runs[i]!.get(dir)!); return (f1(s.pairwise) + f1(s.bcubed)) / 2; };
    const best = LOTO_GRID.map((_, i) => i).reduce((a, b) => (objective(b) > objective(a) ? b : a));
    picked.set(held.topic.dir, best);
    const { windowHours, differentDates, sharedName } = LOTO_GRID[best]!;
    lines.push(`held out ${held.topic.name}: picked window ${windowHours} h, other dates ${differentDates}, shared name ${sharedName}`);
  }
  const row = (name: string, s: ReturnType<typeof storyScores>) => `| ${name} | ${prf(s.pairwise)} | ${prf(s.bcubed)} | ${s.alertsPerStory.toFixed(2)} |`;
  const current = new Map(labelled.map((stream) => [stream.topic.dir, refile(outcomes.get(stream.topic.dir)!.filed, topicWords(stream.topic), {})]));
  return [...lines, '', '| grouping | stories pairwise P / R | stories B-cubed P / R | new alerts per story |', '|---|---|---|---|',
    row('settings in force, all topics', score(labelled, (dir) => current.get(dir)!)),
    row('leave-one-topic-out, held-out topics pooled', score(labelled, (dir) => runs[picked.get(dir)!]!.get(dir)!))].join('\n');
}

/** Headlines only: relevance from the headline; stories grouped by headline alone, each alerted once, never updated. */
function headlineBaseline(streams: TopicStream[], labels: Record<string, Record<string, string[]>>): Scores {
  const takenBy = new Map<string, Set<string>>();
  const clusters = new Map<string, Map<string, string>>();
  for (const stream of streams) {
    const topic = { ...stream.topic, exclude: [] };
    const taken = new Set([...stream.positives, ...stream.negatives].filter((a) => scoreRelevance({ title: a.title, text: '' }, topic).related).map((a) => a.key));
    takenBy.set(stream.topic.dir, taken);
    const items = [...stream.positives, ...stream.negatives].filter((a) => taken.has(a.key)).map((a) => ({ id: a.key, title: a.title, text: '', published: publishedAt(a) }));
    clusters.set(stream.topic.dir, clusterItems(items, { ignoreWords: topicWords(topic), windowHours: 48 }));
  }
  const stories = storyScores(streams, labels, (dir, key) => clusters.get(dir)!.get(key), () => ({ alerts: 1, edits: 0, followups: 0 }));
  return { ...relevanceOf(streams, (stream, a) => takenBy.get(stream.topic.dir)!.has(a.key)), ...stories, datesOnTimeline: null };
}

const fixed = (n: number) => n.toFixed(3);
const prf = (x: Prf) => `${fixed(x.p)} / ${fixed(x.r)}`;

function table(rows: [string, Scores][]): string {
  const lines = ['| method | relevance P / R | relevance P / R, audited labels | stories pairwise P / R | stories B-cubed P / R | new alerts per story | edits per story | follow-ups per story | gold dates on timeline |', '|---|---|---|---|---|---|---|---|---|'];
  for (const [name, s] of rows) {
    lines.push(`| ${name} | ${prf(s.relevance)} | ${prf(s.relevanceAudited)} | ${prf(s.pairwise)} | ${prf(s.bcubed)} | ${s.alertsPerStory.toFixed(2)} | ${s.editsPerStory.toFixed(2)} | ${s.followupsPerStory.toFixed(2)} | ${s.datesOnTimeline === null ? 'n/a' : `${fixed(s.datesOnTimeline)} (of ${s.goldDates})`} |`);
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const topicsAt = argv.indexOf('--topics');
  const only = topicsAt >= 0 ? argv[topicsAt + 1]?.split(',') : undefined;
  const root = argv.find((arg, i) => !arg.startsWith('--') && argv[i - 1] !== '--topics') ?? DEFAULT_ROOT;
  const file = readStreamFile();
  let streams: TopicStream[];
  try {
    streams = buildStreams(root, file, only);
  } catch (error) {
    process.stderr.write(`eval:stream needs the TLS dev corpus (${root}): ${(error as Error).message}\n`);
    return 2;
  }
  const started = performance.now();
  const { scores: ours, outcomes } = await dateline(streams, file.stories, argv.includes('--stories'));
  const baseline = headlineBaseline(streams, file.stories);
  const articles = streams.reduce((sum, s) => sum + s.positives.length + s.negatives.length, 0);
  if (json) {
    process.stdout.write(`${JSON.stringify({ dateline: ours, headlineBaseline: baseline })}\n`);
    return 0;
  }
  process.stdout.write(`Stream: ${streams.length} topics, ${articles} items (${streams.reduce((sum, s) => sum + s.negatives.length, 0)} other topics' articles as negatives), ` +
    `${file.windowDays} days each, ${POLL_HOURS.length} polls a day; labelled: ${ours.labelledStories} stories over ${ours.labelledArticles} articles in ${Object.keys(file.stories).length} topics. ` +
    `Replayed in ${((performance.now() - started) / 1000).toFixed(1)} s.\n\n`);
  process.stdout.write(`${table([['Dateline', ours], ['headline-only baseline', baseline]])}\n`);
  if (argv.includes('--loto')) process.stdout.write(`\nStory grouping, leave one labelled topic out:\n${looTable(streams, file.stories, outcomes)}\n`);
  if (argv.includes('--loto')) process.stdout.write(`\nRelevance, leave one topic out:\n${relevanceLooTable(streams, AUDIT)}\n`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}

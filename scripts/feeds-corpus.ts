// Runs parseFeed over the shared feed corpus (../shared/corpora/feeds) and reports, per folder, how many
// files parse and how many items come out, beside the rss-parser 3.13.0 baseline recorded there. It also
// checks feedparser's wellformed `Expect:` headers (entries named, their count, title/link/id) and the
// completeness of the real-world captures (title, link, date on every item; counts vs snapshots).
//
//   node --import tsx scripts/feeds-corpus.ts [--json]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseFeed, type ParseFailure, type ParsedFeed } from '../src/feeds/parse.js';
import { htmlToText, normalizeItem } from '../src/feeds/normalize.js';

export const CORPUS_DIR = resolve(fileURLToPath(new URL('..', import.meta.url)), '../shared/corpora/feeds');
const BASELINE_FILE = 'BASELINE-rss-parser-3.13.0.json';

type BaselineRow = [ok: boolean, error: string | null, items: number | null];
interface Baseline {
  default_options: Record<string, BaselineRow>;
  defaultRSS_2: Record<string, BaselineRow>;
}

export interface GroupStats {
  group: string;
  files: number;
  ok: number;
  failed: number;
  items: number;
  baseline: { ok: number; items: number; okDefaultRss2: number };
}

export interface WellformedStats {
  /** Files whose Expect names entries. */
  files: number;
  /** Of those, files where every entry named exists (and `len(entries)` matches). */
  itemsPresent: number;
  /** title/link/id comparisons we could evaluate, and how many held. */
  comparisons: number;
  comparisonsPassed: number;
  failures: string[];
}

export interface RealWorldStats {
  feeds: number;
  items: number;
  incomplete: string[];
  snapshotCompared: number;
  snapshotMismatches: string[];
}

export interface CorpusReport {
  groups: GroupStats[];
  totals: { files: number; ok: number; failed: number; items: number; crashes: number };
  jsonFeeds: { files: number; ok: number; items: number };
  slowestFile: { path: string; ms: number };
  elapsedMs: number;
  wellformed: WellformedStats;
  realWorld: RealWorldStats;
}

/** The folder a file is reported under: the top folder, split where the README splits it. */
function groupOf(path: string): string {
  const [top, second] = path.split('/');
  return top === 'feedparser-history-2011' ? `${top}/${second}` : top!;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

// --- feedparser Expect headers -------------------------------------------------------------------

/** One Python string literal or a `+` concatenation of them, with the escapes the corpus uses. */
function pythonString(source: string): string | undefined {
  const literal = /\s*u?(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*(\+)?/y;
  let out = '';
  let index = 0;
  for (;;) {
    literal.lastIndex = index;
    const match = literal.exec(source);
    if (!match) return undefined;
    out += unescapePython(match[1] ?? match[2] ?? '');
    index = literal.lastIndex;
    if (!match[3]) return index === source.length ? out : undefined;
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

function unescapePython(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (whole, code: string) =>
    /^[xuU]/.test(code) && code.length > 1 ? String.fromCodePoint(parseInt(code.slice(1), 16)) : (SIMPLE_ESCAPES[code] ?? whole),
  );
}

const ENTRY_FIELDS: Readonly<Record<string, (feed: ParsedFeed, i: number) => string | undefined>> = {
  title: (feed, i) => feed.items[i]?.title,
  link: (feed, i) => feed.items[i]?.link,
  id: (feed, i) => feed.items[i]?.guid,
};

/** Same text, allowing for feedparser sanitising markup we keep raw. */
const sameText = (a: string | undefined, b: string) => a !== undefined && (a === b || htmlToText(a) === htmlToText(b));

interface ExpectCheck {
  maxIndex: number;
  count?: number;
  comparisons: Array<(feed: ParsedFeed) => boolean>;
}

/** Understands `len(entries) == N` and chains of `entries[i]['title'|'link'|'id']` and a string; notes every index named. */
export function readExpectation(expect: string): ExpectCheck | undefined {
  const indexes = [...expect.matchAll(/\bentries\[(\d+)\]/g)].map((m) => Number(m[1]));
  const count = /\blen\(entries\)\s*==\s*(\d+)/.exec(expect);
  if (indexes.length === 0 && !count) return undefined;
  const comparisons: ExpectCheck['comparisons'] = [];
  for (const clause of expect.split(/\s+and\s+/)) {
    const parts = clause.trim().replace(/^\(|\)$/g, '').split(/\s*==\s*/);
    const refs = parts.slice(0, -1).map((part) => /^entries\[(\d+)\]\['(title|link|id)'\]$/.exec(part));
    const expected = pythonString(parts.at(-1) ?? '');
    if (parts.length < 2 || expected === undefined || refs.some((ref) => !ref)) continue;
    comparisons.push((feed) => refs.every((ref) => sameText(ENTRY_FIELDS[ref![2]!]!(feed, Number(ref![1])), expected)));
  }
  return { maxIndex: Math.max(-1, ...indexes), count: count ? Number(count[1]) : undefined, comparisons };
}

function expectHeader(xml: string): string | undefined {
  return /Expect:\s*([\s\S]*?)\s*-->/.exec(xml)?.[1];
}

// --- real-world captures ---------------------------------------------------------------------------

function snapshotItemCount(snapshotsDir: string, feedPath: string): number | undefined {
  const [, kind, hash] = /sample-feeds\/(examples|real-world)\/([0-9a-f]+)\/feed\.xml$/.exec(feedPath) ?? [];
  const file = join(snapshotsDir, kind ?? '', `${hash}.json`);
  if (!hash || !existsSync(file)) return undefined;
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as { feed?: { items?: unknown[] } };
  return snapshot.feed?.items?.length;
}

const describe = (result: ParsedFeed | ParseFailure) => (result.kind === 'feed' ? `${result.items.length} items` : result.message);

// --- the run -----------------------------------------------------------------------------------

export async function runCorpus(root = CORPUS_DIR): Promise<CorpusReport> {
  const started = performance.now();
  const baseline = JSON.parse(readFileSync(join(root, BASELINE_FILE), 'utf8')) as Baseline;
  const groups = new Map<string, GroupStats>();
  const wellformed: WellformedStats = { files: 0, itemsPresent: 0, comparisons: 0, comparisonsPassed: 0, failures: [] };
  const realWorld: RealWorldStats = { feeds: 0, items: 0, incomplete: [], snapshotCompared: 0, snapshotMismatches: [] };
  const totals = { files: 0, ok: 0, failed: 0, items: 0, crashes: 0 };
  let slowestFile = { path: '', ms: 0 };

  // The baseline's file set (XML-ish documents), in a stable order.
  for (const path of Object.keys(baseline.default_options).sort()) {
    const bytes = readFileSync(join(root, path));
    const t0 = performance.now();
    let result: ParsedFeed | ParseFailure;
    try {
      result = await parseFeed(bytes);
    } catch (error) {
      totals.crashes++;
      result = { kind: 'invalid', message: `CRASH ${(error as Error).message}` };
    }
    const ms = performance.now() - t0;
    if (ms > slowestFile.ms) slowestFile = { path, ms };

    const group = groupOf(path);
    const stats = groups.get(group) ?? { group, files: 0, ok: 0, failed: 0, items: 0, baseline: { ok: 0, items: 0, okDefaultRss2: 0 } };
    groups.set(group, stats);
    const [baseOk, , baseItems] = baseline.default_options[path]!;
    stats.files++;
    stats.baseline.ok += baseOk ? 1 : 0;
    stats.baseline.items += baseItems ?? 0;
    stats.baseline.okDefaultRss2 += baseline.defaultRSS_2[path]?.[0] ? 1 : 0;
    const feed = result.kind === 'feed' ? result : undefined;
    if (feed) {
      stats.ok++;
      stats.items += feed.items.length;
    } else stats.failed++;

    if (group === 'feedparser-wellformed') {
      const check = readExpectation(expectHeader(bytes.toString('utf8')) ?? '');
      if (check) {
        wellformed.files++;
        const items = feed?.items.length ?? 0;
        const present = items > check.maxIndex && (check.count === undefined || items === check.count);
        if (present) wellformed.itemsPresent++;
        else wellformed.failures.push(`${path}: ${describe(result)}`);
        wellformed.comparisons += check.comparisons.length;
        wellformed.comparisonsPassed += feed ? check.comparisons.filter((compare) => compare(feed)).length : 0;
      }
    }

    if (path.startsWith('rowanmanning-feed-parser/sample-feeds/real-world/')) {
      realWorld.feeds++;
      realWorld.items += feed?.items.length ?? 0;
      // The title a timeline shows: normalizeItem titles a title-less item (Mastodon) by its text.
      const firstSeen = new Date(0);
      const missing = feed
        ? feed.items.filter((item) => !item.link || !item.published || !normalizeItem(item, { firstSeen }).title).length
        : -1;
      if (missing !== 0) realWorld.incomplete.push(`${path}: ${feed ? `${missing} items lack title, link or date` : describe(result)}`);
      const expected = snapshotItemCount(join(root, 'rowanmanning-feed-parser/snapshots'), path);
      if (expected !== undefined) {
        realWorld.snapshotCompared++;
        if (expected !== feed?.items.length) realWorld.snapshotMismatches.push(`${path}: ${feed?.items.length} items, snapshot ${expected}`);
      }
    }
  }
  for (const stats of groups.values()) {
    totals.files += stats.files;
    totals.ok += stats.ok;
    totals.failed += stats.failed;
    totals.items += stats.items;
  }

  // JSON Feed inputs, which the baseline left out.
  const jsonFeeds = { files: 0, ok: 0, items: 0 };
  for (const file of walk(root).filter((f) => f.endsWith('.json') && !f.endsWith('.serde.json'))) {
    const bytes = readFileSync(file);
    if (!bytes.includes('jsonfeed.org/version')) continue;
    const result = await parseFeed(bytes);
    jsonFeeds.files++;
    if (result.kind === 'feed') {
      jsonFeeds.ok++;
      jsonFeeds.items += result.items.length;
    } else console.error(`json feed failed: ${relative(root, file)}: ${result.message}`);
  }

  const sorted = [...groups.values()].sort((a, b) => a.group.localeCompare(b.group));
  return { groups: sorted, totals, jsonFeeds, slowestFile, elapsedMs: performance.now() - started, wellformed, realWorld };
}

export function formatReport(report: CorpusReport): string {
  const pct = (n: number, d: number) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);
  const rows = report.groups.map((g) =>
    [g.group.padEnd(42), g.files, g.ok, g.failed, g.items, g.baseline.ok, g.baseline.okDefaultRss2, g.baseline.items]
      .map((cell, i) => (i === 0 ? cell : String(cell).padStart(8)))
      .join(''),
  );
  const { totals, wellformed: w, realWorld: r } = report;
  return [
    `${'folder'.padEnd(42)}${['files', 'ok', 'failed', 'items', 'base ok', 'b.rss2', 'b.items'].map((h) => h.padStart(8)).join('')}`,
    ...rows,
    `${'TOTAL'.padEnd(42)}${[totals.files, totals.ok, totals.failed, totals.items].map((n) => String(n).padStart(8)).join('')}`,
    `crashes: ${totals.crashes}; JSON Feed inputs: ${report.jsonFeeds.ok}/${report.jsonFeeds.files} ok, ${report.jsonFeeds.items} items`,
    `slowest file: ${report.slowestFile.path} ${report.slowestFile.ms.toFixed(0)} ms; whole run ${(report.elapsedMs / 1000).toFixed(1)} s`,
    `feedparser-wellformed: ${w.itemsPresent}/${w.files} files give the entries their Expect names (${pct(w.itemsPresent, w.files)}); ` +
      `title/link/id comparisons ${w.comparisonsPassed}/${w.comparisons} (${pct(w.comparisonsPassed, w.comparisons)})`,
    `real-world: ${r.feeds} feeds, ${r.items} items, ${r.incomplete.length} feeds with incomplete items; ` +
      `item counts vs snapshots: ${r.snapshotCompared - r.snapshotMismatches.length}/${r.snapshotCompared} equal`,
    ...r.incomplete.map((line) => `  incomplete: ${line}`),
    ...r.snapshotMismatches.map((line) => `  count: ${line}`),
    ...w.failures.map((line) => `  wellformed: ${line}`),
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (!existsSync(CORPUS_DIR)) {
    console.error(`feed corpus not found at ${CORPUS_DIR}`);
    process.exit(1);
  }
  const report = await runCorpus();
  console.log(process.argv.includes('--json') ? JSON.stringify(report, null, 2) : formatReport(report));
}

// Other taggers beside ours: chrono-node as the trivial baseline of the TempEval-3 scores, and chrono-node plus
// compromise-dates over the TLS dev articles, where every span another tagger finds and ours does not is a
// candidate miss. Terminal output only: the articles are read in place and nothing of them is kept.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as chrono from 'chrono-node';
import nlp from 'compromise';
import datesPlugin from 'compromise-dates';
import { tagTimexes, type Timex, type TimexType } from '../src/core/timex/index.js';
import { detokenize } from '../src/core/extract/detokenize.js';

nlp.plugin(datesPlugin);

/** Shape of an expression, so that "March 3" and "June 12" group together. */
export function shape(s: string): string {
  return s
    .toLowerCase()
    .replace(/\b(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?/g, 'MONTH')
    .replace(/\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/g, 'WEEKDAY')
    .replace(/\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty)\b/g, 'NUM')
    .replace(/\d+/g, 'D');
}

/**
 * chrono-node's casual parser, its components turned into a TIMEX3 value at the precision it is sure of
 * (a clock time, a day, a month or a year). It tags no durations or sets.
 */
export function chronoTimexes(text: string, dct: string): Timex[] {
  const pad = (n: number | null): string => String(n ?? 0).padStart(2, '0');
  return chrono.casual.parse(text, new Date(`${dct}T12:00:00Z`)).map((r): Timex => {
    const c = r.start;
    const day = `${c.get('year')}-${pad(c.get('month'))}-${pad(c.get('day'))}`;
    let type: TimexType = 'DATE';
    let value: string;
    if (c.isCertain('hour')) {
      type = 'TIME';
      value = `${day}T${pad(c.get('hour'))}:${pad(c.get('minute'))}`;
    } else if (c.isCertain('day') || c.isCertain('weekday')) value = day;
    else if (c.isCertain('month')) value = day.slice(0, 7);
    else value = day.slice(0, 4);
    return { start: r.index, end: r.index + r.text.length, text: r.text, type, value };
  });
}

interface Span { start: number; end: number }
interface CompromiseMatch { offset: { start: number; length: number } }
/** The views compromise-dates adds to a document (its plugin does not extend compromise's types). */
interface WithDates {
  dates(opts: { today: string; timezone: string }): { json(opts: { offset: true }): CompromiseMatch[] };
  times(): { json(opts: { offset: true }): CompromiseMatch[] };
  durations(): { json(opts: { offset: true }): CompromiseMatch[] };
}

/** Spans of compromise-dates' dates, times and durations, trailing punctuation trimmed. */
function compromiseSpans(text: string, dct: string): Span[] {
  const doc = nlp(text) as unknown as WithDates;
  const found = [
    ...doc.dates({ today: dct, timezone: 'UTC' }).json({ offset: true }),
    ...doc.times().json({ offset: true }),
    ...doc.durations().json({ offset: true }),
  ];
  return found.map(({ offset }) => {
    let end = offset.start + offset.length;
    while (end > offset.start && /[\s.,;:!?)"']/.test(text[end - 1]!)) end--;
    return { start: offset.start, end };
  }).filter((s) => s.end > s.start);
}

interface Article { topic: string; published: string; text: string }

/** Every N-th article over all topic folders (all outlets' articles.jsonl files, in name order), so that every topic is drawn from. */
function sampleArticles(dir: string, sample: number): Article[] {
  const files: { topic: string; path: string }[] = [];
  const walk = (d: string, topic: string): void => {
    for (const entry of readdirSync(d).sort()) {
      const p = join(d, entry);
      if (statSync(p).isDirectory()) walk(p, topic || entry);
      else if (entry === 'articles.jsonl') files.push({ topic, path: p });
    }
  };
  walk(dir, '');
  const all: Article[] = [];
  for (const f of files) {
    for (const line of readFileSync(f.path, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const row = JSON.parse(line) as { time: string; text: string };
      all.push({ topic: f.topic, published: row.time, text: row.text });
    }
  }
  const step = Math.max(1, Math.floor(all.length / sample));
  return all.filter((_, i) => i % step === 0).slice(0, sample).map((a) => ({ ...a, text: detokenize(a.text) }));
}

const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;

export interface CompareOptions { dir?: string; sample: number; examples: number; patterns: number }

export function compareTls(opts: CompareOptions): string {
  const dir = opts.dir ?? resolve(import.meta.dirname, '../../shared/corpora/tls-dev');
  if (!existsSync(dir)) return `${dir} not found: the TLS dev articles live in ../shared next to the repo`;
  const articles = sampleArticles(dir, opts.sample);
  const others: { name: string; run: (text: string, dct: string) => Span[] }[] = [
    { name: 'chrono-node (casual)', run: chronoTimexes },
    { name: 'compromise-dates', run: compromiseSpans },
  ];
  const lines = [`${articles.length} TLS dev articles (every N-th over all topics), ${dir}`];
  const ours = articles.map((a) => tagTimexes(a.text, a.published));
  lines.push(`ours: ${ours.reduce((n, t) => n + t.length, 0)} timexes`);
  const othersSpans = articles.map((a) => others.map((o) => o.run(a.text, a.published)));
  const listPatterns = (lines: string[], groups: Map<string, string[]>): void => {
    const sorted = [...groups.entries()].sort((x, y) => y[1].length - x[1].length || x[0].localeCompare(y[0]));
    for (const [pattern, list] of sorted.slice(0, opts.patterns)) {
      lines.push(`  ${String(list.length).padStart(4)}  ${pattern}`);
      for (const e of list.slice(0, opts.examples)) lines.push(`          ${e}`);
    }
    if (sorted.length > opts.patterns) lines.push(`        … ${sorted.length - opts.patterns} more patterns`);
  };
  const context = (a: Article, span: Span, tail = ''): string =>
    `${a.topic}: ${a.text.slice(Math.max(0, span.start - 40), span.start)}[[${a.text.slice(span.start, span.end)}]]${a.text.slice(span.end, span.end + 40)}${tail}`.replace(/\s+/g, ' ');
  others.forEach((other, k) => {
    let total = 0;
    let shared = 0;
    const misses = new Map<string, string[]>();
    articles.forEach((a, i) => {
      for (const span of othersSpans[i]![k]!) {
        total++;
        if (ours[i]!.some((t) => overlaps(t, span))) { shared++; continue; }
        const key = shape(a.text.slice(span.start, span.end));
        misses.set(key, [...(misses.get(key) ?? []), context(a, span)]);
      }
    });
    lines.push('', `== ${other.name}: ${total} spans, ${shared} overlap ours (${(100 * shared / Math.max(1, total)).toFixed(1)}%), ${total - shared} candidate misses`);
    listPatterns(lines, misses);
  });
  // What only ours finds: where to look for false positives.
  const alone = new Map<string, string[]>();
  let aloneCount = 0;
  articles.forEach((a, i) => {
    for (const t of ours[i]!) {
      if (othersSpans[i]!.some((spans) => spans.some((span) => overlaps(t, span)))) continue;
      aloneCount++;
      const key = `${t.type} ${shape(t.text)}`;
      alone.set(key, [...(alone.get(key) ?? []), context(a, t, ` = ${t.value}`)]);
    }
  });
  lines.push('', `== ours alone (no other tagger overlaps): ${aloneCount} timexes, candidate false positives`);
  listPatterns(lines, alone);
  return lines.join('\n');
}

// The dev stream: for each TLS dev topic, its densest week of articles, replayed one publication day at a time,
// with other topics' articles (those that name the topic in passing first) as negatives in the same feeds.
// Deterministic: the same corpus gives the same stream. Article text is read in place, never copied.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanSentence } from '../../src/core/extract/clean.js';
import { splitSentences } from '../../src/core/extract/sentences.js';
import { detokenize } from '../../src/core/extract/detokenize.js';
import { addDays } from '../../src/core/dates.js';
import { topicMentions } from '../../src/feeds/relevance.js';
import { readTopic, type GoldTimeline } from '../eval-tls.js';

export interface StreamTopicConfig {
  dir: string;
  name: string;
  title: string;
  keywords: string[];
  aliases: string[];
}

export interface StreamArticle {
  /** `<topic dir>/<folder>/<id>`: unique in the corpus. */
  key: string;
  /** The topic dir the article comes from. */
  source: string;
  /** Publication day in the stream (a negative's is moved into the window). */
  day: string;
  outlet: string;
  title: string;
  text: string;
}

export interface TopicStream {
  topic: StreamTopicConfig;
  days: string[];
  positives: StreamArticle[];
  negatives: StreamArticle[];
  gold: GoldTimeline[];
}

export interface StreamFile {
  windowDays: number;
  maxPositives: number;
  negatives: { passing: number; random: number };
  topics: StreamTopicConfig[];
  /** Stories labelled by hand: topic dir → story name → article keys. */
  stories: Record<string, Record<string, string[]>>;
}

export const STREAM_FILE = new URL('./dev-stream.json', import.meta.url);

export const readStreamFile = (): StreamFile => JSON.parse(readFileSync(STREAM_FILE, 'utf8')) as StreamFile;

/**
 * Relevance read by hand where the corpus's labels (an article is about the topic whose folder holds it) were in
 * doubt: every article they and Dateline disagreed on, plus a random sample of the rest (relevance-audit.json says
 * how). '<topic dir>|<article key>' → about the topic; articles not read, or read as unsure, keep the corpus's label.
 */
export function readRelevanceAudit(): Map<string, boolean> {
  const file = JSON.parse(readFileSync(new URL('./relevance-audit.json', import.meta.url), 'utf8')) as { labels: Record<string, { label: 'on' | 'off' | 'unsure' }> };
  return new Map(Object.entries(file.labels).filter(([, v]) => v.label !== 'unsure').map(([key, v]) => [key, v.label === 'on']));
}

const hash = (text: string): string => createHash('sha1').update(text).digest('hex');

/** A headline for an article the corpus gives none: its first sentence without dateline or wire stamp, at most 120 characters. */
export function headlineOf(text: string): string {
  const first = cleanSentence(splitSentences(text)[0]?.text ?? text).trim();
  if (first.length <= 120) return first;
  const cut = first.slice(0, 119);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 60))}…`;
}

/** The `windowDays` consecutive days with the most articles (earliest such window). */
function densestWindow(days: string[], windowDays: number): string[] {
  const counts = new Map<string, number>();
  for (const day of days) counts.set(day, (counts.get(day) ?? 0) + 1);
  let best: string[] = [];
  let bestCount = -1;
  for (const start of [...counts.keys()].sort()) {
    const window = Array.from({ length: windowDays }, (_, i) => addDays(start, i));
    const count = window.reduce((sum, day) => sum + (counts.get(day) ?? 0), 0);
    if (count > bestCount) (best = window, bestCount = count);
  }
  return best;
}

/**
 * The corpus's page furniture that a feed item would not carry, where it would stand in for the headline: another
 * story's headline before "Full Article", BBC "Page last updated at …" and "… Last updated at … GMT Help" stamps.
 */
const FURNITURE = [
  /^[\s\S]{0,300}?Full Article\s+/,
  /^Page last updated at \d{1,2}:\d{2} GMT, \w+, \d{1,2} \w+ \d{4}( \d{1,2}:\d{2} UK)?\s+/,
  /^\d{1,2} \w+ \d{4} Last updated at \d{1,2}:\d{2} GMT( Help)?\s+/,
  /\(an error occurred while processing this directive\)\s*/g,
];

function readable(article: StreamArticle): StreamArticle {
  // The corpus splits hyphenated words ("Strauss - Kahn", "co - founder"); feeds do not.
  const text = FURNITURE.reduce((t, pattern) => t.replace(pattern, ''), detokenize(article.text).replace(/(\p{L}) - (?=\p{L})/gu, '$1-'));
  return { ...article, text, title: headlineOf(text) };
}

/** Every topic's stream; `only` limits it to some topic dirs. */
export function buildStreams(root: string, file: StreamFile, only?: string[]): TopicStream[] {
  const headlines = new Map<string, string>();
  const headline = (a: StreamArticle) => headlines.get(a.key) ?? headlines.set(a.key, readable({ ...a, text: a.text.slice(0, 1000) }).title).get(a.key)!;
  const corpus = new Map(file.topics.map((topic) => {
    const { articles, gold } = readTopic(join(root, topic.dir));
    // Text stays tokenized (as the corpus has it) until an article is chosen.
    const usable = articles.filter((a) => a.text.trim() !== '')
      .map((a): StreamArticle => ({ key: `${topic.dir}/${a.key}`, source: topic.dir, day: a.published, outlet: a.outlet, title: '', text: a.text }));
    return [topic.dir, { usable, gold }] as const;
  }));
  return file.topics.filter((topic) => !only || only.includes(topic.dir)).map((topic) => {
    const { usable, gold } = corpus.get(topic.dir)!;
    const days = densestWindow(usable.map((a) => a.day), file.windowDays);
    const inWindow = usable.filter((a) => days.includes(a.day)).sort((a, b) => hash(a.key).localeCompare(hash(b.key))).slice(0, file.maxPositives);
    // Negatives: other topics' articles, those that name this topic in passing first (the hard ones), moved into the
    // window. One whose headline (its first sentence) names this topic is about it as much as about its own, so it is
    // neither a positive nor a negative and stays out of the stream.
    // (Its command name counts as a mention here too, as it did when the stream was first drawn: the same negatives.)
    const mentions = topicMentions({ name: topic.name, keywords: [topic.name, ...topic.keywords], aliases: topic.aliases, exclude: [] });
    const names = (text: string) => mentions(text).length > 0;
    const others = [...corpus].filter(([dir]) => dir !== topic.dir).flatMap(([, other]) => other.usable)
      .filter((a) => !names(headline(a)))
      .sort((a, b) => hash(`${topic.dir}|${a.key}`).localeCompare(hash(`${topic.dir}|${b.key}`)));
    const passing = others.filter((a) => names(a.text)).slice(0, file.negatives.passing);
    const random = others.filter((a) => !passing.includes(a)).slice(0, file.negatives.random);
    const negatives = [...passing, ...random].map((a, i) => ({ ...a, day: days[i % days.length]! }));
    return { topic, days, positives: inWindow.map(readable), negatives: negatives.map(readable), gold };
  });
}

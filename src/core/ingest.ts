import { createHash } from 'node:crypto';
import type { Store, Topic } from '../store/index.js';
import { compatible, finer, parsePartialDate } from './dates.js';
import { extractCandidates } from './extract/candidates.js';
import { chooseMergeTargetByWords } from './extract/merge.js';
import { contentWords, topicWords } from './extract/similarity.js';
import { rescoreTopic } from './rank/importance.js';
import { chronicleEntry, cleanSentence } from './extract/clean.js';
import { repairText } from './extract/repair.js';
import { splitSentences } from './extract/sentences.js';
import type { MergeCandidateEvent } from '../store/events.js';

// News articles in, dated events out: store the article, extract candidates, merge them into the timeline.

export interface IngestItem {
  id?: string;
  url?: string;
  title?: string;
  /** 'YYYY-MM-DD' or an ISO date-time. */
  published: string;
  text: string;
  /** The outlet. */
  source?: string;
}

export interface IngestOptions {
  /** File every article under this topic, creating it when missing. Otherwise topics' keywords decide. */
  topic?: string;
  now: Date;
}

export interface IngestReport {
  articles: number;
  duplicates: number;
  unrelated: number;
  newEvents: number;
  mergedEvents: number;
  /** Items refused, with the reason. */
  rejected: { item: string; reason: string }[];
}

export interface ArticleOutcome {
  articleId: number | null;
  status: 'added' | 'duplicate' | 'unrelated';
  newEvents: number;
  mergedEvents: number;
  /** The topics it was filed under, whose importance scores are now stale (see rescoreTopic). */
  topics: Pick<Topic, 'id' | 'tenant'>[];
}

const MAX_TITLE = 200;
const MAX_DERIVED_TITLE = 120;
/** Articles of a batch written per transaction. */
const COMMIT_EVERY = 100;

export function emptyReport(): IngestReport {
  return { articles: 0, duplicates: 0, unrelated: 0, newEvents: 0, mergedEvents: 0, rejected: [] };
}

export function ingestItems(store: Store, items: IngestItem[], options: IngestOptions): IngestReport {
  const report = emptyReport();
  const fixedTopic = options.topic ? ensureTopic(store, options.topic, options.now) : undefined;
  const touched = new Map<number, string>();
  // Articles are committed a chunk at a time: one commit per article was a good part of a batch's cost.
  const ingestOne = (item: IngestItem, index: number): void => {
    const problem = validate(item);
    if (problem) {
      report.rejected.push({ item: item.id ?? item.url ?? `#${index + 1}`, reason: problem });
      return;
    }
    const outcome = ingestArticle(store, item, fixedTopic ? [fixedTopic] : undefined, options.now);
    if (outcome.status === 'duplicate') report.duplicates++;
    else if (outcome.status === 'unrelated') report.unrelated++;
    else report.articles++;
    report.newEvents += outcome.newEvents;
    report.mergedEvents += outcome.mergedEvents;
    for (const topic of outcome.topics) touched.set(topic.id, topic.tenant);
  };
  for (let start = 0; start < items.length; start += COMMIT_EVERY) {
    store.transaction(() => items.slice(start, start + COMMIT_EVERY).forEach((item, offset) => ingestOne(item, start + offset)));
  }
  for (const [topicId, tenant] of touched) rescoreTopic(store, tenant, topicId);
  return report;
}

/** The topic of that name, created with the name as its keyword when it does not exist yet. */
export function ensureTopic(store: Store, name: string, now: Date): Topic {
  return store.topics.get(name) ?? store.topics.save({ name, title: name, keywords: [name] }, now);
}

function validate(item: IngestItem): string | null {
  if (typeof item.text !== 'string' || item.text.trim() === '') return 'it has no text';
  if (typeof item.published !== 'string' || !parsePartialDate(item.published.slice(0, 10)) || parsePartialDate(item.published.slice(0, 10))!.precision !== 'day') {
    return `its published date "${String(item.published).slice(0, 40)}" is not YYYY-MM-DD`;
  }
  return null;
}

export function contentHash(text: string): string {
  return createHash('sha256').update(text.replace(/\s+/g, ' ').trim()).digest('hex');
}

/** Topics whose keywords or aliases the article mentions. */
export function matchTopics(store: Store, title: string, body: string): Topic[] {
  const text = `${title}\n${body}`.toLowerCase();
  return store.topics.list().filter((topic) =>
    [...topic.keywords, ...topic.aliases].some((phrase) => containsPhrase(text, phrase.toLowerCase())),
  );
}

function containsPhrase(text: string, phrase: string): boolean {
  let from = text.indexOf(phrase);
  while (from >= 0) {
    const before = text[from - 1];
    const after = text[from + phrase.length];
    if (!isWordChar(before) && !isWordChar(after)) return true;
    from = text.indexOf(phrase, from + 1);
  }
  return false;
}

const isWordChar = (ch: string | undefined): boolean => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);

/** Stores one article and merges its dated events into each of its topics' timelines, in one transaction. */
export function ingestArticle(store: Store, item: IngestItem, topics: Topic[] | undefined, now: Date): ArticleOutcome {
  const text = item.text.replace(/\r\n?/g, '\n').trim();
  // The hash reads the text as it came, so an article stored before its text was repaired is still known by it.
  const hash = contentHash(text);
  const body = repairText(text);
  const key = item.url?.trim() || (item.id ? `id:${item.id}` : `sha256:${hash}`);
  const lead = firstLine(body);
  const title = item.title?.trim() ? repairText(item.title.trim()).slice(0, MAX_TITLE) : derivedTitle(lead);
  return store.transaction(() => {
    const existing = store.articles.findByKey(key) ?? store.articles.findByContentHash(hash);
    // The text is stored once; an article already stored that reaches another topic (another tenant's feed carries
    // it, by the same URL or the same text) is filed and read into that topic's timeline too.
    const filed = (topic: Topic) => existing !== undefined && store.articles.topicIdsOf(topic.tenant, existing.id).includes(topic.id);
    const targets = (topics ?? (existing ? [] : matchTopics(store, title, body))).filter((topic) => !filed(topic));
    if (existing && targets.length === 0) return { articleId: null, status: 'duplicate', newEvents: 0, mergedEvents: 0, topics: [] };
    if (targets.length === 0) return { articleId: null, status: 'unrelated', newEvents: 0, mergedEvents: 0, topics: [] };
    const published = item.published.slice(0, 10);
    const articleId = existing?.id ?? store.articles.insert({
      key, url: item.url ?? null, title, outlet: item.source ?? null, published: item.published,
      firstSeen: now.toISOString(), contentHash: hash, body,
    });
    // Without a title, the first line (or its first sentence, when the line is a paragraph) stood in for one.
    const bodyText = item.title ? body : body.slice(title === lead ? lead.length : (splitSentences(lead)[0]?.end ?? lead.length)).trim();
    const candidates = extractCandidates({ title, body: bodyText, published });
    let newEvents = 0;
    let mergedEvents = 0;
    for (const topic of targets) {
      store.articles.fileUnderTopic(topic.tenant, articleId, topic.id);
      const ignore = topicWords(topic);
      const cache = wordCache(store, topic.id, ignore);
      // Candidates of one article often share a date (its title and lead, both of the publication day): the events
      // that may match a date are read once per article, and events the article itself opens are added to them.
      const nearby = new Map<string, { sameDate: MergeCandidateEvent[]; otherDates?: MergeCandidateEvent[] }>();
      const comparable = (events: MergeCandidateEvent[]) => events.map((event) => ({ words: cachedWords(store, topic.tenant, cache, event, ignore), record: event }));
      for (const candidate of candidates) {
        const candidateWords = contentWords(candidate.sentence, ignore);
        let known = nearby.get(candidate.date.value);
        if (!known) nearby.set(candidate.date.value, (known = { sameDate: store.events.sameDateEvents(topic.tenant, topic.id, candidate.date) }));
        const target = chooseMergeTargetByWords({ words: candidateWords, implicit: candidate.implicit }, comparable(known.sameDate),
          () => comparable((known.otherDates ??= store.events.nearDateEvents(topic.tenant, topic.id, candidate.date))));
        if (target) {
          const event = target.record;
          const eventDate = { value: event.date, precision: event.precision };
          if (compatible(eventDate, candidate.date) && finer(eventDate, candidate.date) !== eventDate) {
            store.events.setDate(topic.tenant, event.id, candidate.date, now);
            nearby.clear();
          }
          if (store.events.addSource(topic.tenant, event.id, articleId, candidate.sentence, candidate.position, candidate.date, candidate.implicit)) {
            mergedEvents++;
            event.sourceCount++;
            const entry = cache.get(event.id);
            if (entry) {
              if (entry.sourceCount < WORDS_FROM_SOURCES) for (const word of candidateWords) entry.words.add(word);
              entry.sourceCount++;
            }
          }
        } else {
          // A chronicle's entry leaves its date to the event (its source keeps the whole sentence).
          const summary = chronicleEntry(candidate.sentence) ?? candidate.sentence;
          const eventId = store.events.insert(topic.tenant, { topicId: topic.id, date: candidate.date, summary, origin: 'extracted' }, now);
          store.events.addSource(topic.tenant, eventId, articleId, candidate.sentence, candidate.position, candidate.date, candidate.implicit);
          known.sameDate.push({ id: eventId, date: candidate.date.value, precision: candidate.date.precision, summary, sourceCount: 1 });
          cache.set(eventId, { summary, sourceCount: 1, words: new Set(candidateWords) });
          newEvents++;
        }
      }
    }
    return { articleId, status: 'added', newEvents, mergedEvents, topics: targets.map((t) => ({ id: t.id, tenant: t.tenant })) };
  });
}

/**
 * An event is compared with its summary and its first few sources' sentences, not all of them: a widely reported
 * event's growing vocabulary would otherwise match almost any sentence of its day.
 */
const WORDS_FROM_SOURCES = 20;

// The content words of each event (summary and its first supporting sentences), kept between candidates so the
// merge step does not re-read and re-tokenize an event's sources for every candidate that might join it.
// An entry is trusted only while the event's summary and source count are what the cache saw.
interface CachedWords {
  summary: string;
  sourceCount: number;
  words: Set<string>;
}

const wordCaches = new WeakMap<Store, Map<string, Map<number, CachedWords>>>();

function wordCache(store: Store, topicId: number, ignore: ReadonlySet<string>): Map<number, CachedWords> {
  let byTopic = wordCaches.get(store);
  if (!byTopic) wordCaches.set(store, (byTopic = new Map()));
  const key = `${topicId}|${[...ignore].sort().join(' ')}`;
  let cache = byTopic.get(key);
  if (!cache) byTopic.set(key, (cache = new Map()));
  return cache;
}

function cachedWords(store: Store, tenant: string, cache: Map<number, CachedWords>, event: MergeCandidateEvent, ignore: ReadonlySet<string>): Set<string> {
  const entry = cache.get(event.id);
  if (entry && entry.summary === event.summary && entry.sourceCount === event.sourceCount) return entry.words;
  const words = contentWords([event.summary, ...store.events.sourceSentences(tenant, event.id).slice(0, WORDS_FROM_SOURCES)].join(' '), ignore);
  cache.set(event.id, { summary: event.summary, sourceCount: event.sourceCount, words });
  return words;
}

/**
 * A title for an article that came without one: its first line when that reads as a title, else that line's first
 * sentence, cut at a word to MAX_DERIVED_TITLE characters (a source list shows titles, not article text).
 */
function derivedTitle(line: string): string {
  if (line.length <= MAX_DERIVED_TITLE) return line;
  const sentence = cleanSentence(splitSentences(line)[0]?.text ?? line);
  if (sentence.length <= MAX_DERIVED_TITLE) return sentence;
  const cut = sentence.slice(0, MAX_DERIVED_TITLE - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), MAX_DERIVED_TITLE / 2))}…`;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0]!.trim();
}

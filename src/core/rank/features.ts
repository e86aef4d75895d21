import type { EventMention } from '../../store/events.js';
import type { Store } from '../../store/index.js';
import { addDays, dayNumber, spanOf, type DaySpan, type Precision } from '../dates.js';
import { contentWords, documentFrequency } from '../extract/similarity.js';

// What the reporting says about each event of a topic, as the few figures the importance model (importance.ts)
// weighs. Most of it is said of the event's day, whichever event of that day an article reports (for a month or
// year event, of its own period): how many articles report it within a day, refer back to it later (more, the
// later), announce it beforehand, name it in a title or lead, and from how many outlets; and how many articles
// appeared that day and the next. Counts are read against the topic's usual daily volume, so a large topic's
// routine day does not outrank a small topic's big one. Fitting more figures (outlets, publication days, local
// volume, an event's share of its day) did not help on topics left out, so they are not used.

export const FEATURE_NAMES = [
  'articles reporting this event',
  'articles referring back to its day later',
  'articles naming its day in words',
  'support for its day (reports, look-backs, previews, leads, outlets, that day\'s and the next day\'s volume)',
] as const;

export interface EventFeatures {
  eventId: number;
  date: string;
  precision: Precision;
  /** In FEATURE_NAMES order. */
  values: number[];
  /** Distinct articles, outlets and publication days behind it. */
  articles: number;
  outlets: number;
  publicationDays: number;
  /**
   * Sentences of its sources with their place in the article (0 = title), for choosing its summary, and whether
   * the article was published before the event's date (a preview: a plan, a schedule, a forecast).
   */
  sentences: EventSentence[];
  /** The share of those sentences that name the topic's subject (subjectWords); 1 when it has none. */
  onSubject: number;
  /** Written by hand (bundled or manual), not extracted from reporting. */
  curated: boolean;
}

/** Mentions in sentences up to this number (0 is the title) are in the lead. */
const LEAD_SENTENCES = 2;
/** Look-backs older than this many days count as this old. */
const LOOK_BACK_CAP = 30;
/** The topic's subject: this many of the words most widespread among its articles' dated sentences. */
const SUBJECT_WORDS = 5;

export interface EventSentence {
  text: string;
  position: number | null;
  preview: boolean;
}

interface Tally {
  eventId: number;
  date: string;
  precision: Precision;
  /** The first day of its date: articles published before it preview the event. */
  start: string;
  articles: Set<number>;
  outlets: Set<string>;
  days: Set<string>;
  sentences: EventSentence[];
  /** Of those, how many name the topic's subject. */
  onSubject: number;
  curated: boolean;
}

/** What all articles say of one day (or of a coarse event's period), whichever event they report. */
interface DayTally {
  report: Set<number>;
  lead: Set<number>;
  explicit: Set<number>;
  outlets: Set<string>;
  /** Best look-back weight per article. */
  lookBack: Map<number, number>;
  preview: Set<number>;
}

/** Features of every event of the topic, from every article of the topic. */
export function eventFeatures(store: Store, tenant: string, topicId: number): EventFeatures[] {
  return featuresFrom(store.events.mentions(tenant, topicId), store.events.publicationCounts(tenant, topicId));
}

function featuresFrom(mentions: EventMention[], volume: Map<string, number>): EventFeatures[] {
  let totalArticles = 0;
  for (const n of volume.values()) totalArticles += n;
  // The topic's usual day: articles per day on which it was reported at all.
  const dailyVolume = Math.max(1, totalArticles / Math.max(1, volume.size));
  const words = mentions.map((mention) => (mention.sentence ? contentWords(mention.sentence) : null));
  const subject = subjectWords(mentions, words);
  const tallies = new Map<number, Tally>();
  const days = new Map<string, DayTally>();
  mentions.forEach((mention, index) => {
    let tally = tallies.get(mention.eventId);
    if (!tally) {
      const start = spanOf({ value: mention.eventDate, precision: mention.eventPrecision }).start;
      tally = { eventId: mention.eventId, date: mention.eventDate, precision: mention.eventPrecision, start, articles: new Set(), outlets: new Set(), days: new Set(), sentences: [], onSubject: 0, curated: mention.origin !== 'extracted' };
      tallies.set(mention.eventId, tally);
    }
    tally.articles.add(mention.articleId);
    if (mention.outlet) tally.outlets.add(mention.outlet);
    tally.days.add(mention.published);
    if (mention.sentence) tally.sentences.push({ text: mention.sentence, position: mention.position, preview: mention.published < tally.start });
    if ([...words[index] ?? []].some((word) => subject.has(word))) tally.onSubject++;
    if (mention.precision === 'day' && mention.date) tallyDay(days, mention.date, mention, { start: mention.date, end: mention.date });
    // A month or year event is its own "day": what is said of its period by the articles that report it.
    if (tally.precision !== 'day') tallyDay(days, `event:${tally.eventId}`, mention, spanOf({ value: tally.date, precision: tally.precision }));
  });
  const relative = (n: number): number => Math.log1p(n / dailyVolume);
  const out: EventFeatures[] = [];
  for (const tally of tallies.values()) {
    const isDay = tally.precision === 'day';
    const day = days.get(isDay ? tally.date : `event:${tally.eventId}`);
    const lookBack = day ? [...day.lookBack.values()].reduce((a, b) => a + b, 0) : 0;
    const volumeSame = isDay ? volume.get(tally.date) ?? 0 : 0;
    const volumeNext = isDay ? volume.get(addDays(tally.date, 1)) ?? 0 : 0;
    // The day-level tally of Tran et al. (2013) and Datewise, as one figure.
    const support = day
      ? day.report.size + lookBack + 0.5 * day.preview.size + 0.5 * day.lead.size + 0.5 * Math.max(0, day.outlets.size - 1) + 0.5 * volumeSame + 0.5 * volumeNext
      : 0;
    out.push({
      eventId: tally.eventId,
      date: tally.date,
      precision: tally.precision,
      articles: tally.articles.size,
      outlets: tally.outlets.size,
      publicationDays: tally.days.size,
      sentences: tally.sentences,
      onSubject: tally.sentences.length === 0 ? 1 : tally.onSubject / tally.sentences.length,
      curated: tally.curated,
      values: [Math.log1p(tally.articles.size), relative(lookBack), relative(day?.explicit.size ?? 0), relative(support)],
    });
  }
  return out;
}

/**
 * The topic's subject, as the SUBJECT_WORDS words that the most articles use in their dated sentences (its names,
 * its matter). An event none of whose sentences names any of them is likely about something else: a schedule, a
 * feast day, an aside.
 */
function subjectWords(mentions: EventMention[], words: (Set<string> | null)[]): Set<string> {
  const perArticle = new Map<number, Set<string>>();
  mentions.forEach((mention, index) => {
    const own = words[index];
    if (!own) return;
    let set = perArticle.get(mention.articleId);
    if (!set) perArticle.set(mention.articleId, (set = new Set()));
    for (const word of own) set.add(word);
  });
  return new Set([...documentFrequency(perArticle.values())].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, SUBJECT_WORDS).map(([word]) => word));
}

function tallyDay(days: Map<string, DayTally>, key: string, mention: EventMention, span: DaySpan): void {
  let day = days.get(key);
  if (!day) {
    day = { report: new Set(), lead: new Set(), explicit: new Set(), outlets: new Set(), lookBack: new Map(), preview: new Set() };
    days.set(key, day);
  }
  if (mention.outlet) day.outlets.add(mention.outlet);
  if (!mention.implicit) day.explicit.add(mention.articleId);
  if (mention.position !== null && mention.position <= LEAD_SENTENCES) day.lead.add(mention.articleId);
  const lag = dayNumber(mention.published) - dayNumber(span.end);
  if (mention.published < span.start) day.preview.add(mention.articleId);
  else if (lag <= 1) day.report.add(mention.articleId);
  else {
    // A look-back counts more the longer after the day it comes (capped at a month).
    const weight = 1 + 0.5 * Math.log2(Math.min(lag, LOOK_BACK_CAP));
    day.lookBack.set(mention.articleId, Math.max(day.lookBack.get(mention.articleId) ?? 0, weight));
  }
}

import type { EventRecord, Store } from '../../store/index.js';
import { addDays, dayNumber, spanOf, type DaySpan, type Precision } from '../dates.js';
import { contentWords, documentFrequency, overlap } from '../extract/similarity.js';
import { FEATURE_NAMES } from './features.js';
import { scoreTopic, type ImportanceModel, type ScoredEvent } from './importance.js';

// Key events: the dates that mattered, each stood for by its most important event. Dates are ranked by the
// importance of their best event (importance.ts), then chosen greedily with two checks that keep the picks apart:
// a date whose best event reads like an already chosen one a few days away is the same happening told late, and
// is folded into it; and any date close to a chosen one must beat it by a margin, so a burst of reporting does
// not fill the list unless it truly holds several different events.

export type Granularity = 'day' | 'month' | 'any';

export interface SelectionParams {
  /** Dates at most this many days from a chosen date count as near it. */
  nearDays: number;
  /** A near date's score is multiplied by this (1 turns it off). */
  nearFactor: number;
  /**
   * Spreading over the period: a date's score is multiplied by this once for every chosen date within the
   * period's share per pick (its span over the number of picks), either side (1 turns it off).
   */
  spreadFactor: number;
  /** Dates at most this many days apart whose best events share this much wording are one happening. */
  sameDays: number;
  sameOverlap: number;
}

/** See sameHappeningWords. */
const TOPIC_COMMON_SHARE = 0.1;
const TOPIC_COMMON_MIN = 3;

export const DEFAULT_SELECTION: SelectionParams = { nearDays: 1, nearFactor: 1, spreadFactor: 0.85, sameDays: 3, sameOverlap: 0.5 };

export interface RankOptions {
  /** How many dates to return; all when absent. */
  top?: number;
  /**
   * 'day' counts only day-precision events; 'month' rolls days up into months; 'any' keeps each date as it is, but
   * an extracted month or year only where nothing inside it is reported to the day (candidateDates). By default,
   * extracted dates count when day-precise, and a hand-written (curated) timeline's as they are.
   */
  granularity?: Granularity;
  /** Only dates lying wholly inside this span are ranked; without it, the topic's reporting period (reportingPeriod). */
  within?: DaySpan;
  model?: ImportanceModel;
  selection?: Partial<SelectionParams>;
}

export interface Contribution {
  feature: string;
  /** The raw figure (a count, a number of articles). */
  value: number;
  /** What it added to the score's logit. */
  points: number;
}

export interface RankedDate {
  date: string;
  precision: Precision;
  /** The importance of the date's best event (0 to 1). */
  score: number;
  contributions: Contribution[];
  /** The factor the score took for being off the topic's subject (1: none; see ImportanceModel.offSubject). */
  subjectFactor: number;
  /** The event whose summary stands for the date. */
  event: EventRecord;
  /** Every event on the date (and folded into it), best first. */
  eventIds: number[];
  /** Distinct articles, outlets and publication days reporting the best event. */
  articles: number;
  outlets: number;
  publicationDays: number;
}


interface DateGroup {
  date: string;
  precision: Precision;
  events: ScoredEvent[];
}

function keyOf(event: ScoredEvent, granularity: Granularity | undefined): { date: string; precision: Precision } | null {
  if (granularity === undefined) return event.precision === 'day' || event.curated ? { date: event.date, precision: event.precision } : null;
  if (granularity === 'day') return event.precision === 'day' ? { date: event.date, precision: 'day' } : null;
  if (granularity === 'month') return event.precision === 'year' ? null : { date: event.date.slice(0, 7), precision: 'month' };
  return { date: event.date, precision: event.precision };
}

/**
 * Extracted dates more than this many days before a topic's first article are background, what its articles look
 * back to (the first Tour de France in a cyclist's coverage), not its key events; so are dates after its latest
 * article, previews of what has not happened yet. On the TLS dev topics (`npm run eval:tls`), key events asked for
 * without a period scored Date-F1 0.126 (Entities) and 0.354 (T17) before; a month's margin, or a week's after the
 * latest article, did worse than a week's before it and none after.
 */
const BACKGROUND_DAYS = 7;

/** The period in which a topic's extracted dates can be key events, from its first and latest articles' days. */
export function reportingPeriod(publications: DaySpan): DaySpan {
  return { start: addDays(publications.start, -BACKGROUND_DAYS), end: publications.end };
}

export interface CandidateLimits {
  /** A period asked for: only dates lying wholly inside it. */
  within?: DaySpan;
  /** Without a period asked for, extracted dates meet this one (reportingPeriod); curated dates all stay. */
  reporting?: DaySpan;
}

const inside = (span: DaySpan, limit: DaySpan): boolean => span.start >= limit.start && span.end <= limit.end;
const meets = (span: DaySpan, limit: DaySpan): boolean => span.end >= limit.start && span.start <= limit.end;

/**
 * Candidate dates of the topic (RankOptions.granularity), each with its events best first, best date first. An
 * extracted month or year adds up the mentions of many happenings of its period, and the model, fitted on days,
 * ranks it above all of them (a cyclist's "1999" above each of his Tours' days): by default it is no candidate, and
 * with 'any' only where no day inside it is. Curated (bundled, manual) dates are the editor's and keep their
 * precision.
 */
export function candidateDates(scored: ScoredEvent[], granularity: Granularity | undefined, limits: CandidateLimits = {}): DateGroup[] {
  const groups = new Map<string, DateGroup>();
  for (const event of scored) {
    const key = keyOf(event, granularity);
    if (!key) continue;
    const span = spanOf({ value: key.date, precision: key.precision });
    if (limits.within ? !inside(span, limits.within) : limits.reporting && !event.curated && !meets(span, limits.reporting)) continue;
    let group = groups.get(key.date);
    if (!group) groups.set(key.date, (group = { date: key.date, precision: key.precision, events: [] }));
    group.events.push(event);
  }
  if (granularity === 'any') {
    // A month's or a year's date is the prefix of the days inside it.
    const daysWithin = new Set([...groups.values()].filter((g) => g.precision === 'day').flatMap((g) => [g.date.slice(0, 7), g.date.slice(0, 4)]));
    for (const group of groups.values()) {
      if (group.precision === 'day' || !daysWithin.has(group.date)) continue;
      group.events = group.events.filter((e) => e.curated);
      if (group.events.length === 0) groups.delete(group.date);
    }
  }
  const list = [...groups.values()];
  for (const group of list) group.events.sort((a, b) => b.score - a.score || a.eventId - b.eventId);
  return list.sort((a, b) => b.events[0]!.score - a.events[0]!.score || a.date.localeCompare(b.date));
}

/** Greedy choice of `limit` dates from candidates (best first), kept apart as SelectionParams say. */
export function selectDates(
  candidates: DateGroup[],
  limit: number,
  params: SelectionParams,
  summaryOf: (eventId: number) => string,
): { group: DateGroup; folded: number[] }[] {
  const chosen: { group: DateGroup; folded: number[]; day: number; words: Set<string> }[] = [];
  const pool = candidates.map((group) => ({ group, day: dayNumber(spanOf({ value: group.date, precision: group.precision }).start), base: group.events[0]!.score }));
  const days = pool.map((p) => p.day);
  const share = limit > 0 && days.length > 0 ? (Math.max(...days) - Math.min(...days) + 1) / limit / 2 : 0;
  const words = sameHappeningWords(candidates, summaryOf);
  const taken = new Set<number>();
  while (chosen.length < limit && taken.size < pool.length) {
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    // Scores only fall as dates are chosen, so the scan can stop once no base score can beat the best found.
    for (let i = 0; i < pool.length; i++) {
      if (taken.has(i)) continue;
      const item = pool[i]!;
      if (item.base <= bestScore) break;
      let score = item.base;
      for (const c of chosen) {
        const distance = Math.abs(c.day - item.day);
        if (distance <= params.nearDays) score *= params.nearFactor;
        if (distance <= share) score *= params.spreadFactor;
      }
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    if (best < 0) break;
    taken.add(best);
    const item = pool[best]!;
    const itemWords = words.get(item.group)!;
    const same = chosen.find((c) => Math.abs(c.day - item.day) <= params.sameDays && c.group.precision === item.group.precision
      && overlap(itemWords, c.words).coefficient >= params.sameOverlap && overlap(itemWords, c.words).shared >= 3);
    if (same) {
      same.folded.push(...item.group.events.map((e) => e.eventId));
      continue;
    }
    chosen.push({ group: item.group, folded: [], day: item.day, words: itemWords });
  }
  return chosen.map(({ group, folded }) => ({ group, folded }));
}

/**
 * The words of each candidate's best summary that can tell two happenings apart: without those in more than
 * TOPIC_COMMON_SHARE of all candidates' summaries (at least TOPIC_COMMON_MIN), which are the topic's own (its
 * names, its subject). Sharing those made different days of one story look like one happening, and folding them
 * lost key dates.
 */
function sameHappeningWords(candidates: DateGroup[], summaryOf: (eventId: number) => string): Map<DateGroup, Set<string>> {
  const all = new Map(candidates.map((group) => [group, contentWords(summaryOf(group.events[0]!.eventId))]));
  const common = new Set([...documentFrequency(all.values())].filter(([, n]) => n >= TOPIC_COMMON_MIN && n > TOPIC_COMMON_SHARE * candidates.length).map(([word]) => word));
  for (const [group, set] of all) all.set(group, new Set([...set].filter((word) => !common.has(word))));
  return all;
}

/** The topic's key dates, best first, each with what made its best event's score. */
export function rankDates(store: Store, tenant: string, topicId: number, options: RankOptions = {}): RankedDate[] {
  const scored = scoreTopic(store, tenant, topicId, options.model);
  const publications = options.within ? undefined : store.events.publicationSpan(tenant, topicId);
  const reporting = publications && reportingPeriod(publications);
  const candidates = candidateDates(scored, options.granularity, { within: options.within, reporting });
  const params = { ...DEFAULT_SELECTION, ...options.selection };
  // Every candidate's summary is read (sameHappeningWords), so the period's events are fetched at once.
  const records = new Map(store.events.all(tenant, topicId, options.within).map((e) => [e.id, e]));
  const record = (id: number): EventRecord => {
    let found = records.get(id);
    if (!found) records.set(id, (found = store.events.get(tenant, id)!));
    return found;
  };
  const chosen = selectDates(candidates, options.top ?? candidates.length, params, (id) => record(id).summary);
  return chosen.map(({ group, folded }) => {
    const best = group.events[0]!;
    return {
      date: group.date,
      precision: group.precision,
      score: best.score,
      contributions: FEATURE_NAMES.map((feature, i) => ({ feature, value: best.values[i]!, points: best.parts[i]! })),
      subjectFactor: best.subjectFactor,
      event: record(best.eventId),
      eventIds: [...group.events.map((e) => e.eventId), ...folded],
      articles: best.articles,
      outlets: best.outlets,
      publicationDays: best.publicationDays,
    };
  });
}

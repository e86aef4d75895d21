import type { EventRecord, Store } from '../../store/index.js';
import type { EventMention } from '../../store/events.js';
import type { DaySpan, Precision } from '../dates.js';
import { spanOf } from '../dates.js';
import { contentWords, overlap } from '../extract/similarity.js';

// Key events: which dates of a topic mattered. A date-level scorer in the manner of Tran et al. (2013) and
// Datewise (Gholipour Ghalandari & Ifrim 2020), without training: every article that mentions a date votes
// for it (more when the mention is in the title or lead, and more when the article looks back from long
// after), and days when many of the topic's articles appeared, or the day after, get a share of that volume.
// The best-supported event of each chosen date is its summary; every event on that date adds its sources.

export type Granularity = 'day' | 'month' | 'any';

export interface RankParams {
  /** Weight of a mention in the title (sentence 0), and in the lead (sentences 1..leadSentences). */
  title: number;
  lead: number;
  leadSentences: number;
  /** A mention from an article published before the date (a preview, a schedule). */
  preview: number;
  /** Extra weight per doubling of the days between the date and a later article that refers back to it. */
  lookBack: number;
  /** Look-backs older than this many days count as this old. */
  lookBackCap: number;
  /** Days after the date within which an article counts as reporting it rather than looking back. */
  reportDays: number;
  /** Share of the day's own publication volume, and of the next day's, added to a day's score. */
  volumeSameDay: number;
  volumeNextDay: number;
  /** Extra weight for each outlet beyond the first that mentions the date. */
  outlets: number;
  /**
   * A day whose best event reads like (word overlap ≥ 0.5) the best event of a better-ranked day at most this many
   * days away is folded into it instead of taking a place of its own; 0 turns this off.
   */
  foldNearbyDays: number;
}

export const DEFAULT_PARAMS: RankParams = {
  title: 2,
  lead: 1.5,
  leadSentences: 3,
  preview: 0.5,
  lookBack: 0.5,
  lookBackCap: 30,
  reportDays: 1,
  volumeSameDay: 0.5,
  volumeNextDay: 0.5,
  outlets: 0.5,
  foldNearbyDays: 1,
};

export interface RankOptions {
  /** How many dates to return; all when absent. */
  top?: number;
  /** 'day' counts only day-precision dates; 'month' rolls days up into months; 'any' keeps each date as it is. */
  granularity?: Granularity;
  /** Only dates lying wholly inside this span are ranked. */
  within?: DaySpan;
  /** Only articles published inside this span count (default: within). */
  published?: DaySpan;
  params?: Partial<RankParams>;
}

export interface Contribution {
  feature: string;
  /** The raw figure (a count, a number of articles). */
  value: number;
  /** What it added to the score. */
  points: number;
}

export interface RankedDate {
  date: string;
  precision: Precision;
  score: number;
  contributions: Contribution[];
  /** The event whose summary stands for the date. */
  event: EventRecord;
  /** Every event on the date, best supported first. */
  eventIds: number[];
  /** Distinct articles (in the published span) that mention the date. */
  articleIds: number[];
}

const DAY_MS = 86_400_000;
const dayNumber = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const isoOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

interface DateTally {
  date: string;
  precision: Precision;
  /** Best weight each article gives the date, with what made it. */
  articles: Map<number, { weight: number; kind: 'report' | 'lookBack' | 'preview'; lookBackBonus: number; positionBonus: number; outlet: string | null }>;
  events: Map<number, { mentions: number; bestPosition: number }>;
}

function keyOf(mention: Pick<EventMention, 'date' | 'precision'>, granularity: Granularity): { date: string; precision: Precision } | null {
  if (granularity === 'day') return mention.precision === 'day' ? { date: mention.date, precision: 'day' } : null;
  if (granularity === 'month') return mention.precision === 'year' ? null : { date: mention.date.slice(0, 7), precision: 'month' };
  return { date: mention.date, precision: mention.precision };
}

/** The topic's dates ranked by importance, best first, each with its feature contributions. */
export function rankDates(store: Store, topicId: number, options: RankOptions = {}): RankedDate[] {
  const params = { ...DEFAULT_PARAMS, ...options.params };
  const granularity = options.granularity ?? 'any';
  const published = options.published ?? options.within;
  const mentions = store.events.mentions(topicId, published);
  const volume = store.events.publicationCounts(topicId, published);
  const tallies = new Map<string, DateTally>();

  for (const mention of mentions) {
    const key = keyOf(mention, granularity);
    if (!key) continue;
    const span = spanOf({ value: key.date, precision: key.precision });
    if (options.within && (span.start < options.within.start || span.end > options.within.end)) continue;
    let tally = tallies.get(key.date);
    if (!tally) tallies.set(key.date, (tally = { date: key.date, precision: key.precision, articles: new Map(), events: new Map() }));

    // Days from the end of the date to the article: negative for previews.
    const lag = dayNumber(mention.published) - dayNumber(span.end);
    const positionBonus = mention.position === null ? 0
      : mention.position === 0 ? params.title - 1
      : mention.position <= params.leadSentences ? params.lead - 1 : 0;
    let kind: 'report' | 'lookBack' | 'preview' = 'report';
    let lookBackBonus = 0;
    let base = 1;
    if (lag < 0) {
      kind = 'preview';
      base = params.preview;
    } else if (lag > params.reportDays) {
      kind = 'lookBack';
      lookBackBonus = params.lookBack * Math.log2(Math.min(lag, params.lookBackCap) / Math.max(1, params.reportDays));
    }
    const weight = base * (1 + positionBonus) + lookBackBonus;
    const previous = tally.articles.get(mention.articleId);
    if (!previous || previous.weight < weight) {
      tally.articles.set(mention.articleId, { weight, kind, lookBackBonus, positionBonus: base * positionBonus, outlet: mention.outlet });
    }
    const event = tally.events.get(mention.eventId) ?? { mentions: 0, bestPosition: Number.POSITIVE_INFINITY };
    event.mentions++;
    event.bestPosition = Math.min(event.bestPosition, mention.position ?? Number.POSITIVE_INFINITY);
    tally.events.set(mention.eventId, event);
  }

  const ranked: RankedDate[] = [];
  for (const tally of tallies.values()) {
    let reports = 0;
    let previews = 0;
    let lookBacks = 0;
    let lookBackPoints = 0;
    let positionPoints = 0;
    const outlets = new Set<string>();
    for (const article of tally.articles.values()) {
      if (article.kind === 'report') reports++;
      else if (article.kind === 'preview') previews++;
      else lookBacks++;
      lookBackPoints += article.lookBackBonus;
      positionPoints += article.positionBonus;
      if (article.outlet) outlets.add(article.outlet);
    }
    const contributions: Contribution[] = [
      { feature: 'articles reporting it (published that day or the next)', value: reports, points: reports },
      { feature: 'later articles referring back to it', value: lookBacks, points: lookBacks + lookBackPoints },
      { feature: 'earlier articles announcing it', value: previews, points: previews * params.preview },
      { feature: 'mentions in a title or lead', value: positionPoints, points: positionPoints },
      { feature: 'outlets reporting it', value: outlets.size, points: params.outlets * Math.max(0, outlets.size - 1) },
    ];
    if (tally.precision === 'day') {
      const day = dayNumber(tally.date);
      const same = volume.get(tally.date) ?? 0;
      const next = volume.get(isoOfDay(day + 1)) ?? 0;
      contributions.push(
        { feature: 'articles published that day', value: same, points: params.volumeSameDay * same },
        { feature: 'articles published the next day', value: next, points: params.volumeNextDay * next },
      );
    }
    const score = contributions.reduce((sum, c) => sum + c.points, 0);
    const eventIds = [...tally.events.entries()]
      .sort((a, b) => b[1].mentions - a[1].mentions || a[1].bestPosition - b[1].bestPosition || a[0] - b[0])
      .map(([id]) => id);
    ranked.push({
      date: tally.date,
      precision: tally.precision,
      score,
      contributions,
      event: undefined as unknown as EventRecord,
      eventIds,
      articleIds: [...tally.articles.keys()],
    });
  }
  ranked.sort((a, b) => b.score - a.score || a.date.localeCompare(b.date));
  const limit = options.top ?? ranked.length;
  const chosen: RankedDate[] = [];
  const words = new Map<RankedDate, Set<string>>();
  for (const item of ranked) {
    if (chosen.length >= limit) break;
    item.event = store.events.get(item.eventIds[0]!)!;
    if (params.foldNearbyDays > 0 && item.precision === 'day') {
      const own = contentWords(item.event.summary);
      words.set(item, own);
      const day = dayNumber(item.date);
      const into = chosen.find((c) => c.precision === 'day' && Math.abs(dayNumber(c.date) - day) <= params.foldNearbyDays
        && overlap(own, words.get(c) ?? new Set()).coefficient >= 0.5 && overlap(own, words.get(c) ?? new Set()).shared >= 3);
      if (into) {
        into.eventIds.push(...item.eventIds);
        into.articleIds = [...new Set([...into.articleIds, ...item.articleIds])];
        continue;
      }
    }
    chosen.push(item);
  }
  return chosen;
}

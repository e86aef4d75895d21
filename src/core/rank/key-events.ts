import type { Store, Topic } from '../../store/index.js';
import { formatDate, spanOf, type DaySpan } from '../dates.js';
import { MAX_LISTED_SOURCES } from '../timeline.js';
import type { Reply, ReplyItem, ReplySource } from '../reply.js';
import { rankDates, type Granularity, type RankedDate } from './rank.js';

// The N key events of a topic, as a reply: chosen by importance, shown in date order.


export interface KeyEventsRequest {
  /** Whose look-up it is: the caller's tenant. */
  tenant: string;
  topic: Topic;
  top: number;
  granularity?: Granularity;
  within?: DaySpan;
  /** Add, as the reply's text, why each event ranks where it does. */
  explain?: boolean;
  /** Label of the period, for the title. */
  periodLabel?: string;
}

export interface KeyEvents {
  reply: Reply;
  /** Best first. */
  ranked: RankedDate[];
}

export function keyEvents(store: Store, request: KeyEventsRequest): KeyEvents {
  const ranked = rankDates(store, request.tenant, request.topic.id, { top: request.top, granularity: request.granularity, within: request.within });
  const byDate = [...ranked].sort((a, b) => a.date.localeCompare(b.date));
  const sources = store.events.sources(request.tenant, byDate.flatMap((r) => r.eventIds));
  const items: ReplyItem[] = byDate.map((r) => {
    // One item per date: the best-supported event's summary, every event's sources (one per article).
    const seen = new Set<number>();
    const all: ReplySource[] = [];
    for (const id of r.eventIds) {
      for (const source of sources.get(id) ?? []) {
        if (seen.has(source.articleId)) continue;
        seen.add(source.articleId);
        all.push({ title: source.title, url: source.url, published: source.published.slice(0, 10) });
      }
    }
    // Reports first, oldest first, then previews (published before the date), as every look-up lists them.
    const start = spanOf({ value: r.date, precision: r.precision }).start;
    const preview = (source: ReplySource): boolean => (source.published ?? '') < start;
    all.sort((a, b) => Number(preview(a)) - Number(preview(b)) || (a.published ?? '').localeCompare(b.published ?? ''));
    const item: ReplyItem = { date: r.date, precision: r.precision, summary: r.event.summary, sources: all.slice(0, MAX_LISTED_SOURCES) };
    if (all.length > 1) item.note = `${all.length} sources`;
    return item;
  });
  const title = `${request.topic.title}: ${ranked.length === 1 ? 'the key event' : `${ranked.length} key events`}${request.periodLabel ? `, ${request.periodLabel}` : ''}`;
  const reply: Reply = {
    title,
    items,
    total: items.length,
    footer: `top ${ranked.length} by importance${request.granularity === 'day' ? ', day-precise dates only' : ''}, in date order`,
  };
  if (request.explain) reply.text = explainRanking(ranked);
  if (ranked.length === 0) reply.text = 'No dated events to rank in that period.';
  return { reply, ranked };
}

/** One line per event, best first: its importance and what each feature added to it (in logit points). */
export function explainRanking(ranked: RankedDate[]): string {
  return ranked.map((r, index) => {
    const parts = r.contributions
      .filter((c) => Math.abs(c.points) >= 0.05)
      .sort((a, b) => Math.abs(b.points) - Math.abs(a.points))
      .map((c) => `${c.points >= 0 ? '+' : ''}${c.points.toFixed(2)} ${c.feature} (${round(c.value)})`);
    const date = formatDate({ value: r.date, precision: r.precision });
    const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
    // The figures are the best event's; the date's sources, which its item lists, are every event's on the date.
    const others = r.eventIds.length > 1 ? ` for its best event, of ${r.eventIds.length} on the date` : '';
    const evidence = `${plural(r.articles, 'article')}, ${plural(r.outlets, 'outlet')}, ${plural(r.publicationDays, 'publication day')}${others}`;
    const offSubject = r.subjectFactor < 1 ? `; ×${r.subjectFactor.toFixed(2)} for sentences off the topic's subject` : '';
    return `#${index + 1} ${date}: importance ${r.score.toFixed(2)} (${evidence}) = ${parts.join(', ') || 'nothing stands out'}${offSubject}`;
  }).join('\n');
}

const round = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2));

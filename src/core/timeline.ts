import type { Store, EventRecord, Topic } from '../store/index.js';
import { ftsQuery } from '../store/index.js';
import type { Period } from './query.js';
import type { Reply, ReplyItem } from './reply.js';

// Reading the timeline: the look-ups behind topic commands, /dateline timeline and the CLI.

/** Sources listed under one event; the rest are counted in its note ("12 sources"). */
export const MAX_LISTED_SOURCES = 5;

/** Events with their sources (the earliest MAX_LISTED_SOURCES, and how many in all), as reply items. */
export function toReplyItems(store: Store, tenant: string, events: EventRecord[]): ReplyItem[] {
  const sources = store.events.sources(tenant, events.map((event) => event.id));
  return events.map((event) => {
    const all = sources.get(event.id) ?? [];
    const item: ReplyItem = {
      date: event.date,
      precision: event.precision,
      summary: event.summary,
      sources: all.slice(0, MAX_LISTED_SOURCES).map((source) => ({
        title: source.title,
        url: source.url,
        published: source.published.slice(0, 10),
      })),
    };
    if (all.length > MAX_LISTED_SOURCES) item.note = `${all.length} sources`;
    return item;
  });
}

export interface PageRequest {
  page: number;
  pageSize: number;
  /** The command text, so a platform can ask for another page. */
  command: string;
}

export interface SearchRequest {
  /** Whose look-up it is: the caller's tenant, which sees its own topics and the operator's. */
  tenant: string;
  topic: Topic;
  period?: Period;
  keywords: string[];
  /** Newest first, from the topic's newest report back (EventQuery.newestFirst). */
  newestFirst?: boolean;
  /** Page by importance (each page shown in date order) instead of listing everything in date order. */
  byImportance?: boolean;
}

export interface SearchResult {
  items: ReplyItem[];
  total: number;
  pages: number;
  page: number;
  /** Pages hold the most important events first. */
  byImportance?: boolean;
  /** Events on this page and the ones before it. */
  shownThrough?: number;
}

/** A page of the topic's events in a period and/or matching keywords. */
export function searchEvents(store: Store, request: SearchRequest, paging: PageRequest): SearchResult | { unsearchable: true } {
  const match = request.keywords.length > 0 ? ftsQuery(request.keywords) : undefined;
  if (match === null) return { unsearchable: true };
  const first = fetchPage(store, request, match, paging.page, paging.pageSize);
  const pages = Math.max(1, Math.ceil(first.total / paging.pageSize));
  // A page past the end (an old button, a shrunk result) shows the last page instead of nothing.
  const result = paging.page > pages ? fetchPage(store, request, match, pages, paging.pageSize) : first;
  // A page of the most important events still reads in date order.
  const events = request.byImportance ? [...result.events].sort(byDate) : result.events;
  const page = Math.min(paging.page, pages);
  return {
    items: toReplyItems(store, request.tenant, events), total: result.total, pages, page,
    byImportance: request.byImportance, shownThrough: (page - 1) * paging.pageSize + events.length,
  };
}

function fetchPage(store: Store, request: SearchRequest, match: string | undefined, page: number, pageSize: number) {
  return store.events.page(request.tenant, {
    topicId: request.topic.id,
    within: request.period?.span,
    match,
    newestFirst: request.newestFirst,
    byImportance: request.byImportance,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
}

const byDate = (a: EventRecord, b: EventRecord): number =>
  a.date.slice(0, 10).localeCompare(b.date.slice(0, 10)) || b.precision.length - a.precision.length || a.id - b.id;

/** Month-days that count as "today" ('YYYY-MM-DD'): on 28 February of a common year, 29 February's anniversaries too. */
export function anniversaryDays(today: string): string[] {
  const year = Number(today.slice(0, 4));
  const leap = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;
  const day = today.slice(5);
  return day === '02-28' && !leap ? ['02-28', '02-29'] : [day];
}

/** Most anniversaries one "on this day" answer or post lists: the most important, shown oldest first. */
export const ON_THIS_DAY_MAX = 10;

/**
 * Day-precision events on this month and day ('YYYY-MM-DD', local) in past years: the most important
 * ON_THIS_DAY_MAX, oldest first, each with "N years ago".
 */
export function onThisDay(store: Store, tenant: string, topic: Topic, today: string): ReplyItem[] {
  const events = anniversaryDays(today)
    .flatMap((monthDay) => store.events.page(tenant, { topicId: topic.id, monthDay, before: today, byImportance: true, limit: ON_THIS_DAY_MAX }).events)
    .sort((a, b) => b.importance - a.importance)
    .slice(0, ON_THIS_DAY_MAX);
  events.sort((a, b) => a.date.localeCompare(b.date));
  const thisYear = Number(today.slice(0, 4));
  return toReplyItems(store, tenant, events).map((item) => {
    const years = thisYear - Number(item.date.slice(0, 4));
    return { ...item, note: years === 1 ? '1 year ago' : `${years} years ago` };
  });
}

export function countLabel(total: number, noun = 'event', plural = `${noun}s`): string {
  return `${total} ${total === 1 ? noun : plural}`;
}

/** A reply listing a page of events, with paging details when there are more. */
export function pagedReply(title: string, result: SearchResult, command: string): Reply {
  const reply: Reply = { title, items: result.items, total: result.total, footer: countLabel(result.total) };
  if (result.pages > 1) {
    reply.page = { number: result.page, count: result.pages, command };
    if (result.byImportance) {
      const more = Math.max(0, result.total - (result.shownThrough ?? result.total));
      const which = result.page === 1 ? `the ${result.items.length} most important` : `the next ${result.items.length} by importance`;
      reply.footer = `${countLabel(result.total)}: ${which}, in date order · ${more > 0 ? `${more} more` : 'no more'} · page ${result.page} of ${result.pages}`;
    } else {
      reply.footer = `${countLabel(result.total)} · page ${result.page} of ${result.pages}`;
    }
  }
  return reply;
}

import type { Store, EventRecord, Topic } from '../store/index.js';
import { ftsQuery } from '../store/index.js';
import type { Period } from './query.js';
import type { Reply, ReplyItem } from './reply.js';

// Reading the timeline: the look-ups behind topic commands, /dateline timeline and the CLI.

/** Events with their sources, as reply items. */
export function toReplyItems(store: Store, events: EventRecord[]): ReplyItem[] {
  const sources = store.events.sources(events.map((event) => event.id));
  return events.map((event) => ({
    date: event.date,
    precision: event.precision,
    summary: event.summary,
    sources: (sources.get(event.id) ?? []).map((source) => ({
      title: source.title,
      url: source.url,
      published: source.published.slice(0, 10),
    })),
  }));
}

export interface PageRequest {
  page: number;
  pageSize: number;
  /** The command text, so a platform can ask for another page. */
  command: string;
}

export interface SearchRequest {
  topic: Topic;
  period?: Period;
  keywords: string[];
  newestFirst?: boolean;
}

/** A page of the topic's events in a period and/or matching keywords. */
export function searchEvents(store: Store, request: SearchRequest, paging: PageRequest): { items: ReplyItem[]; total: number; pages: number; page: number } | { unsearchable: true } {
  const match = request.keywords.length > 0 ? ftsQuery(request.keywords) : undefined;
  if (match === null) return { unsearchable: true };
  const first = fetchPage(store, request, match, paging.page, paging.pageSize);
  const pages = Math.max(1, Math.ceil(first.total / paging.pageSize));
  // A page past the end (an old button, a shrunk result) shows the last page instead of nothing.
  const result = paging.page > pages ? fetchPage(store, request, match, pages, paging.pageSize) : first;
  return { items: toReplyItems(store, result.events), total: result.total, pages, page: Math.min(paging.page, pages) };
}

function fetchPage(store: Store, request: SearchRequest, match: string | undefined, page: number, pageSize: number) {
  return store.events.page({
    topicId: request.topic.id,
    within: request.period?.span,
    match,
    newestFirst: request.newestFirst,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
}

/** Month-days that count as "today" ('YYYY-MM-DD'): on 28 February of a common year, 29 February's anniversaries too. */
export function anniversaryDays(today: string): string[] {
  const year = Number(today.slice(0, 4));
  const leap = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;
  const day = today.slice(5);
  return day === '02-28' && !leap ? ['02-28', '02-29'] : [day];
}

/** Day-precision events on this month and day ('YYYY-MM-DD', local) in past years, oldest first, each with "N years ago". */
export function onThisDay(store: Store, topic: Topic, today: string): ReplyItem[] {
  const events = anniversaryDays(today).flatMap(
    (monthDay) => store.events.page({ topicId: topic.id, monthDay, before: today, limit: -1 }).events,
  );
  events.sort((a, b) => a.date.localeCompare(b.date));
  const thisYear = Number(today.slice(0, 4));
  return toReplyItems(store, events).map((item) => {
    const years = thisYear - Number(item.date.slice(0, 4));
    return { ...item, note: years === 1 ? '1 year ago' : `${years} years ago` };
  });
}

export function countLabel(total: number, noun = 'event', plural = `${noun}s`): string {
  return `${total} ${total === 1 ? noun : plural}`;
}

/** A reply listing a page of events, with paging details when there are more. */
export function pagedReply(title: string, result: { items: ReplyItem[]; total: number; pages: number; page: number }, command: string): Reply {
  const reply: Reply = { title, items: result.items, total: result.total, footer: countLabel(result.total) };
  if (result.pages > 1) {
    reply.page = { number: result.page, count: result.pages, command };
    reply.footer = `${countLabel(result.total)} · page ${result.page} of ${result.pages}`;
  }
  return reply;
}

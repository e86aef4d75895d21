import type { Store, Topic, CalendarUnit } from '../store/index.js';
import { formatDate, isoDay, makeDate, parsePartialDate, spanOf, type PartialDate } from '../core/dates.js';
import { parseTopicQuery, type Period } from '../core/query.js';
import type { ReplyItem } from '../core/reply.js';
import { onThisDay, searchEvents } from '../core/timeline.js';
import { periodSegment, timelinePath } from '../core/web-link.js';

// What one timeline page shows, read through the same query core as chat; html.ts turns it into markup.

/** Events on one page of the web timeline. */
export const WEB_PAGE_SIZE = 25;
/** An event reported by this many sources or more is marked as a key event. */
export const KEY_EVENT_SOURCES = 3;

export type Zoom = 'all' | CalendarUnit | 'range';

export interface WebItem extends ReplyItem {
  key: boolean;
}

export interface NavLink {
  path: string;
  label: string;
}

export interface ZoomEntry extends NavLink {
  events: number;
}

export interface TimelineView {
  topic: Topic;
  zoom: Zoom;
  /** The period's path segment (2012, 2015-08) and how to read it; none for the whole timeline. */
  period?: Period & { segment: string };
  /** The search box's text: the keywords searched for. */
  query: string;
  keywords: string[];
  /** 'latest' lists newest first; 'today' lists this day in past years. */
  order: 'date' | 'latest' | 'today';
  items: WebItem[];
  total: number;
  page: number;
  pages: number;
  /** Finer periods to zoom into, with their event counts. */
  zoomIn?: { heading: string; entries: ZoomEntry[] };
  zoomOut?: NavLink;
  previousPeriod?: NavLink;
  nextPeriod?: NavLink;
  previousPage?: NavLink;
  nextPage?: NavLink;
  /** Why nothing is listed, or what was wrong with the search. */
  message?: string;
}

export type ViewResult =
  | { view: TimelineView; status: 200 | 400 }
  | { redirect: string }
  | { notFound: true };

export interface ViewRequest {
  topic: Topic;
  /** The period path segment as requested, undefined for the whole timeline. */
  segment?: string;
  q?: string;
  page?: string;
  now: Date;
}

const SEGMENT = /^\d{4}(-\d{1,2}(-\d{1,2})?)?(\.\.\d{4}(-\d{1,2}(-\d{1,2})?)?)?$/;

/** Reads the request into a page, or a redirect to the canonical address of what was asked. */
export function timelineView(store: Store, request: ViewRequest): ViewResult {
  const { topic } = request;
  let period: TimelineView['period'];
  if (request.segment !== undefined) {
    if (!SEGMENT.test(request.segment)) return { notFound: true };
    const parsed = parseTopicQuery(request.segment);
    if (!parsed.ok) return problem(store, topic, undefined, request.q ?? '', parsed.message);
    if (parsed.query.kind !== 'search' || !parsed.query.period) return { notFound: true };
    period = { ...parsed.query.period, segment: periodSegment(parsed.query.period.span) };
    if (period.segment !== request.segment) return { redirect: withQuery(`/t/${topic.name}/${period.segment}`, request) };
  }
  const pageNumber = request.page === undefined ? 1 : Number(request.page);
  if (!Number.isInteger(pageNumber) || pageNumber < 1) return { redirect: timelinePath(topic.name, { span: period?.span, keywords: words(request.q) }) };

  const q = (request.q ?? '').trim();
  let keywords: string[] = [];
  let order: TimelineView['order'] = 'date';
  if (q !== '') {
    const parsed = parseTopicQuery(q);
    if (!parsed.ok) return problem(store, topic, period, q, parsed.message);
    const query = parsed.query;
    if (query.kind === 'help') return problem(store, topic, period, q, SEARCH_HELP);
    if (query.kind === 'today') order = 'today';
    if (query.kind === 'latest') {
      order = 'latest';
      keywords = query.keywords;
    }
    if (query.kind === 'search') {
      // A period typed in the search box moves to that period's page, keeping the words.
      if (query.period) return { redirect: timelinePath(topic.name, { span: query.period.span, keywords: query.keywords }) };
      keywords = query.keywords;
    }
  }
  const view = baseView(store, topic, period, order === 'latest' ? q : keywords.join(' '));
  view.keywords = keywords;
  view.order = order;
  if (order === 'today') {
    const items = onThisDay(store, topic.tenant, topic, isoDay(request.now));
    view.query = q;
    view.items = items.map(markKey);
    view.total = items.length;
    if (items.length === 0) view.message = 'Nothing in this timeline happened on this day in past years.';
    return { view, status: 200 };
  }
  const result = searchEvents(store, { tenant: topic.tenant, topic, period, keywords, newestFirst: order === 'latest' }, { page: pageNumber, pageSize: WEB_PAGE_SIZE, command: '' });
  if ('unsearchable' in result) return problem(store, topic, period, q, `"${q.slice(0, 80)}" has no letters or digits to search for. Try a word such as embassy, or a year.`);
  view.items = result.items.map(markKey);
  view.total = result.total;
  view.page = result.page;
  view.pages = result.pages;
  const pagePath = (page: number) => timelinePath(topic.name, { span: period?.span, keywords: order === 'latest' ? ['latest', ...keywords] : keywords, page });
  if (result.page > 1) view.previousPage = { path: pagePath(result.page - 1), label: 'Previous page' };
  if (result.page < result.pages) view.nextPage = { path: pagePath(result.page + 1), label: 'Next page' };
  if (result.total === 0) view.message = keywords.length > 0 ? 'No events match those words here.' : 'No events in this period.';
  return { view, status: 200 };
}

const SEARCH_HELP = 'Search with words (embassy), a period (2012, 2015-08, 2015-08-13, 2012..2015), both (sweden 2015), latest, or today.';

function words(q: string | undefined): string[] {
  return (q ?? '').split(/\s+/).filter(Boolean);
}

function withQuery(path: string, request: ViewRequest): string {
  const params = new URLSearchParams();
  if (request.q) params.set('q', request.q);
  if (request.page) params.set('page', request.page);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

function markKey(item: ReplyItem): WebItem {
  return { ...item, key: item.sources.length >= KEY_EVENT_SOURCES };
}

function problem(store: Store, topic: Topic, period: TimelineView['period'], q: string, message: string): ViewResult {
  const view = baseView(store, topic, period, q);
  view.message = message;
  return { view, status: 400 };
}

/** The page around the events: zoom levels, neighbouring periods; no events yet. */
function baseView(store: Store, topic: Topic, period: TimelineView['period'], query: string): TimelineView {
  const zoom = zoomOf(period);
  const view: TimelineView = { topic, zoom, period, query, keywords: [], order: 'date', items: [], total: 0, page: 1, pages: 1 };
  const path = (date?: PartialDate) => timelinePath(topic.name, { span: date && spanOf(date) });
  if (zoom === 'all') {
    view.zoomIn = { heading: 'Years', entries: entries(store, topic, 'year', undefined) };
    return view;
  }
  const segment = period!.segment;
  if (zoom === 'range') {
    const sameYear = period!.span.start.slice(0, 4) === period!.span.end.slice(0, 4);
    view.zoomIn = { heading: sameYear ? 'Months' : 'Years', entries: entries(store, topic, sameYear ? 'month' : 'year', period) };
    view.zoomOut = { path: path(), label: 'all years' };
    return view;
  }
  const date = parsePartialDate(segment)!;
  const [year, month, day] = segment.split('-').map(Number) as [number, number?, number?];
  if (zoom === 'year') {
    view.zoomIn = { heading: `Months of ${year}`, entries: entries(store, topic, 'month', period) };
    view.zoomOut = { path: path(), label: 'all years' };
  } else if (zoom === 'month') {
    view.zoomIn = { heading: `Days of ${formatDate(date)}`, entries: entries(store, topic, 'day', period) };
    view.zoomOut = { path: path(makeDate(year)), label: String(year) };
  } else {
    view.zoomOut = { path: path(makeDate(year, month)), label: formatDate(makeDate(year, month)) };
  }
  const neighbour = (offset: number): PartialDate | undefined => {
    const moved = zoom === 'year' ? makeDate(year + offset)
      : zoom === 'month' ? fromUtc(new Date(Date.UTC(year, month! - 1 + offset, 1)), 'month')
        : fromUtc(new Date(Date.UTC(year, month! - 1, day! + offset)), 'day');
    const movedYear = Number(moved.value.slice(0, 4));
    return movedYear >= 1000 && movedYear <= 2999 ? moved : undefined;
  };
  const before = neighbour(-1);
  const after = neighbour(1);
  if (before) view.previousPeriod = { path: path(before), label: formatDate(before) };
  if (after) view.nextPeriod = { path: path(after), label: formatDate(after) };
  return view;
}

function fromUtc(instant: Date, precision: 'month' | 'day'): PartialDate {
  return precision === 'month'
    ? makeDate(instant.getUTCFullYear(), instant.getUTCMonth() + 1)
    : makeDate(instant.getUTCFullYear(), instant.getUTCMonth() + 1, instant.getUTCDate());
}

function zoomOf(period: TimelineView['period']): Zoom {
  if (!period) return 'all';
  const date = parsePartialDate(period.segment);
  return date ? date.precision : 'range';
}

function entries(store: Store, topic: Topic, unit: CalendarUnit, period: Period | undefined): ZoomEntry[] {
  return store.calendar.countsBy(topic.tenant, topic.id, unit, period?.span).map((count) => {
    const date = parsePartialDate(count.period)!;
    const label = unit === 'year' || period === undefined ? formatDate(date) : formatDate(date).replace(/ \d{4}$/, '');
    return { path: timelinePath(topic.name, { span: spanOf(date) }), label, events: count.events };
  });
}

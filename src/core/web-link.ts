import { OPERATOR, type Topic } from '../store/index.js';
import type { DaySpan } from './dates.js';
import type { Reply } from './reply.js';

// Addresses of the web timeline (`dateline web`): one shape, used by the web server and by chat replies' links.

/** The shortest period path that names a span: 2012, 2015-08, 2015-08-13, or from..to in those forms. */
export function periodSegment(span: DaySpan): string {
  const startYear = span.start.slice(0, 4);
  const endYear = span.end.slice(0, 4);
  const wholeYears = span.start.endsWith('-01-01') && span.end.endsWith('-12-31');
  if (wholeYears) return startYear === endYear ? startYear : `${startYear}..${endYear}`;
  const wholeMonths = span.start.endsWith('-01') && isMonthEnd(span.end);
  if (wholeMonths) {
    const from = span.start.slice(0, 7);
    const to = span.end.slice(0, 7);
    return from === to ? from : `${from}..${to}`;
  }
  return span.start === span.end ? span.start : `${span.start}..${span.end}`;
}

function isMonthEnd(day: string): boolean {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate() === d;
}

/** The path of a topic's timeline page: /t/assange, /t/assange/2012, /t/assange/2015-08?q=sweden. */
export function timelinePath(topic: string, options: { span?: DaySpan; keywords?: string[]; page?: number } = {}): string {
  let path = `/t/${encodeURIComponent(topic)}`;
  if (options.span) path += `/${periodSegment(options.span)}`;
  const params = new URLSearchParams();
  if (options.keywords && options.keywords.length > 0) params.set('q', options.keywords.join(' '));
  if (options.page && options.page > 1) params.set('page', String(options.page));
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/**
 * How a topic is named in web addresses: the operator's (shared) topics by name; a tenant's own only while published,
 * by name and token (`acme~<token>`); a private one not at all (undefined).
 */
export function webName(topic: Topic): string | undefined {
  if (topic.tenant === OPERATOR) return topic.name;
  return topic.publishToken ? `${topic.name}~${topic.publishToken}` : undefined;
}

/** Adds "open the full timeline" to a reply when a public base URL is configured and the topic is on the web. */
export function withTimelineLink(reply: Reply, publicUrl: string | undefined, topic: string | undefined, options: { span?: DaySpan; keywords?: string[] } = {}): Reply {
  if (!publicUrl || reply.error || topic === undefined) return reply;
  const url = new URL(timelinePath(topic, options).slice(1), publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`);
  return { ...reply, link: { label: 'Open the full timeline', url: url.href } };
}

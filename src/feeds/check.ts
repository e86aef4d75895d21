// Is this URL a feed? One fetch and parse, answered in words a chat user can act on: the feed's title and
// item count, or exactly why not. An HTML page that advertises feeds is answered with their URLs.
import { fetchFeed, userAgent, type FetchErrorReason } from './fetch.js';
import { discoverFeedLinks, parseFeed, type ParsedFeed } from './parse.js';
import { decodeBody } from './decode.js';

export interface CheckSettings {
  allowHosts: string[];
  contact?: string;
  timeoutMs?: number;
}

export type FeedCheck =
  | { ok: true; feed: ParsedFeed }
  | { ok: false; reason: FetchErrorReason | 'not-a-feed'; message: string; /** Feeds an HTML page links to. */ alternatives: string[] };

const WHY: Readonly<Record<FetchErrorReason, string>> = {
  'not-found': 'Not found',
  'http-error': 'The server refused',
  'too-large': 'Too large',
  'blocked-address': 'Blocked address',
  timeout: 'Timed out',
  'too-many-redirects': 'Too many redirects',
  network: 'Could not connect',
  'bad-url': 'Not a web address',
};

export async function checkFeed(url: string, settings: CheckSettings): Promise<FeedCheck> {
  const fetched = await fetchFeed(url, { allowHosts: settings.allowHosts, userAgent: userAgent(settings.contact), timeoutMs: settings.timeoutMs });
  if (fetched.kind === 'error') {
    const hint = fetched.reason === 'blocked-address' ? ' Dateline does not fetch from private or internal networks.' : '';
    return { ok: false, reason: fetched.reason, message: `${WHY[fetched.reason]}: ${fetched.message}${hint}`, alternatives: [] };
  }
  // A fresh fetch sends no validators, so there is no 304 here; treat one as a server quirk.
  if (fetched.kind === 'not-modified') return { ok: false, reason: 'http-error', message: `${WHY['http-error']}: ${url} answered 304 to a plain GET.`, alternatives: [] };
  const parsed = await parseFeed(fetched.body, { contentType: fetched.contentType, url: fetched.finalUrl });
  if (parsed.kind === 'feed') return { ok: true, feed: parsed };
  const alternatives = discoverFeedLinks(decodeBody(fetched.body, fetched.contentType), fetched.finalUrl);
  const message = alternatives.length > 0
    ? `Not a feed: ${url} is a web page. It links to ${alternatives.length === 1 ? 'this feed' : 'these feeds'}: ${alternatives.join(' , ')}`
    : `Not a feed: ${parsed.message}`;
  return { ok: false, reason: 'not-a-feed', message, alternatives };
}

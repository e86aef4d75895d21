// Feed documents → ParsedFeed, never throwing. XML goes through rss-parser (a fresh instance per
// attempt: a reused instance can accept garbage after an error); a document it rejects is repaired
// (entities, truncation, structure quirks; see repair.ts) and tried once more.
import Parser from 'rss-parser';
import { decodeBody } from './decode.js';
import { parseFeedDate } from './date.js';
import { parseJsonFeed } from './jsonfeed.js';
import { repairXml, rootElement, tidyXml } from './repair.js';
import type { FeedFormat, FeedItem, ParseFailure, ParsedFeed } from './types.js';

export type { FeedFormat, FeedItem, ParseFailure, ParsedFeed } from './types.js';
export { discoverFeedLinks } from './discover.js';

export interface ParseOptions {
  contentType?: string;
  /** The feed's own URL: the base for relative item links. */
  url?: string;
  /** Larger documents are refused: parsing is synchronous, ~50 ms per MB, and blocks the event loop. */
  maxBytes?: number;
  /** A parse that has not settled by then is reported as invalid. */
  timeoutMs?: number;
}

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 10_000;

const ROOT_FORMATS: Readonly<Record<string, FeedFormat>> = { rss: 'rss', feed: 'atom', 'rdf:RDF': 'rdf' };

type RawItem = Record<string, unknown>;
type RawFeed = Record<string, unknown> & { items: RawItem[] };

/** Text of an xml2js value: a string, a `{_: text}` node, the first of an array, or the text of its children. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return text(value[0]);
  if (value && typeof value === 'object') {
    // Mixed content (`Example <b>Atom</b>`): xml2js keeps the text in `_` and the elements beside it.
    const parts = Object.entries(value).filter(([key]) => key !== '$').map(([, child]) => text(child) ?? '');
    return parts.length > 0 ? parts.join(' ') : undefined;
  }
  return undefined;
}

const nonEmpty = (value: unknown): string | undefined => text(value)?.trim() || undefined;

/** Resolves a relative link; an absolute one is kept as written (canonicalisation is normalize.ts's job). */
function absolute(link: string | undefined, base: string | undefined): string | undefined {
  if (!link || /^[a-z][a-z0-9+.-]*:/i.test(link)) return link;
  try {
    return new URL(link, base).href;
  } catch {
    return link;
  }
}

const looksLikeUrl = (value: string | undefined) => value !== undefined && /^https?:\/\//i.test(value);

function toItem(raw: RawItem, format: FeedFormat, base: string | undefined): FeedItem {
  const guid = nonEmpty(raw.guid) ?? nonEmpty(raw.id) ?? nonEmpty(raw['rdf:about']);
  const isAtom = format === 'atom';
  return {
    guid,
    title: nonEmpty(raw.title) ?? nonEmpty(raw['media:title']) ?? '',
    // RSS readers use a permalink guid when there is no <link>.
    link: absolute(nonEmpty(raw.link) ?? (looksLikeUrl(guid) ? guid : undefined), base),
    published: nonEmpty(raw.isoDate) ?? parseFeedDate(nonEmpty(raw.pubDate) ?? nonEmpty(raw.date)),
    // rss-parser puts an RSS <description> in `content` and an Atom <summary> in `summary`.
    summaryHtml: isAtom ? nonEmpty(raw.summary) : nonEmpty(raw.content),
    contentHtml: isAtom ? nonEmpty(raw.content) : nonEmpty(raw['content:encoded']),
    author: nonEmpty(raw.creator) ?? nonEmpty(raw.author) ?? nonEmpty((raw.itunes as RawItem | undefined)?.author),
  };
}

function toFeed(raw: RawFeed, format: FeedFormat, url: string | undefined): ParsedFeed {
  const link = absolute(nonEmpty(raw.link), url);
  const base = url ?? link;
  return { kind: 'feed', format, title: nonEmpty(raw.title) ?? '', link, items: raw.items.map((item) => toItem(item, format, base)) };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`parsing did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function rssParser(xml: string, timeoutMs: number): Promise<{ feed: RawFeed } | { error: string }> {
  try {
    const feed = await withTimeout(new Parser({ defaultRSS: 2, customFields: { item: ['media:title'] } }).parseString(xml), timeoutMs);
    return { feed: feed as unknown as RawFeed };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

const RSS10_NS = 'http://purl.org/rss/1.0/';

/**
 * rss-parser reads RSS 1.0 only with unprefixed elements and a <channel> (without one it throws "Cannot read
 * properties of undefined"). Elements under a prefix bound to the RSS 1.0 namespace are unprefixed, and an RDF
 * document with no channel at all (a valid, empty feed) gets an empty one.
 */
function rdfWithChannel(document: string): string {
  let xml = document;
  const prefix = new RegExp(`xmlns:([\\w.-]+)\\s*=\\s*["']${RSS10_NS.replace(/[./]/g, '\\$&')}["']`).exec(xml)?.[1];
  if (prefix && prefix !== 'rdf') xml = xml.replace(new RegExp(`<(/?)${prefix}:`, 'g'), '<$1');
  if (/<channel[\s>/]/.test(xml)) return xml;
  return xml.replace(/<rdf:RDF\b[^>]*>/, (open) => `${open}<channel></channel>`);
}

export async function parseFeed(body: Buffer | string, opts: ParseOptions = {}): Promise<ParsedFeed | ParseFailure> {
  const { contentType, url, maxBytes = DEFAULT_MAX_BYTES, timeoutMs = DEFAULT_TIMEOUT_MS } = opts;
  try {
    const size = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    if (size > maxBytes) return { kind: 'invalid', message: `Document is ${size} bytes, over the ${maxBytes}-byte limit.` };
    const decoded = decodeBody(body, contentType).trimStart();
    if (decoded === '') return { kind: 'invalid', message: 'Empty document.' };
    if (/^[[{]/.test(decoded)) return parseJsonFeed(decoded);
    const document = tidyXml(decoded);

    const root = rootElement(document);
    if (!root) return { kind: 'not-a-feed', message: 'Not XML: no root element found.' };
    if (root.toLowerCase() === 'html') return { kind: 'not-a-feed', message: 'This is an HTML page, not a feed; look for <link rel="alternate"> feed links in it.' };
    const format = ROOT_FORMATS[root];
    if (!format) return { kind: 'not-a-feed', message: `XML root element <${root}> is not rss, feed (Atom) or rdf:RDF.` };

    const first = await rssParser(format === 'rdf' ? rdfWithChannel(document) : document, timeoutMs);
    if ('feed' in first) return toFeed(first.feed, format, url);
    const second = await rssParser(tidyXml(repairXml(decoded)), timeoutMs);
    if ('feed' in second) return toFeed(second.feed, format, url);
    return { kind: 'invalid', message: `Malformed ${format} feed: ${first.error.split('\n')[0]}` };
  } catch (error) {
    return { kind: 'invalid', message: `Could not parse feed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

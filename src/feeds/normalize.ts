// Feed items → the fields the store keeps: a canonical URL, plain text, a date, and a dedupe key.
import { createHash } from 'node:crypto';
import { Parser } from 'htmlparser2';
import { repairMojibake } from '../core/extract/mojibake.js';
import type { FeedItem } from './types.js';

export interface NormalizedItem {
  /** guid, else canonical URL, else a hash of the normalized title and text. */
  key: string;
  url?: string;
  title: string;
  text: string;
  /** ISO instant: the item's own date, or when we first saw it. */
  published: string;
  publishedIsFirstSeen: boolean;
  outlet?: string;
}

/** Query parameters that track the reader rather than name the page. */
const TRACKING_PARAMS: ReadonlyArray<RegExp> = [
  /^utm_/i, /^fbclid$/i, /^gclid$/i, /^mc_cid$/i, /^mc_eid$/i, /^ref$/i, /^ref_src$/i, /^_ga$/i, /^igshid$/i,
];

/** One URL per page: no tracking parameters or fragment, lowercase scheme and host, default port dropped, sorted query. */
export function canonicalUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  const kept = [...url.searchParams].filter(([name]) => !TRACKING_PARAMS.some((pattern) => pattern.test(name)));
  kept.sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1));
  url.search = new URLSearchParams(kept).toString();
  // URL already lowercases scheme and host and drops default ports.
  return url.href;
}

/** Elements whose content is never reader-visible text. */
const HIDDEN = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'svg', 'head']);
/** Elements that end a line of text or a cell, so the words either side of them stay apart. */
const BLOCKS = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'td', 'th', 'table', 'caption',
  'blockquote', 'pre', 'section', 'article', 'header', 'footer', 'main', 'nav', 'aside', 'address', 'figure',
  'figcaption', 'hr', 'dl', 'dt', 'dd', 'details', 'summary',
]);

/**
 * Plain text from an HTML fragment: hidden elements dropped, blocks separated, entities decoded,
 * whitespace collapsed. Entities are decoded as browsers decode text (`&amp` and `&copy` without a
 * semicolon too), since that is what a reader sees where a feed reader renders the item.
 */
export function htmlToText(html: string): string {
  const parts: string[] = [];
  appendText(html, parts);
  return parts.join('').replace(/[\s\u00a0]+/g, ' ').trim();
}

/** The reader-visible text of `html`, in pieces, with a space for each block boundary. */
function appendText(html: string, parts: string[]): void {
  let hiddenDepth = 0;
  let inCdata = false;
  const parser = new Parser(
    {
      ontext(text) {
        if (hiddenDepth > 0) return;
        // A CDATA section is read as HTML again: feeds wrap their HTML in one inside already-escaped content.
        if (inCdata) appendText(text, parts);
        else parts.push(text);
      },
      // Every name opened is closed again (implied closes, and a tag cut off at the end, included),
      // so the depth always returns to 0.
      onopentagname(name) {
        if (HIDDEN.has(name)) hiddenDepth++;
        else if (BLOCKS.has(name)) parts.push(' ');
      },
      onclosetag(name) {
        if (HIDDEN.has(name)) hiddenDepth--;
        else if (BLOCKS.has(name)) parts.push(' ');
      },
      oncdatastart() {
        inCdata = true;
      },
      oncdataend() {
        inCdata = false;
      },
    },
    // Feed HTML is often XHTML: `<iframe …/>` must close there, not hide the rest of the item.
    { decodeEntities: true, recognizeCDATA: true, recognizeSelfClosing: true },
  );
  parser.end(html);
}

/** Title-less items (RSS allows them; Mastodon emits them) are titled, as readers do, by the start of their text. */
function headline(text: string, maxLength = 120): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), maxLength / 2)).trimEnd()}…`;
}

function contentHash(title: string, text: string): string {
  const normalized = `${title}\n${text}`.toLowerCase().replace(/\s+/g, ' ').trim();
  return `sha256:${createHash('sha256').update(normalized).digest('hex')}`;
}

export interface NormalizeContext {
  /** When the poller first saw the item; used when the item carries no usable date. */
  firstSeen: Date;
  outlet?: string;
}

export function normalizeItem(item: FeedItem, context: NormalizeContext): NormalizedItem {
  const url = item.link ? canonicalUrl(item.link) : undefined;
  const rawText = htmlToText(item.contentHtml ?? item.summaryHtml ?? '');
  const rawTitle = htmlToText(item.title) || headline(rawText);
  const guid = item.guid?.trim();
  const published = item.published && !Number.isNaN(Date.parse(item.published)) ? new Date(item.published).toISOString() : undefined;
  return {
    // The key reads the text as it came, so an item keeps the key it was first stored under.
    key: guid ? `guid:${guid}` : url ? `url:${url}` : contentHash(rawTitle, rawText),
    url,
    title: repairMojibake(rawTitle),
    text: repairMojibake(rawText),
    published: published ?? context.firstSeen.toISOString(),
    publishedIsFirstSeen: published === undefined,
    outlet: context.outlet,
  };
}

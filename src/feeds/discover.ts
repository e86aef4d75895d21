// Feed autodiscovery: the <link rel="alternate" type="…"> elements of an HTML page.
import { Parser } from 'htmlparser2';

const FEED_TYPES = new Set(['application/rss+xml', 'application/atom+xml', 'application/feed+json', 'application/json']);

function resolve(href: string, base: string): string | undefined {
  try {
    return new URL(href.trim(), base).href;
  } catch {
    return undefined;
  }
}

/** Absolute feed URLs advertised by the page, in document order, without duplicates. */
export function discoverFeedLinks(html: string, baseUrl: string): string[] {
  let baseHref: string | undefined;
  const hrefs: string[] = [];
  // The parser lowercases tag and attribute names and decodes entities in values as browsers do.
  new Parser({
    onopentag(name, attrs) {
      if (name === 'base') baseHref ??= attrs.href;
      if (name !== 'link') return;
      const rel = (attrs.rel ?? '').toLowerCase().split(/\s+/);
      const type = (attrs.type ?? '').toLowerCase().split(';')[0]!.trim();
      if (rel.includes('alternate') && FEED_TYPES.has(type) && attrs.href) hrefs.push(attrs.href);
    },
  }).end(html);
  // A <base> applies to the whole document, links before it included.
  const base = (baseHref !== undefined && resolve(baseHref, baseUrl)) || baseUrl;
  return [...new Set(hrefs.map((href) => resolve(href, base)).filter((url) => url !== undefined))];
}

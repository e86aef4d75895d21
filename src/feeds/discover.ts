// Feed autodiscovery: the <link rel="alternate" type="…"> elements of an HTML page.
import { decodeEntities } from './entities.js';

const FEED_TYPES = new Set(['application/rss+xml', 'application/atom+xml', 'application/feed+json', 'application/json']);

function attributes(tag: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const [, name, dq, sq, bare] of tag.matchAll(/([^\s"'<>\/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
    attrs.set(name!.toLowerCase(), decodeEntities(dq ?? sq ?? bare ?? ''));
  }
  return attrs;
}

function resolve(href: string, base: string): string | undefined {
  try {
    return new URL(href.trim(), base).href;
  } catch {
    return undefined;
  }
}

/** Absolute feed URLs advertised by the page, in document order, without duplicates. */
export function discoverFeedLinks(html: string, baseUrl: string): string[] {
  const baseHref = /<base\b[^>]*>/i.exec(html)?.[0];
  const base = (baseHref && resolve(attributes(baseHref).get('href') ?? '', baseUrl)) || baseUrl;
  const links = new Set<string>();
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const attrs = attributes(tag);
    const rel = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
    const type = (attrs.get('type') ?? '').toLowerCase().split(';')[0]!.trim();
    const href = attrs.get('href');
    if (!rel.includes('alternate') || !FEED_TYPES.has(type) || !href) continue;
    const url = resolve(href, base);
    if (url) links.add(url);
  }
  return [...links];
}

// OPML, the feed-list format readers import and export: <outline type="rss" xmlUrl="…" text="…"/>.
import { decodeEntities } from './entities.js';

export interface OpmlFeed {
  url: string;
  title?: string;
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function toOpml(title: string, feeds: OpmlFeed[]): string {
  const outlines = feeds.map((feed) => {
    const name = escapeXml(feed.title || feed.url);
    return `    <outline type="rss" text="${name}" title="${name}" xmlUrl="${escapeXml(feed.url)}"/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    `  <head><title>${escapeXml(title)}</title></head>`,
    '  <body>',
    ...outlines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}

/** Every outline with an xmlUrl, nested folders included, without duplicates. */
export function parseOpml(xml: string): OpmlFeed[] {
  const feeds = new Map<string, OpmlFeed>();
  for (const [tag] of xml.matchAll(/<outline\b[^>]*>/gi)) {
    const attrs = new Map<string, string>();
    for (const [, name, dq, sq] of tag.matchAll(/([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs.set(name!.toLowerCase(), decodeEntities(dq ?? sq ?? ''));
    const url = attrs.get('xmlurl')?.trim();
    if (url && !feeds.has(url)) feeds.set(url, { url, title: attrs.get('title') || attrs.get('text') || undefined });
  }
  return [...feeds.values()];
}

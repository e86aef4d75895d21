// OPML, the feed-list format readers import and export: <outline type="rss" xmlUrl="…" text="…"/>.
import { Parser } from 'htmlparser2';

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

/**
 * Every outline with an xmlUrl, nested folders included, without duplicates. Read as HTML, which
 * forgives what other readers' exports get wrong (HTML entities, unquoted values) and lowercases names.
 */
export function parseOpml(xml: string): OpmlFeed[] {
  const feeds = new Map<string, OpmlFeed>();
  new Parser({
    onopentag(name, attrs) {
      const url = name === 'outline' ? attrs.xmlurl?.trim() : undefined;
      if (url && !feeds.has(url)) feeds.set(url, { url, title: attrs.title || attrs.text || undefined });
    },
  }).end(xml);
  return [...feeds.values()];
}

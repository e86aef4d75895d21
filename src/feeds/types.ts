// The parsed-feed model shared by the parsers (XML and JSON Feed) and their callers.

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json';

export interface FeedItem {
  guid?: string;
  title: string;
  link?: string;
  /** ISO 8601 instant. */
  published?: string;
  summaryHtml?: string;
  contentHtml?: string;
  author?: string;
}

export interface ParsedFeed {
  kind: 'feed';
  format: FeedFormat;
  title: string;
  link?: string;
  items: FeedItem[];
}

export interface ParseFailure {
  kind: 'not-a-feed' | 'invalid';
  message: string;
}

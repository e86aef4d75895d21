// JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1) → ParsedFeed.
import { z } from 'zod';
import { parseFeedDate } from './date.js';
import type { FeedItem, ParseFailure, ParsedFeed } from './types.js';

const text = z.string().optional().catch(undefined);
const author = z.object({ name: text }).loose().optional().catch(undefined);

const JsonFeedItem = z
  .object({
    id: z.union([z.string(), z.number()]).optional().catch(undefined),
    url: text,
    external_url: text,
    title: text,
    content_html: text,
    content_text: text,
    summary: text,
    date_published: text,
    date_modified: text,
    author,
    authors: z.array(author).optional().catch(undefined),
  })
  .loose();

const JsonFeed = z
  .object({
    version: text,
    title: text,
    home_page_url: text,
    items: z.array(z.unknown()),
  })
  .loose();

function toItem(raw: unknown): FeedItem | undefined {
  const parsed = JsonFeedItem.safeParse(raw);
  if (!parsed.success) return undefined;
  const item = parsed.data;
  return {
    guid: item.id === undefined ? undefined : String(item.id),
    title: item.title?.trim() ?? '',
    link: item.url ?? item.external_url,
    published: parseFeedDate(item.date_published) ?? parseFeedDate(item.date_modified),
    summaryHtml: item.summary,
    contentHtml: item.content_html ?? item.content_text,
    author: item.authors?.[0]?.name ?? item.author?.name,
  };
}

export function parseJsonFeed(text: string): ParsedFeed | ParseFailure {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { kind: 'invalid', message: `Invalid JSON: ${(error as Error).message}` };
  }
  const feed = JsonFeed.safeParse(json);
  if (!feed.success || !(feed.data.version ?? '').includes('jsonfeed.org')) {
    return { kind: 'not-a-feed', message: 'JSON document is not a JSON Feed (no jsonfeed.org version and items array).' };
  }
  return {
    kind: 'feed',
    format: 'json',
    title: feed.data.title?.trim() ?? '',
    link: feed.data.home_page_url,
    items: feed.data.items.map(toItem).filter((item): item is FeedItem => item !== undefined),
  };
}

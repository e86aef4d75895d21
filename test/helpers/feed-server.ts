// A feed server on 127.0.0.1 for the poller tests: each path serves an RSS document built from items that
// are visible at the server's current time, with an ETag over them (a matching If-None-Match gets 304).
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';

export interface TestItem {
  guid?: string;
  title: string;
  link: string;
  /** ISO instant. */
  published: string;
  text: string;
  /** When the item shows up in the feed (default: always). */
  appearsAt?: string;
}

export interface TestFeed {
  title: string;
  items: TestItem[];
}

export type Route = TestFeed | ((req: IncomingMessage, res: ServerResponse) => void);

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function rss(title: string, items: TestItem[]): string {
  const entries = items.map((item) =>
    `<item><title>${escapeXml(item.title)}</title><link>${escapeXml(item.link)}</link><guid>${escapeXml(item.guid ?? item.link)}</guid>` +
      `<pubDate>${new Date(item.published).toUTCString()}</pubDate><description>${escapeXml(item.text)}</description></item>`);
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${escapeXml(title)}</title><link>https://example.org/</link>${entries.join('')}</channel></rss>`;
}

export interface FeedServer {
  base: string;
  routes: Map<string, Route>;
  /** The server's clock: items with a later appearsAt are not served yet. */
  now: Date;
  /** Requests per path, with their If-None-Match. */
  requests: { path: string; ifNoneMatch?: string }[];
  close(): Promise<void>;
}

export async function startFeedServer(routes: Record<string, Route> = {}): Promise<FeedServer> {
  const state: Omit<FeedServer, 'base' | 'close'> = { routes: new Map(Object.entries(routes)), now: new Date(0), requests: [] };
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const ifNoneMatch = req.headers['if-none-match'];
    state.requests.push({ path, ifNoneMatch });
    const route = state.routes.get(path);
    if (!route) return res.writeHead(404).end('not found');
    if (typeof route === 'function') return route(req, res);
    const visible = route.items.filter((item) => !item.appearsAt || Date.parse(item.appearsAt) <= state.now.getTime());
    const body = rss(route.title, visible);
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    if (ifNoneMatch === etag) return res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

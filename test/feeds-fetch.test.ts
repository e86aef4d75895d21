// fetchFeed against feed servers on 127.0.0.1. Nothing here may touch any other address: refused
// targets must be refused before a socket connects (the second server counts connections to prove it).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { fetchFeed, userAgent, type FetchOptions, type FetchResult } from '../src/feeds/fetch.js';
import { isBlockedAddress } from '../src/feeds/address.js';
import { discoverFeedLinks, parseFeed } from '../src/feeds/parse.js';
import { decodeBody } from '../src/feeds/decode.js';

const rss = (title: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>https://example.org/</link>` +
  `<item><title>${title} item</title><link>https://example.org/a</link><pubDate>Thu, 11 Apr 2019 10:15:00 GMT</pubDate></item></channel></rss>`;

const LAST_MODIFIED = 'Thu, 11 Apr 2019 10:00:00 GMT';
const CP1252_FEED = iconv.encode(rss('Café – “news”'), 'windows-1252');

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const routes: Record<string, Handler> = {
  '/etag': (req, res) => {
    if (req.headers['if-none-match'] === '"v1"') return res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(rss('ETag feed'));
  },
  '/last-modified': (req, res) => {
    if (req.headers['if-modified-since'] === LAST_MODIFIED) return res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml', 'last-modified': LAST_MODIFIED }).end(rss('LM feed'));
  },
  '/error': (_req, res) => res.writeHead(500).end('boom'),
  '/missing': (_req, res) => res.writeHead(404).end(),
  '/slow': (_req, res) => {
    const timer = setTimeout(() => res.writeHead(200).end(rss('late')), 5_000);
    res.on('close', () => clearTimeout(timer));
  },
  '/endless': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    const chunk = Buffer.alloc(16 * 1024, 'a');
    const timer = setInterval(() => res.write(chunk), 1);
    res.on('close', () => clearInterval(timer));
  },
  '/gzip': (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(gzipSync(rss('Gzipped feed'))),
  '/cp1252-labelled-utf8': (_req, res) => res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(CP1252_FEED),
  '/cp1252-unlabelled': (_req, res) => res.writeHead(200, { 'content-type': 'text/xml' }).end(CP1252_FEED),
  '/page': (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="/etag"><title>Home</title></head><body>Hi</body></html>'),
  '/to-private': (_req, res) => res.writeHead(302, { location: 'http://10.0.0.1/feed' }).end(),
  '/to-metadata': (_req, res) => res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
  '/loop': (req, res) => res.writeHead(302, { location: `/loop?n=${Number(new URL(req.url!, 'http://x').searchParams.get('n') ?? 0) + 1}` }).end(),
  '/to-etag': (_req, res) => res.writeHead(301, { location: '/etag' }).end(),
};

let server: http.Server;
let base: string;
let userAgents: string[] = [];
/** A second server, reachable only as "localhost": it must never see a connection. */
let guarded: http.Server;
let guardedConnections = 0;
let guardedPort: number;

const listen = (srv: http.Server) => new Promise<number>((resolve) => srv.listen(0, '127.0.0.1', () => resolve((srv.address() as AddressInfo).port)));

before(async () => {
  server = http.createServer((req, res) => {
    userAgents.push(req.headers['user-agent'] ?? '');
    const handler = routes[new URL(req.url!, 'http://x').pathname];
    if (handler) handler(req, res);
    else if (req.url === '/to-localhost') res.writeHead(302, { location: `http://localhost:${guardedPort}/feed` }).end();
    else res.writeHead(404).end();
  });
  base = `http://127.0.0.1:${await listen(server)}`;
  guarded = http.createServer((_req, res) => res.end(rss('should not be reached')));
  guarded.on('connection', () => guardedConnections++);
  guardedPort = await listen(guarded);
});

after(() => {
  server.closeAllConnections();
  server.close();
  guarded.close();
});

const opts = (extra: Partial<FetchOptions> = {}): FetchOptions => ({ allowHosts: ['127.0.0.1'], userAgent: userAgent('https://example.org/bot'), ...extra });

function assertOk(result: FetchResult): asserts result is Extract<FetchResult, { kind: 'ok' }> {
  assert.equal(result.kind, 'ok', JSON.stringify(result));
}

function assertError(result: FetchResult, reason: string): void {
  assert.equal(result.kind, 'error', JSON.stringify(result));
  assert.equal(result.kind === 'error' && result.reason, reason, JSON.stringify(result));
  assert.ok(result.kind === 'error' && result.message.length > 10);
}

describe('fetchFeed', () => {
  test('200 with an ETag, then 304 when it is sent back', async () => {
    const first = await fetchFeed(`${base}/etag`, opts());
    assertOk(first);
    assert.equal(first.status, 200);
    assert.equal(first.etag, '"v1"');
    assert.equal(first.finalUrl, `${base}/etag`);
    const feed = await parseFeed(first.body, { contentType: first.contentType });
    assert.equal(feed.kind === 'feed' && feed.title, 'ETag feed');
    assert.deepEqual(await fetchFeed(`${base}/etag`, opts({ etag: first.etag })), { kind: 'not-modified' });
  });

  test('Last-Modified round trip', async () => {
    const first = await fetchFeed(`${base}/last-modified`, opts());
    assertOk(first);
    assert.equal(first.lastModified, LAST_MODIFIED);
    assert.deepEqual(await fetchFeed(`${base}/last-modified`, opts({ lastModified: first.lastModified })), { kind: 'not-modified' });
  });

  test('sends the Dateline User-Agent', async () => {
    userAgents = [];
    await fetchFeed(`${base}/etag`, opts());
    assert.match(userAgents[0]!, /^Dateline\/\d+\.\d+\.\d+ \(\+https:\/\/example\.org\/bot\)$/);
  });

  test('HTTP 500 and 404', async () => {
    const error = await fetchFeed(`${base}/error`, opts());
    assertError(error, 'http-error');
    assert.equal(error.kind === 'error' && error.status, 500);
    assertError(await fetchFeed(`${base}/missing`, opts()), 'not-found');
  });

  test('a slow response hits the timeout', async () => {
    const started = Date.now();
    assertError(await fetchFeed(`${base}/slow`, opts({ timeoutMs: 200 })), 'timeout');
    assert.ok(Date.now() - started < 2_000);
  });

  test('an endless body stops at maxBytes while streaming', async () => {
    assertError(await fetchFeed(`${base}/endless`, opts({ maxBytes: 100_000 })), 'too-large');
  });

  test('a caller abort cancels the request', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    assertError(await fetchFeed(`${base}/slow`, opts({ signal: controller.signal })), 'network');
  });

  test('gzip bodies are decoded', async () => {
    const result = await fetchFeed(`${base}/gzip`, opts());
    assertOk(result);
    const feed = await parseFeed(result.body, { contentType: result.contentType });
    assert.equal(feed.kind === 'feed' && feed.items[0]?.title, 'Gzipped feed item');
  });

  for (const path of ['/cp1252-labelled-utf8', '/cp1252-unlabelled']) {
    test(`windows-1252 bytes (${path.slice(1)}) decode to the right text`, async () => {
      const result = await fetchFeed(`${base}${path}`, opts());
      assertOk(result);
      const feed = await parseFeed(result.body, { contentType: result.contentType });
      assert.equal(feed.kind === 'feed' && feed.title, 'Café – “news”');
    });
  }

  test('an HTML page is not a feed, and its alternate links are found', async () => {
    const result = await fetchFeed(`${base}/page`, opts());
    assertOk(result);
    const parsed = await parseFeed(result.body, { contentType: result.contentType });
    assert.equal(parsed.kind, 'not-a-feed');
    assert.deepEqual(discoverFeedLinks(decodeBody(result.body, result.contentType), result.finalUrl), [`${base}/etag`]);
  });

  test('redirects are followed and the final URL reported', async () => {
    const result = await fetchFeed(`${base}/to-etag`, opts());
    assertOk(result);
    assert.equal(result.finalUrl, `${base}/etag`);
  });

  test('too many redirects', async () => {
    assertError(await fetchFeed(`${base}/loop`, opts({ maxRedirects: 3 })), 'too-many-redirects');
  });

  test('a redirect to a private or metadata address is refused', async () => {
    assertError(await fetchFeed(`${base}/to-private`, opts()), 'blocked-address');
    assertError(await fetchFeed(`${base}/to-metadata`, opts()), 'blocked-address');
  });

  test('a redirect to a host name resolving to loopback is refused before connecting', async () => {
    const result = await fetchFeed(`${base}/to-localhost`, opts());
    assertError(result, 'blocked-address');
    assert.equal(guardedConnections, 0);
  });

  test('loopback is refused unless allow-listed; bad URLs and schemes are refused', async () => {
    assertError(await fetchFeed(`${base}/etag`, opts({ allowHosts: [] })), 'blocked-address');
    assertError(await fetchFeed(`http://[::1]:${guardedPort}/`, opts()), 'blocked-address');
    assertError(await fetchFeed('file:///etc/passwd', opts()), 'bad-url');
    assertError(await fetchFeed('not a url', opts()), 'bad-url');
    assert.equal(guardedConnections, 0);
  });
});

describe('isBlockedAddress', () => {
  const cases: Array<[string, boolean]> = [
    ['127.0.0.1', true], ['10.1.2.3', true], ['172.16.0.1', true], ['172.31.255.255', true], ['172.32.0.1', false],
    ['192.168.1.1', true], ['169.254.169.254', true], ['100.64.0.1', true], ['100.128.0.1', false], ['0.0.0.0', true],
    ['224.0.0.1', true], ['255.255.255.255', true], ['93.184.216.34', false], ['::1', true], ['::', true], ['fd12::1', true],
    ['fe80::1', true], ['::ffff:127.0.0.1', true], ['::ffff:7f00:1', true], ['::ffff:10.0.0.1', true], ['::ffff:8.8.8.8', false],
    ['64:ff9b::192.168.0.1', true], ['ff02::1', true], ['2606:4700::1111', false], ['not-an-ip', true],
  ];
  for (const [address, expected] of cases) {
    test(`${address} → ${expected ? 'blocked' : 'allowed'}`, () => assert.equal(isBlockedAddress(address), expected));
  }
});

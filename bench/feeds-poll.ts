// One poll cycle over 1,000 feeds on loopback servers, 90% unchanged (304), the rest with two new items each
// (one about the topic, filed and clustered; one not): wall time and peak RSS growth, beside a floor of bare
// fetch() conditional GETs of the same URLs at the same concurrency. Feeds are spread over 50 loopback
// addresses (127.0.0.1-50, one server each), 20 per host, so the per-host limit of 2 does not serialise them.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openApp } from '../src/app.js';
import { pollDueFeeds } from '../src/feeds/service.js';
import type { BenchRow } from './types.js';

const FEEDS = 1000;
const HOSTS = 50;
const CHANGED_EVERY = 10;
const CONCURRENCY = 8;

const item = (feed: number, n: number, related: boolean) =>
  `<item><guid>f${feed}-i${n}</guid><title>${related ? `Julian Assange court update ${feed}-${n}` : `Harbour regatta results ${feed}-${n}`}</title>` +
  `<link>https://outlet${feed}.example/${n}</link><pubDate>${new Date(Date.UTC(2024, 4, 20, 10, n)).toUTCString()}</pubDate>` +
  `<description>${related ? `Lawyers for Julian Assange filed papers in outlet ${feed} report ${n}.` : `The regatta drew ${n} boats to the harbour for outlet ${feed}.`}</description></item>`;

/** Feed n at a version: version 0 holds 5 items; version 1 adds a related and an unrelated one. */
function document(feed: number, version: number): string {
  const items = Array.from({ length: 5 }, (_, n) => item(feed, n, false));
  if (version > 0) items.push(item(feed, 10, true), item(feed, 11, false));
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet ${feed}</title>${items.reverse().join('')}</channel></rss>`;
}

async function startServers(versions: number[]): Promise<{ urls: string[]; hosts: string[]; close(): Promise<void> }> {
  const handler: http.RequestListener = (req, res) => {
    const feed = Number(/\/feed\/(\d+)\.xml/.exec(req.url ?? '')?.[1]);
    const etag = `"v${versions[feed]}"`;
    if (req.headers['if-none-match'] === etag) return res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(document(feed, versions[feed]!));
  };
  const hosts = Array.from({ length: HOSTS }, (_, i) => `127.0.0.${i + 1}`);
  const servers = await Promise.all(hosts.map((host) => new Promise<{ host: string; server: http.Server }>((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, host, () => resolve({ host, server }));
  })));
  const urls = Array.from({ length: FEEDS }, (_, feed) => {
    const { host, server } = servers[feed % HOSTS]!;
    return `http://${host}:${(server.address() as AddressInfo).port}/feed/${feed}.xml`;
  });
  return { urls, hosts, close: async () => void (await Promise.all(servers.map(({ server }) => new Promise((r) => server.close(r))))) };
}

/** Wall time and RSS growth at its peak (sampled every 5 ms) while work runs. */
async function measure(work: () => Promise<unknown>): Promise<{ ms: number; rssMiB: number }> {
  const base = process.memoryUsage.rss();
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { ms, rssMiB: (peak - base) / 1024 / 1024 };
}

/** The floor: bare fetch() conditional GETs with the same validators and concurrency (keep-alive pooling, no parsing). */
async function bareFetches(urls: string[], etags: string[]): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    for (let i = next++; i < urls.length; i = next++) {
      const response = await fetch(urls[i]!, { headers: { 'if-none-match': etags[i]! } });
      await response.arrayBuffer();
    }
  }));
}

export default async function bench(): Promise<BenchRow[]> {
  const versions = new Array<number>(FEEDS).fill(0);
  const { urls, hosts, close } = await startServers(versions);
  const dir = mkdtempSync(join(tmpdir(), 'dateline-bench-poll-'));
  let clock = new Date('2024-05-20T12:00:00Z');
  const app = openApp({ dbPath: join(dir, 'bench.db'), bare: true, now: () => clock, log: pino({ level: 'silent' }), env: { DATELINE_ALLOW_HOSTS: hosts.join(',') } });
  try {
    const topic = app.store.topics.get('assange')!;
    app.store.transaction(() => urls.forEach((url) => app.store.feeds.add({ topicId: topic.id, url, intervalSeconds: 600, origin: 'command' }, clock)));
    const options = { concurrency: CONCURRENCY, perHost: 2 };
    const backfill = await pollDueFeeds(app, options);
    if (backfill.feeds.polled !== FEEDS || backfill.feeds.failed > 0) throw new Error(`backfill: ${JSON.stringify(backfill.feeds)}`);

    for (let feed = 0; feed < FEEDS; feed += CHANGED_EVERY) versions[feed] = 1;
    clock = new Date(clock.getTime() + 11 * 60_000);
    let report: Awaited<ReturnType<typeof pollDueFeeds>> | undefined;
    const cycle = await measure(async () => (report = await pollDueFeeds(app, options)));
    if (report?.feeds.notModified !== FEEDS - FEEDS / CHANGED_EVERY) throw new Error(`cycle: ${JSON.stringify(report?.feeds)}`);

    const etags = versions.map(() => '"v0"');
    await bareFetches(urls.slice(0, CONCURRENCY), etags); // loads undici first, as the backfill warmed the poller
    const floor = await measure(() => bareFetches(urls, etags));
    return [
      { figure: `poll cycle, ${FEEDS} feeds (90% 304; ${report.items.new} new items, ${report.items.related} filed)`, value: cycle.ms, unit: 'ms', floor: floor.ms, floorLabel: `bare fetch conditional GETs, concurrency ${CONCURRENCY}` },
      { figure: 'poll cycle peak RSS growth', value: cycle.rssMiB, unit: 'MiB', floor: floor.rssMiB, floorLabel: 'bare fetch conditional GETs' },
    ];
  } finally {
    app.close();
    rmSync(dir, { recursive: true, force: true });
    await close();
  }
}

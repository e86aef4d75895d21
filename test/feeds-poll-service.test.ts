// The polling service: politeness limits, the schedule spread, and the start/stop lifecycle.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollDueFeeds, startFeedPolling } from '../src/feeds/service.js';
import { nextPollAt, retryAt } from '../src/feeds/schedule.js';
import { tempApp } from './helpers/app.js';
import { rss, startFeedServer, type FeedServer } from './helpers/feed-server.js';
import { OPERATOR } from '../src/store/index.js';

let server: FeedServer;
let inFlight = 0;
let maxInFlight = 0;
before(async () => {
  server = await startFeedServer({
    '/news.xml': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('News', [
        { title: 'Assange loses appeal', link: 'https://example.org/a', published: '2024-05-19T10:00:00Z', text: 'Julian Assange lost his appeal at the High Court in London on 17 May 2024.' },
        { title: 'Assange appeal rejected', link: 'https://example.org/b', published: '2024-05-19T12:00:00Z', text: 'Judges rejected the appeal by Julian Assange at the High Court in London on 17 May 2024.' },
      ]));
    },
    '/slow.xml': async (_req, res) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await sleep(40);
      inFlight--;
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('Slow', []));
    },
  });
});
after(() => server.close());

function app(t: { after(fn: () => void): void }) {
  const instance = tempApp({ bare: true, now: () => new Date('2024-05-20T12:00:00Z'), env: { DATELINE_ALLOW_HOSTS: '127.0.0.1' } });
  t.after(() => instance.remove());
  return instance;
}

test('no more than two requests at a time go to one host', async (t) => {
  const a = app(t);
  const topic = a.store.topics.get('assange')!;
  for (let n = 0; n < 6; n++) a.store.feeds.add({ topicId: topic.id, url: `${server.base}/slow.xml?n=${n}`, intervalSeconds: 600, origin: 'command' }, a.now());
  const report = await pollDueFeeds(a, { concurrency: 8, perHost: 2 });
  assert.equal(report.feeds.polled, 6);
  assert.equal(maxInFlight, 2);
});

test('articles a poll brings are filed in the timeline and their events scored once the cycle ends', async (t) => {
  const a = app(t);
  const topic = a.store.topics.get('assange')!;
  a.store.feeds.add({ topicId: topic.id, url: `${server.base}/news.xml`, intervalSeconds: 600, origin: 'command' }, a.now());
  const report = await pollDueFeeds(a);
  assert.equal(report.items.related, 2);
  const appeal = a.store.events.all(OPERATOR, topic.id).find((e) => e.date === '2024-05-17');
  assert.ok(appeal, 'the appeal is an event of 17 May 2024');
  assert.equal(a.store.events.sources(OPERATOR, [appeal.id]).get(appeal.id)!.length, 2, 'both reports are its sources');
  assert.ok(appeal.importance > 0, 'its importance is stored');
});

test('feeds sharing an interval are spread over it; failures back off to a cap', () => {
  const now = new Date('2024-05-20T12:00:00Z');
  const interval = 600_000;
  const slots = Array.from({ length: 50 }, (_, n) => nextPollAt(`https://outlet${n}.example/feed`, interval, now).getTime() - now.getTime());
  assert.ok(slots.every((ms) => ms > 0 && ms <= interval));
  assert.ok(new Set(slots.map((ms) => Math.floor(ms / 60_000))).size >= 8, 'spread over the ten minutes');
  const again = nextPollAt('https://outlet1.example/feed', interval, new Date(now.getTime() + slots[1]!));
  assert.equal(again.getTime() - now.getTime(), slots[1]! + interval, 'the same phase next time');
  assert.deepEqual([1, 2, 3, 10].map((n) => (retryAt(interval, n, now).getTime() - now.getTime()) / 60_000), [10, 20, 40, 360]);
});

test('startFeedPolling syncs the configured feeds, polls what is due, and stops cleanly', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-service-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const configPath = join(dir, 'config.json');
  const configured = `${server.base}/slow.xml?config`;
  writeFileSync(configPath, JSON.stringify({
    topics: [{ name: 'assange', title: 'Assange', keywords: ['Assange'] }],
    feeds: [{ url: configured, topic: 'assange', intervalMinutes: 30 }],
  }));
  const a = tempApp({ bare: true, configPath, now: () => new Date('2024-05-20T12:00:00Z'), env: { DATELINE_ALLOW_HOSTS: '127.0.0.1' } });
  t.after(() => a.remove());
  const topic = a.store.topics.get('assange')!;
  a.store.feeds.add({ topicId: topic.id, url: `${server.base}/slow.xml?command`, intervalSeconds: 600, origin: 'command' }, a.now());
  a.store.feeds.syncConfig([{ topicId: topic.id, url: `${server.base}/slow.xml?dropped`, intervalSeconds: 600 }], a.now());

  let notified = 0;
  const polling = startFeedPolling(a, { onQueued: () => notified++ });
  const report = await polling.pollDue();
  await polling.stop();
  assert.deepEqual(a.store.feeds.list().map((f) => [f.url.replace(server.base, ''), f.origin, f.intervalSeconds]).sort(), [
    ['/slow.xml?command', 'command', 600],
    ['/slow.xml?config', 'config', 1800],
  ]);
  assert.equal(report.feeds.polled, 2, 'pollDue shares the poll started at once');
  assert.ok(a.store.feeds.list().every((f) => f.lastSuccessAt));
  assert.equal(notified, 0, 'a backfill queues nothing');
});

// The poller against feed servers on 127.0.0.1, with a clock the test moves: conditional GETs, backoff and
// disabling, the backfill, the alert window, and one alert per story however many feeds report it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { App } from '../src/app.js';
import { pollDueFeeds, type FeedPollingOptions } from '../src/feeds/service.js';
import { describeFeed } from '../src/core/commands/dateline/feed.js';
import { OutboxSender } from '../src/core/delivery/sender.js';
import { ConsolePoster } from '../src/console/poster.js';
import type { Reply } from '../src/core/reply.js';
import { tempApp } from './helpers/app.js';
import { startFeedServer, type FeedServer, type TestItem } from './helpers/feed-server.js';
import { APPEAL, EARLIER, NEAR_MISSES, STELLA, type Article } from './fixtures/feed-stories.js';

let server: FeedServer;
before(async () => {
  server = await startFeedServer();
});
after(() => server.close());

const MINUTE = 60_000;

/** An app on its own database, a clock the test moves, and helpers over the shared server. */
function setup(t: { after(fn: () => void): void }, start: string) {
  let clock = new Date(start);
  server.now = clock;
  const app = tempApp({ bare: true, now: () => clock, env: { DATELINE_ALLOW_HOSTS: '127.0.0.1' } });
  t.after(() => app.remove());
  const topic = app.store.topics.get('assange')!;
  const id = Math.random().toString(36).slice(2, 8);
  return {
    app,
    topic,
    advance(minutes: number) {
      clock = new Date(clock.getTime() + minutes * MINUTE);
      server.now = clock;
    },
    set(iso: string) {
      clock = new Date(iso);
      server.now = clock;
    },
    /** Serves a feed under a path unique to this test and adds it to the topic. */
    feed(name: string, title: string, items: TestItem[]) {
      const path = `/${id}/${name}.xml`;
      server.routes.set(path, { title, items });
      return app.store.feeds.add({ topicId: topic.id, url: `${server.base}${path}`, intervalSeconds: 600, origin: 'command' }, clock);
    },
    subscribe(channel: string) {
      app.store.subscriptions.save(channel, topic.id, { mode: 'instant', localTime: '09:00', timezone: 'UTC', onThisDay: false, filter: null }, 'test', clock);
    },
    poll: (options: FeedPollingOptions = {}) => pollDueFeeds(app, { maxFailures: 3, ...options }),
    outbox: (kind: string) => app.store.outbox.recentAllTenants(1000).filter((row) => row.kind === kind),
  };
}

const item = (outlet: string, article: Article, appearsAt?: string): TestItem => ({
  title: article.title,
  text: article.text,
  published: article.published,
  link: `https://${outlet}.example/news/${article.slug}?utm_source=rss`,
  appearsAt,
});

test('a poll keeps the ETag; the next, after the interval, is a conditional GET answered 304', async (t) => {
  const s = setup(t, '2024-05-19T12:00:00Z');
  const feed = s.feed('etag', 'Ledger', [item('ledger', EARLIER)]);
  const first = await s.poll();
  assert.deepEqual(first.feeds, { polled: 1, notModified: 0, failed: 0 });
  assert.equal(first.items.new, 1);
  const stored = s.app.store.feeds.get(feed.id)!;
  assert.match(stored.etag ?? '', /^"[0-9a-f]+"$/);
  assert.equal((await s.poll()).feeds.polled, 0, 'not due again before its interval');
  s.advance(11);
  const second = await s.poll();
  assert.deepEqual(second.feeds, { polled: 1, notModified: 1, failed: 0 });
  assert.equal(server.requests.filter((r) => r.path === new URL(feed.url).pathname).at(-1)?.ifNoneMatch, stored.etag);
  assert.ok(Date.parse(s.app.store.feeds.get(feed.id)!.nextPollAt!) > Date.parse('2024-05-19T12:11:00Z'));
});

test('failures back off, a success resets them, and N in a row disable the feed with one notice per channel', async (t) => {
  const s = setup(t, '2024-05-19T12:00:00Z');
  s.subscribe('console:desk');
  let failing = true;
  const path = `/flaky-${Math.random().toString(36).slice(2)}`;
  server.routes.set(path, (_req, res) => {
    if (failing) return res.writeHead(500).end('boom');
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<?xml version="1.0"?><rss version="2.0"><channel><title>Flaky</title></channel></rss>');
  });
  const feed = s.app.store.feeds.add({ topicId: s.topic.id, url: `${server.base}${path}`, intervalSeconds: 600, origin: 'command' }, new Date('2024-05-19T12:00:00Z'));
  const state = () => s.app.store.feeds.get(feed.id)!;
  const waitAfter = () => Date.parse(state().nextPollAt!) - Date.parse(state().lastPolledAt!);

  assert.equal((await s.poll()).feeds.failed, 1);
  assert.equal(waitAfter(), 10 * MINUTE);
  assert.match(state().lastError ?? '', /HTTP 500/);
  s.advance(5);
  assert.equal((await s.poll()).feeds.polled, 0, 'backing off');
  s.advance(5);
  assert.equal((await s.poll()).feeds.failed, 1);
  assert.equal(waitAfter(), 20 * MINUTE, 'the wait doubles');
  assert.match(describeFeed(state()), /failing \(2 in a row/);

  failing = false;
  s.advance(20);
  assert.equal((await s.poll()).feeds.failed, 0);
  assert.equal(state().consecutiveFailures, 0);
  assert.equal(state().lastError, null);

  failing = true;
  for (let attempt = 1; attempt <= 3; attempt++) {
    s.set(state().nextPollAt!);
    assert.equal((await s.poll()).feeds.failed, 1);
  }
  assert.ok(state().disabledAt);
  assert.match(describeFeed(state()), /DISABLED since .* after 3 failures; last error: .*HTTP 500/);
  const notices = s.outbox('notice');
  assert.equal(notices.length, 1);
  assert.equal(notices[0]!.channelRef, 'console:desk');
  assert.match((JSON.parse(notices[0]!.payload) as Reply).text ?? '', /stopped polling .* after 3 failed polls/);
  s.advance(24 * 60);
  assert.equal((await s.poll()).feeds.polled, 0, 'a disabled feed is not polled');
});

test('the first poll is a backfill: filed in the timeline, no alert; then a new item alerts once', async (t) => {
  const s = setup(t, '2024-05-20T12:00:00Z');
  s.subscribe('console:desk');
  s.feed('backfill', 'Ledger', [item('ledger', EARLIER), item('ledger', APPEAL.ledger), item('ledger', STELLA, '2024-05-20T13:30:00Z')]);
  const backfill = await s.poll();
  assert.deepEqual(backfill.items, { new: 2, related: 2, unrelated: 0 });
  assert.deepEqual(backfill.stories, []);
  assert.equal(s.outbox('alert').length, 0);
  assert.ok(s.app.store.articles.findByKey('https://ledger.example/news/assange-appeal-allowed'), 'filed in the timeline, tracking parameters dropped');

  s.set('2024-05-20T13:45:00Z');
  const next = await s.poll();
  assert.deepEqual(next.items, { new: 1, related: 1, unrelated: 0 });
  assert.equal(next.stories.length, 1);
  assert.equal(next.stories[0]!.title, STELLA.title);
  assert.equal(s.outbox('alert').length, 1);

  s.advance(30);
  const again = await s.poll();
  assert.equal(again.feeds.notModified, 1);
  assert.equal(s.outbox('alert').length, 1, 'still one alert');
});

test('items older than the window are recorded and filed but alert nobody', async (t) => {
  const s = setup(t, '2024-05-25T12:00:00Z');
  s.subscribe('console:desk');
  s.feed('window', 'Ledger', [item('ledger', APPEAL.ledger, '2024-05-25T12:05:00Z')]);
  assert.equal((await s.poll()).items.new, 0, 'an empty first poll');
  s.advance(15);
  const late = await s.poll();
  assert.deepEqual(late.items, { new: 1, related: 1, unrelated: 0 }, 'five days old when first seen');
  assert.deepEqual(late.stories, []);
  assert.equal(s.outbox('alert').length, 0);
  assert.ok(s.app.store.articles.findByKey('https://ledger.example/news/assange-appeal-allowed'));
});

test('one story from three feeds in different words: one alert per subscribed channel, three URLs', async (t) => {
  const s = setup(t, '2024-05-20T08:00:00Z');
  s.subscribe('console:desk');
  s.subscribe('console:night');
  const at = '2024-05-20T13:20:00Z';
  s.feed('ledger', 'Northern Ledger', [item('ledger', APPEAL.ledger, at), item('ledger', STELLA, at)]);
  s.feed('coastal', 'Coastal Times', [item('coastal', APPEAL.coastal, at), item('coastal', NEAR_MISSES.snowden, at)]);
  s.feed('wire', 'Daily Wire', [item('wire', APPEAL.wire, at), item('wire', NEAR_MISSES.begum, at)]);
  assert.equal((await s.poll()).feeds.polled, 3, 'backfill of three empty feeds');

  s.set('2024-05-20T14:00:00Z');
  const report = await s.poll();
  assert.deepEqual(report.items, { new: 6, related: 4, unrelated: 2 });
  assert.equal(report.stories.length, 2, 'the appeal and Stella Assange\'s appeal to Albanese');
  const appeal = report.stories.find((story) => story.urls.length === 3);
  assert.ok(appeal, JSON.stringify(report.stories));
  assert.deepEqual(appeal.urls.sort(), ['coastal', 'ledger', 'wire'].map((o) => `https://${o}.example/news/${APPEAL[o as keyof typeof APPEAL].slug}`).sort());
  const alerts = s.outbox('alert');
  assert.deepEqual(alerts.map((row) => row.channelRef).sort(), ['console:desk', 'console:desk', 'console:night', 'console:night']);
  assert.equal(new Set(alerts.map((row) => row.key)).size, 4);
  const sourceCounts = alerts.map((row) => (JSON.parse(row.payload) as Reply).items[0]!.sources.length).sort();
  assert.deepEqual(sourceCounts, [1, 1, 3, 3], 'each unsent alert lists every outlet that reported the story in this poll');

  const printed = new PassThrough();
  let output = '';
  printed.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const sender = new OutboxSender(s.app.store, [new ConsolePoster(printed)], { maxAttempts: 3, burstThreshold: 3 }, s.app.now, s.app.log);
  assert.equal((await sender.drain()).delivered, 4);
  assert.equal(output.match(/\[console:desk\]/g)?.length, 2);
  assert.equal(output.match(/— 3 sources/g)?.length, 2);

  s.advance(30);
  await s.poll();
  assert.equal(s.outbox('alert').length, 4, 'no alert twice');
});

test('hard negatives (no Assange in the title or lead) are recorded, not filed, and start no story', async (t) => {
  const s = setup(t, '2024-06-25T06:00:00Z');
  s.subscribe('console:desk');
  const at = '2024-06-25T07:30:00Z';
  s.feed('negatives', 'Coastal Times', Object.values(NEAR_MISSES).map((article) => ({ ...item('coastal', article, at), published: at })));
  await s.poll();
  s.set('2024-06-25T08:00:00Z');
  const report = await s.poll();
  assert.deepEqual(report.items, { new: 3, related: 0, unrelated: 3 });
  assert.deepEqual(report.stories, []);
  assert.equal(s.outbox('alert').length, 0);
  assert.equal(s.app.store.articles.findByKey(`https://coastal.example/news/${NEAR_MISSES.snowden.slug}`), undefined);
});

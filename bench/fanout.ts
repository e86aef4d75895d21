import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openApp } from '../src/app.js';
import { OutboxSender } from '../src/core/delivery/sender.js';
import { limitsFor, RateLimiter } from '../src/core/delivery/ratelimit.js';
import { queueStoryAlerts } from '../src/core/schedule/alerts.js';
import { startDiscord } from '../src/discord/bot.js';
import { FakeDiscord } from '../test/fakes/discord.js';
import type { BenchRow } from './types.js';

// Fan-out of one alert to 10,000 subscribed Discord channels: time to enqueue, and the delivery rate
// against the loopback fake's enforced rate limit.

const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 10_000);
const LIMIT_PER_SECOND = Number(process.env.BENCH_POSTS_PER_SECOND ?? 200);

export default async function bench(): Promise<BenchRow[]> {
  const ids = Array.from({ length: CHANNELS }, (_, i) => `96${String(i).padStart(16, '0')}`);
  const fake = await FakeDiscord.start({ channels: ids, postsPerSecond: LIMIT_PER_SECOND });
  const dir = mkdtempSync(join(tmpdir(), 'dateline-fanout-'));
  const log = pino({ level: 'silent' });
  const app = openApp({ dbPath: join(dir, 'fanout.db'), log });
  // The bot is told the same budget the fake enforces, as an operator sets delivery.discordRequestsPerSecond.
  app.config.delivery.discordRequestsPerSecond = LIMIT_PER_SECOND;
  const bot = await startDiscord(app, { token: fake.token, apiUrl: fake.apiUrl, shards: 1 });
  try {
    const topic = app.store.topics.get('assange')!;
    const now = app.now();
    app.store.transaction(() => {
      for (const id of ids) app.store.subscriptions.save(`discord:${id}`, topic.id, { mode: 'instant', localTime: '09:00', timezone: 'UTC', onThisDay: false, filter: null }, 'bench', now);
    });
    const enqueueStarted = performance.now();
    const queued = app.store.transaction(() => {
      const articleId = app.store.articles.insert({ key: 'bench:story', url: 'https://news.example/bench', title: 'Bench story', published: now.toISOString(), firstSeen: now.toISOString() });
      const storyId = app.store.stories.create(topic.tenant, topic.id, 'Bench story', now);
      app.store.stories.addArticle(topic.tenant, storyId, articleId, now);
      return queueStoryAlerts(app.store, topic, storyId, now).length;
    });
    const enqueueMs = performance.now() - enqueueStarted;
    const sender = new OutboxSender(app.store, [bot.poster], { maxAttempts: 10, burstThreshold: 3 }, app.now, log, new RateLimiter(limitsFor({ discordRequestsPerSecond: LIMIT_PER_SECOND, slackRequestsPerSecond: LIMIT_PER_SECOND })));
    const started = performance.now();
    await sender.drain();
    const seconds = (performance.now() - started) / 1000;
    const delivered = app.store.outbox.countsAllTenants().delivered;
    return [
      { figure: `enqueue one alert to ${queued.toLocaleString('en')} channels (one transaction)`, value: enqueueMs, unit: 'ms', floor: enqueueMs, floorLabel: 'itself' },
      {
        figure: `delivery rate, ${delivered.toLocaleString('en')} messages in ${seconds.toFixed(1)} s (${fake.rateLimited} refused by the fake)`,
        value: delivered / seconds,
        unit: 'msg/s',
        floor: LIMIT_PER_SECOND,
        floorLabel: "the fake's enforced limit",
        target: '≥ 0.9 of the allowed rate',
      },
    ];
  } finally {
    await bot.stop();
    await fake.stop();
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { openApp } from '../src/app.js';
import { PACKAGE_ROOT } from '../src/config/index.js';
import { queueStoryAlerts } from '../src/core/schedule/alerts.js';
import { FakeDiscord } from './fakes/discord.js';
import { waitUntil } from './helpers/wait.js';

// Exactly-once delivery against a Discord fake that honours enforce_nonce: a SIGKILL mid fan-out and a
// flaky platform must neither lose nor repeat a message.

const channelIds = (n: number): string[] => Array.from({ length: n }, (_, i) => `95${String(i).padStart(16, '0')}`);

/** A database with `channels` Discord channels subscribed for instant alerts, and one story's alert queued to each. */
function prepare(dir: string, channels: string[]): { db: string; config: string } {
  const config = join(dir, 'config.json');
  const shipped = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'config/dateline.json'), 'utf8')) as Record<string, unknown>;
  // A higher request budget than Discord's default keeps the test short; the fake does not limit.
  writeFileSync(config, JSON.stringify({ ...shipped, delivery: { discordRequestsPerSecond: 250 } }));
  const db = join(dir, 'bot.db');
  const app = openApp({ dbPath: db, configPath: config, log: pino({ level: 'silent' }), now: () => new Date('2026-05-01T10:00:00Z') });
  try {
    const topic = app.store.topics.get('assange')!;
    const now = app.now();
    app.store.transaction(() => {
      for (const id of channels) {
        app.store.subscriptions.save(`discord:${id}`, topic.id, { mode: 'instant', localTime: '09:00', timezone: 'UTC', onThisDay: false, filter: null }, 'test', now);
      }
      const articleId = app.store.articles.insert({ key: 'https://news.example/verdict', url: 'https://news.example/verdict', title: 'Court rules on Assange appeal', published: now.toISOString(), firstSeen: now.toISOString() });
      const storyId = app.store.stories.create(topic.id, 'Court rules on Assange appeal', now);
      app.store.stories.addArticle(storyId, articleId, now);
      assert.equal(queueStoryAlerts(app.store, topic, storyId, now).length, channels.length);
    });
  } finally {
    app.close();
  }
  return { db, config };
}

function startBot(fake: FakeDiscord, paths: { db: string; config: string }): ChildProcess {
  return spawn(process.execPath, [join(PACKAGE_ROOT, 'bin/dateline.js'), 'start', '--db', paths.db, '--config', paths.config], {
    env: { PATH: process.env.PATH, DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, DATELINE_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

const messagesIn = (fake: FakeDiscord): number => [...fake.created.values()].reduce((sum, list) => sum + list.length, 0);

function outboxCounts(db: string): Record<string, number> {
  const app = openApp({ dbPath: db, log: pino({ level: 'silent' }) });
  try {
    return app.store.outbox.counts();
  } finally {
    app.close();
  }
}

test('SIGKILL in the middle of a fan-out to 1,000 channels: after a restart each channel has the alert exactly once', async (t) => {
  const channels = channelIds(1000);
  const fake = await FakeDiscord.start({ channels });
  const dir = mkdtempSync(join(tmpdir(), 'dateline-crash-'));
  t.after(async () => {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const paths = prepare(dir, channels);
  const first = startBot(fake, paths);
  await waitUntil(() => messagesIn(fake) >= 250, '250 messages before the kill', 30_000);
  await stop(first, 'SIGKILL');
  const beforeRestart = messagesIn(fake);
  t.diagnostic(`killed after ${beforeRestart} of 1000 messages`);
  assert.ok(beforeRestart < 1000, 'the kill landed mid fan-out');

  const second = startBot(fake, paths);
  try {
    await waitUntil(() => fake.created.size === 1000, 'every channel to receive the alert', 60_000);
    await waitUntil(() => outboxCounts(paths.db).delivered === 1000, 'every outbox row marked delivered', 10_000);
  } finally {
    await stop(second, 'SIGTERM');
  }
  const repeats = [...fake.created.entries()].filter(([, list]) => list.length !== 1);
  assert.deepEqual(repeats.map(([id]) => id), [], 'no channel got the alert twice');
  const posts = fake.log.requests.filter((r) => r.method === 'POST' && /\/channels\/\d+\/messages$/.test(r.path));
  t.diagnostic(`${posts.length} POSTs for 1000 messages (resends deduplicated by nonce: ${posts.length - 1000})`);
  assert.ok(posts.every((r) => (r.body as { enforce_nonce?: boolean }).enforce_nonce === true));
  assert.deepEqual(outboxCounts(paths.db), { queued: 0, delivered: 1000, failed: 0 });
});

test('a platform failing 10% of requests with 429 and 500 still gets every message exactly once', async (t) => {
  const channels = channelIds(200);
  const fake = await FakeDiscord.start({ channels, flakiness: 0.1 });
  const dir = mkdtempSync(join(tmpdir(), 'dateline-flaky-'));
  t.after(async () => {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const paths = prepare(dir, channels);
  const bot = startBot(fake, paths);
  try {
    await waitUntil(() => fake.created.size === 200, 'every channel to receive the alert', 60_000);
    await waitUntil(() => outboxCounts(paths.db).delivered === 200, 'every outbox row marked delivered', 30_000);
  } finally {
    await stop(bot, 'SIGTERM');
  }
  const posts = fake.log.requests.filter((r) => r.method === 'POST' && /\/channels\/\d+\/messages$/.test(r.path));
  t.diagnostic(`${posts.length} POSTs for 200 messages`);
  assert.ok(posts.length > 200, 'the fake did fail some requests');
  assert.deepEqual([...fake.created.values()].filter((list) => list.length !== 1), []);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { OutboxSender } from '../src/core/delivery/sender.js';
import { RateLimiter } from '../src/core/delivery/ratelimit.js';
import { PostError, type ChannelPoster } from '../src/core/post.js';
import type { Reply } from '../src/core/reply.js';
import { countLabel } from '../src/core/timeline.js';
import { tempApp } from './helpers/app.js';
import { OPERATOR } from '../src/store/index.js';

/** A platform that answers as scripted per call, recording what it was sent. (The wire-level fakes are in the platform tests.) */
class ScriptedPlatform implements ChannelPoster {
  readonly platform = 'discord';
  readonly sent: { channel: string; reply: Reply; key?: string }[] = [];
  constructor(private readonly script: (channel: string, call: number) => PostError | undefined = () => undefined) {}
  private calls = 0;
  async post(channel: string, reply: Reply, options?: { idempotencyKey?: string }) {
    const failure = this.script(channel, this.calls++);
    if (failure) throw failure;
    this.sent.push({ channel, reply, key: options?.idempotencyKey });
    return { messageId: `m${this.sent.length}` };
  }
}

const reply = (title: string): string => JSON.stringify({ title, items: [{ date: '2026-01-01', precision: 'day', summary: title, sources: [] }] } satisfies Reply);

function setup(platform: ChannelPoster, clock: { now: Date }) {
  const app = tempApp({ now: () => clock.now });
  const sender = new OutboxSender(app.store, [platform], { maxAttempts: 3, burstThreshold: 3 }, () => clock.now, pino({ level: 'silent' }));
  return { app, sender };
}

test('each queued message is delivered once, with its outbox key as idempotency key', async () => {
  const clock = { now: new Date('2026-01-01T00:00:00Z') };
  const platform = new ScriptedPlatform();
  const { app, sender } = setup(platform, clock);
  try {
    for (const channel of ['discord:1', 'discord:2']) {
      app.store.outbox.enqueue(OPERATOR, { key: `${channel}|onthisday|assange|2026-01-01`, channelRef: channel, kind: 'onthisday', subject: 'assange', payload: reply('hello') }, clock.now);
    }
    assert.equal(app.store.outbox.enqueue(OPERATOR, { key: 'discord:1|onthisday|assange|2026-01-01', channelRef: 'discord:1', kind: 'onthisday', subject: 'assange', payload: reply('again') }, clock.now), false, 'same key, not queued twice');
    const report = await sender.drain();
    assert.equal(report.delivered, 2);
    assert.deepEqual(platform.sent.map((s) => s.key).sort(), ['discord:1|onthisday|assange|2026-01-01', 'discord:2|onthisday|assange|2026-01-01']);
    assert.equal((await sender.drain()).delivered, 0, 'nothing is sent twice');
  } finally {
    app.remove();
  }
});

test('429 waits for retry_after, 5xx backs off, and giving up records why', async () => {
  const clock = { now: new Date('2026-01-01T00:00:00Z') };
  const platform = new ScriptedPlatform((channel, call) =>
    channel === 'discord:limited' && call === 0 ? new PostError('rate limited', 'retry', 30_000)
      : channel === 'discord:down' ? new PostError('HTTP 502', 'retry') : undefined);
  const { app, sender } = setup(platform, clock);
  try {
    app.store.outbox.enqueue(OPERATOR, { key: 'a', channelRef: 'discord:limited', kind: 'alert', subject: 's', payload: reply('one') }, clock.now);
    app.store.outbox.enqueue(OPERATOR, { key: 'b', channelRef: 'discord:down', kind: 'alert', subject: 's', payload: reply('two') }, clock.now);
    await sender.drain();
    const limited = app.store.outbox.recentAllTenants(10).find((r) => r.key === 'a')!;
    assert.equal(limited.status, 'queued');
    assert.ok(new Date(limited.nextAttemptAt).getTime() >= clock.now.getTime() + 30_000, 'honours retry_after');
    for (let i = 0; i < 5; i++) {
      clock.now = new Date(clock.now.getTime() + 15 * 60_000);
      await sender.drain();
    }
    const rows = Object.fromEntries(app.store.outbox.recentAllTenants(10).map((r) => [r.key, r]));
    assert.equal(rows.a!.status, 'delivered');
    assert.equal(rows.b!.status, 'failed');
    assert.match(rows.b!.lastError ?? '', /gave up after 3 attempts: HTTP 502/);
  } finally {
    app.remove();
  }
});

test('a deleted channel pauses its subscriptions and keeps its messages; others are unaffected', async () => {
  const clock = { now: new Date('2026-01-01T00:00:00Z') };
  const platform = new ScriptedPlatform((channel) => (channel === 'discord:gone' ? new PostError('Unknown Channel', 'broken-target') : undefined));
  const { app, sender } = setup(platform, clock);
  try {
    const topic = app.store.topics.get('assange')!;
    const settings = { mode: 'instant', localTime: '09:00', timezone: 'UTC', onThisDay: true, filter: null } as const;
    app.store.subscriptions.save('discord:gone', topic.id, settings, 'u', clock.now);
    app.store.subscriptions.save('discord:fine', topic.id, settings, 'u', clock.now);
    for (const channel of ['discord:gone', 'discord:fine']) {
      app.store.outbox.enqueue(OPERATOR, { key: `${channel}|x`, channelRef: channel, kind: 'alert', subject: 's', payload: reply('news') }, clock.now);
    }
    const report = await sender.drain();
    assert.deepEqual([report.delivered, report.paused], [1, 1]);
    assert.equal(app.store.subscriptions.get('discord:gone', topic.id)?.pausedReason, 'Unknown Channel');
    assert.equal(app.store.outbox.recentAllTenants(10).find((r) => r.channelRef === 'discord:gone')?.status, 'queued', 'not lost');
    // Re-subscribing lifts the pause, and the kept message goes out.
    app.store.subscriptions.save('discord:gone', topic.id, settings, 'u', clock.now);
    clock.now = new Date(clock.now.getTime() + 2 * 3_600_000);
    platform.sent.length = 0;
    const unpaused = new OutboxSender(app.store, [new ScriptedPlatform()], { maxAttempts: 3, burstThreshold: 3 }, () => clock.now, pino({ level: 'silent' }));
    assert.equal((await unpaused.drain()).delivered, 1);
  } finally {
    app.remove();
  }
});

test('a burst of alerts to one channel becomes one message', async () => {
  const clock = { now: new Date('2026-01-01T00:00:00Z') };
  const platform = new ScriptedPlatform();
  const { app, sender } = setup(platform, clock);
  try {
    for (let i = 0; i < 6; i++) {
      app.store.outbox.enqueue(OPERATOR, { key: `discord:9|alert|story:${i}`, channelRef: 'discord:9', kind: 'alert', subject: 'assange', payload: reply(`story ${i}`) }, clock.now);
    }
    app.store.outbox.enqueue(OPERATOR, { key: 'discord:8|alert|story:0', channelRef: 'discord:8', kind: 'alert', subject: 'assange', payload: reply('story 0') }, clock.now);
    await sender.drain();
    const burst = platform.sent.filter((s) => s.channel === 'discord:9');
    assert.equal(burst.length, 1);
    assert.equal(burst[0]!.reply.items.length, 6);
    assert.match(burst[0]!.reply.title, /6 new stories/);
    assert.equal(burst[0]!.reply.footer, '6 stories');
    assert.equal(platform.sent.filter((s) => s.channel === 'discord:8').length, 1);
    assert.equal(app.store.outbox.countsAllTenants().delivered, 7);
  } finally {
    app.remove();
  }
});

test('the rate limiter keeps every window within the platform limits', async () => {
  let t = 0;
  const limiter = new RateLimiter({ discord: { global: { count: 50, windowMs: 1000 }, perChannel: { count: 5, windowMs: 5000 } } }, () => t);
  const original = globalThis.setTimeout;
  // Advance the limiter's clock instead of sleeping.
  globalThis.setTimeout = ((fn: () => void, ms: number) => { t += ms; return original(fn, 0); }) as typeof setTimeout;
  const within = (times: number[], windowMs: number) => Math.max(...times.map((start) => times.filter((x) => x >= start && x < start + windowMs).length));
  try {
    const oneChannel: number[] = [];
    for (let i = 0; i < 20; i++) {
      await limiter.acquire('discord', 'discord:1');
      oneChannel.push(t);
    }
    assert.ok(within(oneChannel, 5000) <= 5, 'at most 5 posts to a channel in any 5 s');
    const manyChannels: number[] = [];
    for (let i = 0; i < 300; i++) {
      await limiter.acquire('discord', `discord:${100 + i}`);
      manyChannels.push(t);
    }
    assert.ok(within(manyChannels, 1000) <= 50, 'at most 50 posts in any second');
    const seconds = (manyChannels.at(-1)! - manyChannels[0]!) / 1000;
    assert.ok(300 / seconds >= 45, `close to the limit: ${(300 / seconds).toFixed(1)} per second`);
  } finally {
    globalThis.setTimeout = original;
  }
});

test('counts read as English: 1 story, 0 stories, 4 stories', () => {
  assert.deepEqual([1, 0, 4].map((n) => countLabel(n, 'story', 'stories')), ['1 story', '0 stories', '4 stories']);
  assert.equal(countLabel(2), '2 events');
});

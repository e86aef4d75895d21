import assert from 'node:assert/strict';
import { test } from 'node:test';
import { webApi } from '@slack/bolt';
import pino from 'pino';
import { OutboxSender } from '../src/core/delivery/sender.js';
import type { Reply } from '../src/core/reply.js';
import { SlackPoster } from '../src/slack/poster.js';
import { BOT_TOKEN, FakeSlack } from './fakes/slack.js';
import { tempApp } from './helpers/app.js';
import { OPERATOR } from '../src/store/index.js';

// A send in doubt (marked, then the process died) is checked against the channel's history before any resend,
// through the Slack fake: found, it is marked delivered; not there, it is sent once; history unreadable or
// rate-limited, it waits and nothing is sent.

const payload = JSON.stringify({ title: 'New on Assange', items: [], text: 'A story' } satisfies Reply);

async function setup() {
  const fake = await FakeSlack.start();
  const clock = { now: new Date() };
  const app = tempApp({ now: () => clock.now });
  const client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logger: undefined });
  const poster = new SlackPoster(client);
  const sender = new OutboxSender(app.store, [poster], { maxAttempts: 5, burstThreshold: 3 }, () => clock.now, pino({ level: 'silent' }));
  /** A queued row whose send had begun when the bot died; `posted`: the message had gone out. */
  const inDoubt = async (channel: string, posted: boolean) => {
    const key = `slack:${channel}|alert|assange|story:1`;
    app.store.outbox.enqueue(OPERATOR, { key, channelRef: `slack:${channel}`, kind: 'alert', subject: 'assange', payload }, clock.now);
    const row = app.store.outbox.recentAllTenants(1, `slack:${channel}`)[0]!;
    app.store.outbox.beginSend([row.id], new Date());
    if (posted) await poster.post(`slack:${channel}`, JSON.parse(payload) as Reply, { idempotencyKey: key });
    return row.id;
  };
  const row = (id: number) => app.store.outbox.recentAllTenants(50).find((r) => r.id === id)!;
  return { fake, clock, app, sender, inDoubt, row, cleanup: async () => { app.remove(); await fake.stop(); } };
}

test('a send in doubt that went out is found in history and marked delivered, not sent again', async () => {
  const { fake, sender, inDoubt, row, cleanup } = await setup();
  try {
    const id = await inDoubt('C0ONE', true);
    const report = await sender.drain();
    assert.equal(report.delivered, 1);
    assert.equal(fake.posted.get('C0ONE')!.length, 1, 'no second message');
    assert.equal(row(id).status, 'delivered');
    assert.equal(row(id).platformMessageId, fake.posted.get('C0ONE')![0]!.ts);
    assert.equal(fake.historyReads, 1);
  } finally {
    await cleanup();
  }
});

test('a send in doubt that never went out is sent once after the history check', async () => {
  const { fake, sender, inDoubt, row, cleanup } = await setup();
  try {
    const id = await inDoubt('C0TWO', false);
    await sender.drain();
    assert.equal(fake.posted.get('C0TWO')!.length, 1);
    assert.equal(fake.posted.get('C0TWO')![0]!.metadata?.event_type, 'dateline_delivery');
    assert.equal(row(id).status, 'delivered');
    assert.equal(row(id).sendingSince, null);
  } finally {
    await cleanup();
  }
});

test('when history is rate-limited or fails, the row waits: nothing is resent blind', async () => {
  const { fake, clock, sender, inDoubt, row, cleanup } = await setup();
  try {
    const id = await inDoubt('C0THREE', false);
    fake.historyRateLimited = 1;
    await sender.drain();
    assert.equal(fake.posted.get('C0THREE'), undefined, 'not sent while its history is unknown');
    assert.equal(row(id).status, 'queued');
    assert.match(row(id).lastError ?? '', /waiting to check the channel's history/);
    assert.ok(row(id).sendingSince, 'still in doubt');
    fake.failNext((r) => r.path.endsWith('conversations.history'), 500);
    clock.now = new Date(clock.now.getTime() + 61_000);
    await sender.drain();
    assert.equal(fake.posted.get('C0THREE'), undefined, 'a failed read does not send either');
    clock.now = new Date(clock.now.getTime() + 61_000);
    await sender.drain();
    assert.equal(fake.posted.get('C0THREE')!.length, 1, 'sent once the history could be read');
    assert.equal(row(id).status, 'delivered');
  } finally {
    await cleanup();
  }
});

test('a stored message that is not valid JSON fails alone, with the reason', async () => {
  const { fake, clock, app, sender, cleanup } = await setup();
  try {
    app.store.outbox.enqueue(OPERATOR, { key: 'bad', channelRef: 'slack:C0BAD', kind: 'alert', subject: 'assange', payload: '{"title": ' }, clock.now);
    app.store.outbox.enqueue(OPERATOR, { key: 'good', channelRef: 'slack:C0GOOD', kind: 'alert', subject: 'assange', payload }, clock.now);
    const report = await sender.drain();
    assert.deepEqual({ delivered: report.delivered, failed: report.failed }, { delivered: 1, failed: 1 });
    const bad = app.store.outbox.recentAllTenants(10).find((r) => r.key === 'bad')!;
    assert.equal(bad.status, 'failed');
    assert.match(bad.lastError ?? '', /not valid JSON/);
    assert.equal(fake.posted.get('C0GOOD')!.length, 1);
  } finally {
    await cleanup();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCommandLine } from '../src/core/commands/run.js';
import type { Caller } from '../src/core/commands/types.js';
import { checkLocalTime, checkTimeZone, localParts, zonedInstant } from '../src/core/schedule/localtime.js';
import { latestOccurrence, planDuePosts } from '../src/core/schedule/scheduler.js';
import type { Reply } from '../src/core/reply.js';
import { tempApp } from './helpers/app.js';
import { OPERATOR } from '../src/store/index.js';

const manager: Caller = { channel: 'console:news', userId: 'ed', canManage: true };

test('09:00 local time is DST-correct in London and New York', () => {
  // London: GMT in winter, BST (UTC+1) in summer; the clocks went forward on 29 March 2026.
  assert.equal(zonedInstant('2026-03-28', '09:00', 'Europe/London').toISOString(), '2026-03-28T09:00:00.000Z');
  assert.equal(zonedInstant('2026-03-29', '09:00', 'Europe/London').toISOString(), '2026-03-29T08:00:00.000Z');
  // New York: EST (UTC-5) until 8 March 2026, then EDT (UTC-4).
  assert.equal(zonedInstant('2026-03-07', '09:00', 'America/New_York').toISOString(), '2026-03-07T14:00:00.000Z');
  assert.equal(zonedInstant('2026-03-08', '09:00', 'America/New_York').toISOString(), '2026-03-08T13:00:00.000Z');
  // And back in autumn.
  assert.equal(zonedInstant('2026-11-01', '09:00', 'America/New_York').toISOString(), '2026-11-01T14:00:00.000Z');
  assert.deepEqual(localParts(new Date('2026-07-01T08:00:00Z'), 'Europe/London'), { date: '2026-07-01', time: '09:00' });
});

test('a time skipped by the spring-forward jump is posted just after it', () => {
  // 02:30 does not exist in New York on 8 March 2026; it becomes 03:30 EDT.
  assert.equal(zonedInstant('2026-03-08', '02:30', 'America/New_York').toISOString(), '2026-03-08T07:30:00.000Z');
});

test('the latest occurrence is today once the time has passed, else yesterday', () => {
  const sub = { localTime: '09:00', timezone: 'Europe/London' };
  assert.deepEqual(latestOccurrence(sub, new Date('2026-08-13T08:00:00Z')).localDate, '2026-08-13');
  assert.deepEqual(latestOccurrence(sub, new Date('2026-08-13T07:59:00Z')).localDate, '2026-08-12');
});

test('time zones and times are validated with a suggested fix', () => {
  assert.deepEqual(checkTimeZone('europe/london'), { ok: true, zone: 'Europe/London' });
  const typo = checkTimeZone('Europe/Londn');
  assert.ok(!typo.ok && /timezone: Europe\/London/.test(typo.message));
  const city = checkTimeZone('London');
  assert.ok(!city.ok && /timezone: Europe\/London/.test(city.message));
  assert.deepEqual(checkLocalTime('9:00'), { ok: true, time: '09:00' });
  const bad = checkLocalTime('25:00');
  assert.ok(!bad.ok && /time: 09:00/.test(bad.message));
});

async function subscribe(app: ReturnType<typeof tempApp>, text: string, caller: Caller = manager): Promise<Reply> {
  return runCommandLine(`/dateline subscribe ${text}`, app.registry(), app.context(caller));
}

function queued(app: ReturnType<typeof tempApp>) {
  return app.store.outbox.recentAllTenants(100).map((row) => ({ ...row, reply: JSON.parse(row.payload) as Reply }));
}

test('on 13 August at the local time, the on-this-day post names the 2015 decision, once', async () => {
  let now = new Date('2026-08-12T12:00:00Z');
  const app = tempApp({ now: () => now });
  try {
    const reply = await subscribe(app, 'topic:assange time:09:00 timezone:Europe/London');
    assert.equal(reply.error, undefined, reply.text);
    now = new Date('2026-08-13T07:59:00Z'); // 08:59 in London
    planDuePosts(app.store, app.config, now);
    assert.equal(queued(app).filter((r) => r.kind === 'onthisday').length, 0, 'not before 09:00 local');
    now = new Date('2026-08-13T08:00:00Z'); // 09:00 BST
    planDuePosts(app.store, app.config, now);
    planDuePosts(app.store, app.config, new Date('2026-08-13T08:01:00Z'));
    const posts = queued(app).filter((r) => r.kind === 'onthisday');
    assert.equal(posts.length, 1);
    assert.equal(posts[0]!.reply.items[0]!.date, '2015-08-13');
    assert.equal(posts[0]!.reply.items[0]!.note, '11 years ago');
    assert.match(posts[0]!.reply.items[0]!.summary, /Swedish prosecutors/);
    assert.equal(posts[0]!.reply.text, undefined, 'on time, so not marked late');
  } finally {
    app.remove();
  }
});

test('a day with no anniversaries posts nothing, unless configured to say so', async () => {
  let now = new Date('2026-01-01T00:00:00Z');
  const app = tempApp({ now: () => now });
  try {
    await subscribe(app, 'topic:assange mode:off');
    now = new Date('2026-01-02T09:30:00Z');
    planDuePosts(app.store, app.config, now);
    assert.equal(queued(app).length, 0);
    planDuePosts(app.store, { ...app.config, delivery: { ...app.config.delivery, postEmptyOnThisDay: true } }, new Date('2026-01-03T09:30:00Z'));
    assert.match(queued(app)[0]?.reply.text ?? '', /Nothing in the timeline happened/);
  } finally {
    app.remove();
  }
});

test('29 February anniversaries: on the day in a leap year, on 28 February otherwise', async () => {
  let now = new Date('2025-01-01T00:00:00Z');
  const app = tempApp({ now: () => now });
  try {
    const topic = app.store.topics.get('assange')!;
    app.store.events.insert(OPERATOR, { topicId: topic.id, date: { value: '2016-02-29', precision: 'day' }, summary: 'A leap-day hearing', origin: 'manual' }, now);
    await subscribe(app, 'topic:assange mode:off timezone:UTC');
    for (const day of ['2027-02-28T09:00:00Z', '2028-02-28T09:00:00Z', '2028-02-29T09:00:00Z']) {
      now = new Date(day);
      planDuePosts(app.store, app.config, now);
    }
    const posts = queued(app).filter((r) => r.kind === 'onthisday').map((r) => r.key.split('|').at(-1)).sort();
    // 2027 is common: posted on 28 Feb. 2028 is a leap year: not on the 28th, on the 29th.
    assert.deepEqual(posts, ['2027-02-28', '2028-02-29']);
  } finally {
    app.remove();
  }
});

test('a post missed while the bot was down is caught up once, marked late', async () => {
  let now = new Date('2026-08-12T12:00:00Z');
  const app = tempApp({ now: () => now });
  try {
    await subscribe(app, 'topic:assange time:09:00 timezone:America/New_York mode:off');
    // Down from before 09:00 EDT (13:00Z) until 17:30Z: 4.5 hours late.
    now = new Date('2026-08-13T17:30:00Z');
    planDuePosts(app.store, app.config, now);
    planDuePosts(app.store, app.config, new Date('2026-08-13T17:31:00Z'));
    const posts = queued(app).filter((r) => r.kind === 'onthisday');
    assert.equal(posts.length, 1);
    assert.match(posts[0]!.reply.text ?? '', /^Late: this was due at 09:00 \(America\/New_York\)/);
  } finally {
    app.remove();
  }
});

test('daily digests list what is new since the last digest, and skip empty days', async () => {
  let now = new Date('2026-03-01T10:00:00Z');
  const app = tempApp({ now: () => now });
  try {
    await subscribe(app, 'topic:assange mode:daily time:09:00 timezone:UTC onthisday:off');
    const topic = app.store.topics.get('assange')!;
    now = new Date('2026-03-01T12:00:00Z');
    for (let i = 0; i < 12; i++) {
      app.store.events.insert(OPERATOR, { topicId: topic.id, date: { value: `2026-02-${String(i + 1).padStart(2, '0')}`, precision: 'day' }, summary: `Hearing number ${i + 1}`, origin: 'manual' }, now);
    }
    now = new Date('2026-03-02T09:00:00Z');
    planDuePosts(app.store, app.config, now);
    const digest = queued(app).find((r) => r.kind === 'digest');
    assert.ok(digest);
    assert.equal(digest.reply.items.length, 10);
    assert.match(digest.reply.text ?? '', /12 new dated events.*and 2 more/);
    now = new Date('2026-03-03T09:00:00Z');
    planDuePosts(app.store, app.config, now);
    assert.equal(queued(app).filter((r) => r.kind === 'digest').length, 1, 'nothing new: no second digest');
  } finally {
    app.remove();
  }
});

test('only members who can manage the channel change subscriptions; everyone reads them', async () => {
  const app = tempApp();
  try {
    const member: Caller = { channel: 'discord:42', userId: 'u1', canManage: false, missingPermission: 'the Manage Channels permission' };
    const refused = await subscribe(app, 'topic:assange', member);
    assert.equal(refused.error, true);
    assert.match(refused.text ?? '', /Manage Channels/);
    assert.equal(app.store.subscriptions.all().length, 0);
    await subscribe(app, 'topic:assange mode:instant filter:embassy', { ...manager, channel: 'discord:42' });
    const read = await runCommandLine('/dateline subscriptions', app.registry(), app.context(member));
    assert.match(read.text ?? '', /instant alerts.*filter "embassy"/);
    const all = await runCommandLine('/dateline subscriptions all', app.registry(), app.context(member));
    assert.equal(all.error, true);
    const gone = await runCommandLine('/dateline unsubscribe topic:assange', app.registry(), app.context(member));
    assert.equal(gone.error, true);
    assert.equal(app.store.subscriptions.all().length, 1);
  } finally {
    app.remove();
  }
});

test('bad subscription settings change nothing and say how to fix them', async () => {
  const app = tempApp();
  try {
    await subscribe(app, 'topic:assange time:08:00');
    const bad = await subscribe(app, 'topic:assange time:8pm timezone:Mars/Olympus mode:hourly');
    assert.equal(bad.error, true);
    assert.match(bad.text ?? '', /time: 09:00/);
    assert.match(bad.text ?? '', /Area\/City|Did you mean/);
    assert.match(bad.text ?? '', /mode takes instant, daily, off/);
    assert.equal(app.store.subscriptions.all()[0]!.localTime, '08:00');
    const unknown = await subscribe(app, 'topic:nosuch');
    assert.match(unknown.title, /No topic "nosuch"/);
  } finally {
    app.remove();
  }
});

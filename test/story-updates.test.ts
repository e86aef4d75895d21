// A story alerted once, then kept up to date in place, through the Discord and Slack fakes: a second outlet's report
// edits the alert (PATCH on Discord, chat.update on Slack) and posts nothing new; a new development (a ruling two
// days after the hearing) is posted in the alert's thread; edits to one message are coalesced.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import pino from 'pino';
import type { App } from '../src/app.js';
import { OutboxSender } from '../src/core/delivery/sender.js';
import { EDIT_INTERVAL_MS } from '../src/core/stories/index.js';
import type { ChannelPoster } from '../src/core/post.js';
import { CHANNEL_ID } from './fakes/discord.js';
import { CHANNEL as SLACK_CHANNEL } from './fakes/slack.js';
import { discordFixture, slackFixture } from './helpers/bots.js';
import { runCli } from './helpers/cli.js';
import { CASE, newStory, report } from './helpers/stories.js';

function subscribe(app: App, channelRef: string, followups: 'thread' | 'channel' = 'thread'): void {
  const topic = app.store.topics.get('assange')!;
  app.store.subscriptions.save(channelRef, topic.id, { mode: 'instant', localTime: '09:00', timezone: 'UTC', onThisDay: false, filter: null, followups }, 'test', app.now());
}

/** Sends what is due at `at`, as the running bot's sender does. */
const drain = (app: App, poster: ChannelPoster, at: Date) =>
  new OutboxSender(app.store, [poster], { maxAttempts: 3, burstThreshold: 3 }, () => at, pino({ level: 'silent' })).drain();

const footerOf = (body: Record<string, unknown>) => (body.embeds as { footer?: { text: string } }[])[0]?.footer?.text;

describe('Discord: a story\'s alert is edited in place and followed up in its thread', () => {
  const discord = discordFixture();

  test('second report edits the alert; a ruling two days later posts in the thread', async () => {
    const { app } = discord.temp;
    const poster = discord.bot.poster;
    subscribe(app, `discord:${CHANNEL_ID}`);
    const day1 = new Date('2031-05-20T12:00:00Z');
    const first = report(app, CASE.hearing, day1);
    assert.equal(first.alerts, 1);
    await drain(app, poster, day1);
    const messages = discord.fake.created.get(CHANNEL_ID)!;
    assert.equal(messages.length, 1);
    const alert = messages[0]!;
    assert.equal(footerOf(alert), '1 source');

    const second = report(app, CASE.hearingElsewhere, new Date('2031-05-20T16:00:00Z'));
    assert.equal(second.storyId, first.storyId, 'the second outlet joins the story');
    assert.deepEqual(second.updates, { refreshed: 0, edits: 1, followups: 0 });
    await drain(app, poster, new Date('2031-05-20T16:00:00Z'));
    assert.equal(discord.fake.created.get(CHANNEL_ID)!.length, 1, 'nothing new in the channel');
    const edits = discord.fake.edits.get(String(alert.id)) ?? [];
    assert.equal(edits.length, 1, 'one PATCH of the alert');
    assert.equal(footerOf(edits[0]!), '2 sources');
    const patch = discord.fake.log.requests.find((r) => r.method === 'PATCH')!;
    assert.equal(patch.path, `/api/v10/channels/${CHANNEL_ID}/messages/${String(alert.id)}`);

    const day3 = new Date('2031-05-22T11:00:00Z');
    const ruling = report(app, CASE.ruling, day3);
    assert.equal(ruling.storyId, first.storyId, 'the ruling belongs to the hearing\'s story');
    assert.deepEqual(ruling.updates, { refreshed: 0, edits: 1, followups: 1 });
    await drain(app, poster, day3);
    assert.equal(discord.fake.created.get(CHANNEL_ID)!.length, 1, 'still one message in the channel');
    assert.equal(discord.fake.messageThreads.get(String(alert.id)), CHANNEL_ID, 'a thread was started on the alert');
    const inThread = discord.fake.created.get(String(alert.id)) ?? [];
    assert.equal(inThread.length, 1, 'the development is posted in the thread');
    assert.match(JSON.stringify(inThread[0]!.embeds), /High Court rules Assange can appeal/);
    assert.equal(discord.fake.edits.get(String(alert.id))?.length, 2);
    assert.equal(footerOf(discord.fake.edits.get(String(alert.id))!.at(-1)!), '3 sources');
    assert.equal((await drain(app, poster, day3)).delivered, 0, 'nothing is sent twice');
  });

  test('edits to one message are coalesced: several sources within the interval make one more edit', async () => {
    const { app } = discord.temp;
    const poster = discord.bot.poster;
    const at = new Date('2031-05-22T11:00:10Z');
    const alertId = String(discord.fake.created.get(CHANNEL_ID)![0]!.id);
    const before = discord.fake.edits.get(alertId)!.length;
    for (const [n, outlet] of ['wire', 'daily', 'herald'].entries()) {
      report(app, { ...CASE.ruling, url: `https://${outlet}.example/ruling`, text: `${CASE.ruling.text} Report ${n + 1}.` }, new Date(at.getTime() + n * 1000));
    }
    await drain(app, poster, at);
    assert.equal(discord.fake.edits.get(alertId)!.length, before, 'not edited again within the interval');
    await drain(app, poster, new Date(at.getTime() + EDIT_INTERVAL_MS));
    const edits = discord.fake.edits.get(alertId)!;
    assert.equal(edits.length, before + 1, 'one edit for the three sources');
    assert.equal(footerOf(edits.at(-1)!), '6 sources');
  });
});

describe('Slack: a story\'s alert is updated with chat.update and followed up with thread_ts', () => {
  const slack = slackFixture();

  test('second report updates the alert; a ruling two days later is a thread reply', async () => {
    const { app } = slack.temp;
    const poster = slack.bot.poster;
    subscribe(app, `slack:${SLACK_CHANNEL}`);
    const day1 = new Date('2031-05-20T12:00:00Z');
    const first = report(app, CASE.hearing, day1);
    await drain(app, poster, day1);
    const alert = slack.fake.posted.get(SLACK_CHANNEL)![0]!;
    assert.match(JSON.stringify(alert.blocks), /1 source/);

    report(app, CASE.hearingElsewhere, new Date('2031-05-20T16:00:00Z'));
    await drain(app, poster, new Date('2031-05-20T16:00:00Z'));
    assert.equal(slack.fake.posted.get(SLACK_CHANNEL)!.length, 1, 'nothing new in the channel');
    assert.equal(slack.fake.updates.length, 1, 'one chat.update');
    assert.equal(slack.fake.updates[0]!.ts, alert.ts);
    assert.match(JSON.stringify(alert.blocks), /2 sources/);
    assert.equal(alert.metadata?.event_type, 'dateline_delivery', 'the edit carries its delivery tag');

    const day3 = new Date('2031-05-22T11:00:00Z');
    const ruling = report(app, CASE.ruling, day3);
    assert.equal(ruling.storyId, first.storyId);
    await drain(app, poster, day3);
    assert.equal(slack.fake.posted.get(SLACK_CHANNEL)!.length, 1, 'still one message in the channel');
    const replies = slack.fake.replies.get(`${SLACK_CHANNEL}/${alert.ts}`) ?? [];
    assert.equal(replies.length, 1, 'the development is a reply in the alert\'s thread');
    assert.match(replies[0]!.text, /High Court rules Assange can appeal/);
    assert.equal(slack.fake.updates.length, 2);
  });
});

describe('followups:channel', () => {
  const slack = slackFixture();

  test('a subscription that wants top-level posts gets the development in the channel', async () => {
    const { app } = slack.temp;
    subscribe(app, `slack:${SLACK_CHANNEL}`, 'channel');
    report(app, CASE.hearing, new Date('2031-05-20T12:00:00Z'));
    await drain(app, slack.bot.poster, new Date('2031-05-20T12:00:00Z'));
    report(app, CASE.ruling, new Date('2031-05-22T11:00:00Z'));
    await drain(app, slack.bot.poster, new Date('2031-05-22T11:00:00Z'));
    const posted = slack.fake.posted.get(SLACK_CHANNEL)!;
    assert.equal(posted.length, 2, 'the alert, then the development as a post of its own');
    assert.match(posted[1]!.text, /High Court rules Assange can appeal/);
    assert.equal(slack.fake.replies.size, 0);
  });
});

describe('Discord forum: a post per story, kept up to date inside it', () => {
  const FORUM = '900000000000000601';
  const discord = discordFixture({ special: { [FORUM]: { type: 15 } } });

  test('a burst of stories opens one post each; a later source edits the post, a development is posted in it', async () => {
    const { app } = discord.temp;
    const poster = discord.bot.poster;
    subscribe(app, `discord:${FORUM}`);
    const at = new Date('2031-05-20T12:00:00Z');
    for (const n of [1, 2, 3, 4]) newStory(app, `Unrelated development number ${n} in the embassy saga`, at, 100 + n);
    const hearing = report(app, CASE.hearing, at);
    await drain(app, poster, at);
    const posts = discord.fake.forumPosts.get(FORUM)!;
    assert.equal(posts.length, 5, 'five stories, five posts: a burst is not combined in a forum');
    const post = posts.find((p) => p.thread.name === CASE.hearing.title)!;
    const postId = String(post.thread.id);

    report(app, CASE.hearingElsewhere, new Date('2031-05-20T16:00:00Z'));
    await drain(app, poster, new Date('2031-05-20T16:00:00Z'));
    assert.equal(discord.fake.forumPosts.get(FORUM)!.length, 5, 'no new post');
    assert.ok(discord.fake.log.requests.some((r) => r.method === 'PATCH' && r.path === `/api/v10/channels/${postId}/messages/${postId}`), 'the post\'s opening message is edited');
    assert.equal(footerOf(discord.fake.edits.get(postId)![0]!), '2 sources');

    const ruling = report(app, CASE.ruling, new Date('2031-05-22T11:00:00Z'));
    assert.equal(ruling.storyId, hearing.storyId);
    await drain(app, poster, new Date('2031-05-22T11:00:00Z'));
    const inPost = discord.fake.created.get(postId)!;
    assert.equal(inPost.length, 2, 'the opening message, then the development in the post');
    assert.match(JSON.stringify(inPost[1]!.embeds), /High Court rules Assange can appeal/);
  });

  test('a forum post whose answer was lost is found among the forum\'s threads, not posted again', async () => {
    const { app } = discord.temp;
    const poster = discord.bot.poster;
    const before = discord.fake.forumPosts.get(FORUM)!.length;
    const at = new Date('2031-06-01T12:00:00Z');
    newStory(app, 'A story whose forum post answer is lost', at, 200);
    discord.fake.loseNextForumAnswer = true;
    const first = await drain(app, poster, at);
    assert.equal(first.retried, 1, 'the lost answer leaves the post in doubt');
    assert.equal(discord.fake.forumPosts.get(FORUM)!.length, before + 1);
    const later = await drain(app, poster, new Date(at.getTime() + 60 * 60 * 1000));
    assert.equal(later.delivered, 1);
    assert.equal(discord.fake.forumPosts.get(FORUM)!.length, before + 1, 'no second post');
    assert.ok(discord.fake.log.requests.some((r) => r.method === 'GET' && /\/guilds\/\d+\/threads\/active$/.test(r.path)));
  });
});

test('/dateline subscribe takes followups:thread|channel, says where updates go, and refuses anything else', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-followups-'));
  try {
    const db = join(dir, 'x.db');
    const ask = (text: string) => runCli(['ask', '--channel', 'console:news', text, '--db', db]);
    const set = await ask('/dateline subscribe topic:assange mode:instant followups:channel');
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /story updates as new posts/);
    const bad = await ask('/dateline subscribe topic:assange followups:sideways');
    assert.match(bad.stdout, /followups takes thread or channel/);
    assert.match(bad.stdout, /Nothing was changed/);
    const listed = await ask('/dateline subscriptions');
    assert.match(listed.stdout, /story updates as new posts/, 'the refused change left the setting as it was');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

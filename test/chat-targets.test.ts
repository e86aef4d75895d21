import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import pino from 'pino';
import { OutboxSender } from '../src/core/delivery/sender.js';
import { readTarget } from '../src/core/targets.js';
import { CHANNEL_ID, MANAGER_PERMISSIONS, slashData, type InteractionCallback } from './fakes/discord.js';
import { USER_ID } from './fakes/slack.js';
import { discordFixture, slackFixture } from './helpers/bots.js';
import { newStory } from './helpers/stories.js';

// Subscriptions that post into a forum (a post per story) or a thread, checked for the bot's permissions first.

const CHAT_INPUT = 2;
const FORUM = '900000000000000501';
const THREAD = '900000000000000502';
const NO_EMBEDS = '900000000000000503';
const EMBED_LINKS = 1n << 14n;

describe('Discord: target channels, threads and forums', () => {
  const discord = discordFixture({ special: { [FORUM]: { type: 15 }, [THREAD]: { type: 11, parentId: CHANNEL_ID }, [NO_EMBEDS]: { type: 0, deny: EMBED_LINKS } } });

  const subscribe = (target: string): Promise<InteractionCallback> =>
    discord.fake.callback(discord.fake.interact(slashData('dateline', { topic: 'assange', mode: 'instant', target }, 'subscribe'), CHAT_INPUT, { permissions: MANAGER_PERMISSIONS }));
  const subscribed = (channel: string) => discord.temp.app.store.subscriptions.get(`discord:${channel}`, discord.temp.app.store.topics.get('assange')!.id);

  test('target is a channel picker offering forums and threads', () => {
    const put = discord.fake.log.requests.find((r) => r.method === 'PUT')!.body as { name: string; options: { name: string; options: { name: string; type: number; channel_types?: number[] }[] }[] }[];
    const target = put.find((c) => c.name === 'dateline')!.options.find((o) => o.name === 'subscribe')!.options.find((o) => o.name === 'target')!;
    assert.equal(target.type, 7);
    assert.ok([0, 11, 15].every((type) => target.channel_types!.includes(type)));
  });

  test('a channel where the bot lacks a permission is refused, naming it; nothing is saved', async () => {
    const refused = await subscribe(NO_EMBEDS);
    assert.equal(refused.data!.flags, 64);
    assert.match(refused.data!.embeds![0]!.description!, /missing Embed Links in #news-0503/);
    assert.equal(subscribed(NO_EMBEDS), undefined);
  });

  test('a forum gets one post per story, named after it; a thread gets the alerts as messages', async () => {
    const forum = await subscribe(FORUM);
    assert.equal(forum.data!.flags, undefined, forum.data!.embeds![0]!.description);
    assert.match(forum.data!.embeds![0]!.title!, /Subscribed: \/assange in the forum news-0501/);
    assert.match(forum.data!.embeds![0]!.description!, /each story gets its own post/);
    const thread = await subscribe(THREAD);
    assert.match(thread.data!.embeds![0]!.title!, /in the thread news-0502/);
    assert.ok(subscribed(FORUM) && subscribed(THREAD));

    const now = new Date('2026-11-22T10:00:00Z');
    newStory(discord.temp.app, 'Ecuador reviews the embassy arrangement', now, 1);
    newStory(discord.temp.app, 'Court hears the extradition appeal', now, 2);
    const sender = new OutboxSender(discord.temp.app.store, [discord.bot.poster], { maxAttempts: 3, burstThreshold: 3 }, () => now, pino({ level: 'silent' }));
    assert.equal((await sender.drain()).delivered, 4);
    assert.equal((await sender.drain()).delivered, 0, 'nothing twice');

    const posts = discord.fake.forumPosts.get(FORUM) ?? [];
    assert.deepEqual(posts.map((post) => post.thread.name).sort(), ['Court hears the extradition appeal', 'Ecuador reviews the embassy arrangement']);
    for (const post of posts) {
      const embeds = (post.body.message as { embeds: { title: string }[] }).embeds;
      assert.match(embeds[0]!.title, /New on Julian Assange/);
    }
    assert.equal(discord.fake.created.get(THREAD)?.length, 2, 'two alerts in the thread');
    const delivered = discord.temp.app.store.outbox.recentAllTenants(10, `discord:${FORUM}`).map((row) => row.platformMessageId);
    assert.deepEqual(delivered.sort(), posts.map((post) => String(post.thread.id)).sort(), 'each alert records its forum post');
  });
});

test('target: is read for the platform it is typed on', () => {
  assert.deepEqual(readTarget('<#900000000000000501>', 'discord:1'), { ok: true, channelRef: 'discord:900000000000000501' });
  assert.deepEqual(readTarget('<#C0NEWS123|news>', 'slack:C0GENERAL'), { ok: true, channelRef: 'slack:C0NEWS123' });
  assert.deepEqual(readTarget('news', 'console:main'), { ok: true, channelRef: 'console:news' });
  const wrong = readTarget('#news', 'slack:C0GENERAL');
  assert.ok(!wrong.ok && /#channel-name/.test(wrong.message));
});

describe('Slack: a target channel is checked with conversations.info', () => {
  const slack = slackFixture([USER_ID]);
  before(() => {
    slack.fake.channels.set('C0SECRET', { id: 'C0SECRET', name: 'secret', is_private: true, is_member: false, is_archived: false });
    slack.fake.channels.set('C0NEWSROOM', { id: 'C0NEWSROOM', name: 'newsroom', is_private: false, is_member: false, is_archived: false });
  });

  async function subscribe(target: string): Promise<{ response_type: string; text: string }> {
    const sink = slack.fake.responseUrl();
    await slack.fake.envelope('slash_commands', slack.fake.slashCommand('/dateline', `subscribe topic:assange target:${target}`, sink.url));
    return await sink.posted() as { response_type: string; text: string };
  }

  test('a private channel the bot is not in is refused with what to do; a public one is taken', async () => {
    const refused = await subscribe('<#C0SECRET|secret>');
    assert.equal(refused.response_type, 'ephemeral');
    assert.match(JSON.stringify(refused), /#secret is private and I am not in it: invite me first/);
    const topicId = slack.temp.app.store.topics.get('assange')!.id;
    assert.equal(slack.temp.app.store.subscriptions.get('slack:C0SECRET', topicId), undefined);
    const taken = await subscribe('<#C0NEWSROOM|newsroom>');
    assert.equal(taken.response_type, 'in_channel');
    assert.match(taken.text, /Subscribed: \/assange in the channel #newsroom/);
    assert.ok(slack.temp.app.store.subscriptions.get('slack:C0NEWSROOM', topicId));
  });
});

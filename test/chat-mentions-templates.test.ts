import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pino from 'pino';
import type { APIEmbed } from 'discord.js';
import type { App } from '../src/app.js';
import { OutboxSender } from '../src/core/delivery/sender.js';
import type { ChannelPoster } from '../src/core/post.js';
import { planDuePosts } from '../src/core/schedule/scheduler.js';
import { checkTemplate, MAX_TEMPLATE_LENGTH } from '../src/core/templates/index.js';
import { renderReply as renderDiscord } from '../src/discord/render.js';
import { renderReply as renderSlack } from '../src/slack/render.js';
import { CHANNEL_ID, GUILD_ID, MANAGER_PERMISSIONS, slashData, type InteractionCallback } from './fakes/discord.js';
import { USER_ID } from './fakes/slack.js';
import { discordFixture, slackFixture } from './helpers/bots.js';
import { newStory } from './helpers/stories.js';

// Role mentions and message templates, from the subscribe command to what reaches the platform fakes.

const CHAT_INPUT = 2;
const ROLE = '900000000000000777';
const OTHER_ROLE = '900000000000000888';
const GROUP = 'S0ONCALL1';
const HOSTILE_HEADLINE = `Embassy row @everyone <@&${OTHER_ROLE}> <!channel> <!subteam^S0OTHER> @here`;

const drain = (app: App, poster: ChannelPoster, now: Date) =>
  new OutboxSender(app.store, [poster], { maxAttempts: 3, burstThreshold: 3 }, () => now, pino({ level: 'silent' })).drain();

test('a template is checked when set: unknown placeholders and over-length text are refused, listing what is allowed', () => {
  const unknown = checkTemplate('{headline} on {date}');
  assert.ok(!unknown.ok);
  assert.match(unknown.message, /\{headline\}/);
  for (const name of ['title', 'date', 'summary', 'sources', 'topic', 'link']) assert.match(unknown.message, new RegExp(`\\{${name}\\}`));
  const long = checkTemplate(`{title} ${'x'.repeat(MAX_TEMPLATE_LENGTH)}`);
  assert.ok(!long.ok);
  assert.match(long.message, new RegExp(`under ${MAX_TEMPLATE_LENGTH}`));
  assert.ok(checkTemplate('{TITLE} ({date})').ok, 'placeholders are case-insensitive');
});

test('long templated text is clipped to the platforms\' limits at a word boundary', () => {
  const words = Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' ');
  const discord = renderDiscord({ title: 'x', items: [], text: words }).embeds[0]!;
  assert.ok(discord.description!.length <= 4096);
  assert.match(discord.description!, / word\d+…$/, 'ends after a whole word');
  const slack = renderSlack({ title: 'x', items: [], text: words });
  for (const block of slack.blocks) {
    const text = (block as { text?: { text: string } }).text?.text ?? '';
    assert.ok(text.length <= 3000);
  }
  assert.match((slack.blocks[1] as { text: { text: string } }).text.text, / word\d+…$/);
});

describe('Discord: mention and template from /dateline subscribe to the channel', () => {
  const discord = discordFixture();

  async function subscribe(options: Record<string, string>): Promise<InteractionCallback> {
    return discord.fake.callback(discord.fake.interact(slashData('dateline', { topic: 'assange', ...options }, 'subscribe'), CHAT_INPUT, { permissions: MANAGER_PERMISSIONS }));
  }

  test('the mention option is a role picker', () => {
    const put = discord.fake.log.requests.find((r) => r.method === 'PUT')!.body as { name: string; options: { name: string; options: { name: string; type: number }[] }[] }[];
    const subscribe = put.find((c) => c.name === 'dateline')!.options.find((o) => o.name === 'subscribe')!;
    assert.equal(subscribe.options.find((o) => o.name === 'mention')?.type, 8);
  });

  test('a bad template is refused with what is allowed, and nothing changes', async () => {
    const refused = await subscribe({ mode: 'instant', template: '{headline}' });
    assert.equal(refused.data?.flags, 64, 'only the asker sees it');
    assert.match(refused.data!.embeds![0]!.description!, /\{headline\}.*\{title\}/s);
    assert.equal(discord.temp.app.store.subscriptions.forChannelRef(`discord:${CHANNEL_ID}`).length, 0);
  });

  test('an alert pings exactly the chosen role, in the template\'s words; nothing else can ping', async () => {
    const set = await subscribe({ mode: 'instant', mention: ROLE, template: '{title} ({date}): {link}' });
    const confirmation = set.data!.embeds![0]!.description!;
    assert.match(confirmation, /alerts ping role 900000000000000777/);
    assert.match(confirmation, /Preview of an alert:\n.+\(\d{1,2} \w+ \d{4}\)/);
    const now = new Date('2026-11-22T10:00:00Z');
    newStory(discord.temp.app, HOSTILE_HEADLINE, now, 1);
    assert.equal((await drain(discord.temp.app, discord.bot.poster, now)).delivered, 1);
    const message = discord.fake.created.get(CHANNEL_ID)!.at(-1)!;
    const request = discord.fake.log.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/channels/${CHANNEL_ID}/messages`)).at(-1)!;
    const body = request.body as { content?: string; allowed_mentions?: unknown; embeds: APIEmbed[] };
    assert.equal(body.content, `<@&${ROLE}>`);
    assert.deepEqual(body.allowed_mentions, { parse: [], roles: [ROLE] });
    const description = body.embeds[0]!.description!;
    assert.match(description, /22 November 2026/);
    assert.match(description, /https:\/\/news\.example\/1/);
    assert.ok(!description.includes('@everyone') && !description.includes(`<@&${OTHER_ROLE}>`), 'article text stays inert');
    assert.ok(message.id);
  });

  test('a digest to a channel with a mention never pings', async () => {
    const at = new Date('2026-11-23T08:00:00Z');
    // The channel's subscription is its server's (it was made with /dateline subscribe there).
    const tenant = `discord:${GUILD_ID}`;
    discord.temp.app.store.subscriptions.delete(`discord:${CHANNEL_ID}`, discord.temp.app.store.topics.get('assange')!.id, tenant);
    discord.temp.app.store.subscriptions.save(`discord:${CHANNEL_ID}`, discord.temp.app.store.topics.get('assange')!.id,
      { mode: 'daily', localTime: '09:00', timezone: 'UTC', onThisDay: false, filter: null, mention: ROLE }, 'u', at, tenant);
    newStory(discord.temp.app, HOSTILE_HEADLINE, new Date('2026-11-23T08:30:00Z'), 2);
    const digestTime = new Date('2026-11-23T09:00:30Z');
    assert.ok(planDuePosts(discord.temp.app.store, discord.temp.app.config, digestTime).queued.length > 0);
    const before = discord.fake.created.get(CHANNEL_ID)!.length;
    await drain(discord.temp.app, discord.bot.poster, digestTime);
    assert.equal(discord.fake.created.get(CHANNEL_ID)!.length, before + 1);
    const request = discord.fake.log.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/channels/${CHANNEL_ID}/messages`)).at(-1)!;
    const body = request.body as { content?: string; allowed_mentions?: unknown; embeds: APIEmbed[] };
    assert.match(body.embeds[0]!.title!, /Daily digest/);
    assert.equal(body.content, undefined);
    assert.deepEqual(body.allowed_mentions, { parse: [] });
  });
});

describe('Slack: a user group mention and a template', () => {
  const slack = slackFixture([USER_ID]);

  test('subscribe with mention:<!subteam^…> pings that group on alerts, and article text cannot ping', async () => {
    const sink = slack.fake.responseUrl();
    await slack.fake.envelope('slash_commands', slack.fake.slashCommand('/dateline', `subscribe topic:assange mode:instant mention:<!subteam^${GROUP}|@oncall> template:"{topic}: {title}"`, sink.url));
    const response = await sink.posted() as { response_type: string; blocks: { text?: { text: string } }[] };
    assert.equal(response.response_type, 'in_channel');
    assert.match(response.blocks.map((b) => b.text?.text ?? '').join('\n'), /alerts ping user group S0ONCALL1/);
    const now = new Date('2026-11-22T10:00:00Z');
    newStory(slack.temp.app, HOSTILE_HEADLINE, now, 1);
    assert.equal((await drain(slack.temp.app, slack.bot.poster, now)).delivered, 1);
    const sent = slack.fake.log.requests.filter((r) => r.path === '/api/chat.postMessage').at(-1)!.body as Record<string, string>;
    assert.ok(sent.text!.startsWith(`<!subteam^${GROUP}>`), 'the notification text pings the group');
    const blocks = JSON.parse(sent.blocks!) as { text?: { text: string } }[];
    const all = `${sent.text}\n${blocks.map((b) => b.text?.text ?? '').join('\n')}`;
    assert.equal(all.match(/<!subteam\^/g)?.length, 2, 'only our group, in the fallback and the first block');
    assert.ok(!/<!channel>|<!here>|<@|(?<!\u200b)@everyone/.test(all), 'article text stays inert');
    assert.match(all, /Julian Assange and the Ecuador embassy: Embassy row/);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HTTPError, type APIEmbed } from 'discord.js';
import type { App } from '../src/app.js';
import { CommandRegistry } from '../src/core/commands/registry.js';
import type { Command } from '../src/core/commands/types.js';
import { PostError } from '../src/core/post.js';
import { textReply } from '../src/core/reply.js';
import { discordSettings, startDiscord, type DiscordBot } from '../src/discord/bot.js';
import { toPostError } from '../src/discord/poster.js';
import { decodePageId, encodePageId, renderReply } from '../src/discord/render.js';
import { tempApp } from './fakes/app.js';
import { APP_ID, CHANNEL_ID, FakeDiscord, GUILD_ID, MANAGER_PERMISSIONS, slashData, type InteractionCallback } from './fakes/discord.js';
import { waitUntil } from './helpers/wait.js';

// Real discord.js against the loopback fake: registration, commands, paging, autocomplete, rate limits, posting.

const CHAT_INPUT = 2;
const COMPONENT = 3;
const AUTOCOMPLETE = 4;
const EPHEMERAL = 64;


const embedText = (embed: APIEmbed | undefined): string =>
  [embed?.title, embed?.description, ...(embed?.fields ?? []).flatMap((f) => [f.name, f.value]), embed?.footer?.text].join('\n');

describe('Discord bot against the fake gateway', () => {
  let fake: FakeDiscord;
  let bot: DiscordBot;
  let temp: ReturnType<typeof tempApp>;

  before(async () => {
    fake = await FakeDiscord.start();
    temp = tempApp();
    bot = await startDiscord(temp.app, { token: fake.token, apiUrl: fake.apiUrl, guildId: GUILD_ID, shards: 'auto' });
  });

  after(async () => {
    await bot.stop();
    await fake.stop();
    temp.cleanup();
  });

  async function command(name: string, options: Record<string, string>, subcommand?: string, permissions?: string): Promise<InteractionCallback> {
    const id = fake.interact(slashData(name, options, subcommand), CHAT_INPUT, { permissions });
    return fake.callback(id);
  }

  test('logs in and registers every command in one bulk overwrite', async () => {
    const puts = fake.log.requests.filter((r) => r.method === 'PUT');
    assert.equal(puts.length, 1);
    assert.equal(puts[0]!.path, `/api/v10/applications/${APP_ID}/guilds/${GUILD_ID}/commands`);
    const body = puts[0]!.body as { name: string; options: { name: string; type: number; autocomplete?: boolean; required?: boolean; options?: { name: string; required?: boolean; autocomplete?: boolean }[] }[] }[];
    assert.deepEqual(body.map((c) => c.name).sort(), ['assange', 'dateline', 'help']);
    const assange = body.find((c) => c.name === 'assange')!;
    assert.deepEqual(assange.options.map((o) => [o.name, o.type, o.autocomplete]), [['query', 3, true], ['sort', 3, undefined]]);
    const dateline = body.find((c) => c.name === 'dateline')!;
    // Built from the core spec: subcommands added later (subscribe, feed, …) appear without Discord code.
    const spec = temp.app.registry().get('dateline')!.spec.subcommands!;
    assert.deepEqual(dateline.options.map((o) => o.name), spec.map((sub) => sub.name));
    assert.ok(spec.length >= 3);
    assert.ok(dateline.options.every((o) => o.type === 1));
    const timeline = dateline.options.find((o) => o.name === 'timeline')!;
    const timelineOptions = timeline.options!.map((o) => [o.name, o.required, o.autocomplete]);
    assert.deepEqual(timelineOptions[0], ['topic', true, true], 'required first, autocomplete as the spec says');
    assert.deepEqual(timelineOptions.filter(([name]) => name === 'from' || name === 'to'), [['from', false, false], ['to', false, false]]);
  });

  test('/assange query:2015 lists the two August 2015 events', async () => {
    const reply = await command('assange', { query: '2015' });
    assert.equal(reply.type, 4);
    assert.equal(reply.data!.flags ?? 0, 0);
    const text = embedText(reply.data!.embeds![0]);
    assert.match(text, /13 August 2015[\s\S]*Swedish prosecutors drop part of the allegations/);
    assert.match(text, /21 August 2015[\s\S]*Jesse Jackson visits/);
    assert.match(reply.data!.embeds![0]!.footer!.text, /\d+ events?/);
    assert.deepEqual(reply.data!.allowed_mentions, { parse: [] });
  });

  test('paging through a long answer with the next button', async () => {
    const first = await command('assange', { query: '2010..2019' });
    const [prev, next] = first.data!.components![0]!.components;
    assert.equal(prev!.disabled, true);
    assert.equal(next!.disabled, false);
    assert.deepEqual(decodePageId(next!.custom_id), { page: 2, command: '/assange 2010..2019' });
    const pageOne = first.data!.embeds![0]!;
    assert.equal(pageOne.fields!.length, 10);
    assert.match(pageOne.footer!.text, /page 1 of \d/);

    const message = { id: '9200', channel_id: CHANNEL_ID, type: 0, content: '', embeds: first.data!.embeds, components: first.data!.components, author: { id: APP_ID, username: 'dateline', discriminator: '0', avatar: null }, timestamp: new Date().toISOString(), edited_timestamp: null, attachments: [], mentions: [], mention_roles: [], mention_everyone: false, pinned: false, tts: false };
    const id = fake.interact({ custom_id: next!.custom_id, component_type: 2 }, COMPONENT, {}, { message });
    const second = await fake.callback(id);
    assert.equal(second.type, 7, 'the button updates the message in place');
    const pageTwo = second.data!.embeds![0]!;
    assert.match(pageTwo.footer!.text, /page 2 of \d/);
    assert.notEqual(pageTwo.fields![0]!.name + pageTwo.fields![0]!.value, pageOne.fields![0]!.name + pageOne.fields![0]!.value);
    // Each page holds the next most important events, in date order within the page.
    const years = (embed: typeof pageTwo) => embed.fields!.map((f) => f.name.match(/\d{4}/)![0]);
    assert.deepEqual(years(pageTwo), [...years(pageTwo)].sort(), 'page 2 reads in date order');
    const seen = new Set(pageOne.fields!.map((f) => f.name + f.value));
    assert.ok(pageTwo.fields!.every((f) => !seen.has(f.name + f.value)), 'page 2 repeats nothing of page 1');
    assert.equal(second.data!.components![0]!.components[0]!.disabled, false, 'page 2 can go back');
  });

  test('a delivered alert carries its tag in an "Open timeline" button: history finds it, and a click answers the presser alone', async () => {
    const alert = { title: 'New on Julian Assange and the Ecuador embassy', items: [], text: 'A story', more: '/assange latest' };
    const since = new Date(Date.now() - 1000);
    const { messageId } = await bot.poster.post(`discord:${CHANNEL_ID}`, alert, { idempotencyKey: 'discord:1|alert|story:1' });
    const posted = fake.created.get(CHANNEL_ID)!.find((m) => m.id === messageId)!;
    const button = (posted.components as { components: { custom_id: string; label: string }[] }[]).at(-1)!.components[0]!;
    assert.equal(button.label, 'Open timeline');
    assert.ok(!button.custom_id.includes('story:1'), 'the raw key is not shown');
    const found = await bot.poster.delivered(`discord:${CHANNEL_ID}`, { since, until: new Date() });
    assert.deepEqual([...found.values()], [messageId]);

    const id = fake.interact({ custom_id: button.custom_id, component_type: 2 }, COMPONENT, {}, { message: { ...posted, author: { ...posted.author as object } } });
    const answer = await fake.callback(id);
    assert.equal(answer.type, 4, 'a new reply, the alert stays as it is');
    assert.equal(answer.data!.flags, EPHEMERAL);
    assert.match(answer.data!.embeds![0]!.title!, /latest/i);
  });

  test('a 429 from Discord is waited out and the reply still arrives', async () => {
    fake.failNext((r) => r.method === 'POST' && r.path.endsWith('/callback'), 429, 0.2);
    const started = Date.now();
    const id = fake.interact(slashData('assange', { query: '2012' }), CHAT_INPUT);
    const attempts = await fake.log.waitFor(() => fake.log.requests.filter((r) => r.path.includes(`/interactions/${id}/`)).length === 2, 4000, 'the retried callback');
    const callbacks = fake.log.requests.filter((r) => r.path.includes(`/interactions/${id}/`));
    assert.equal(callbacks.length, 2);
    assert.ok(callbacks[1]!.at - callbacks[0]!.at >= 150, 'the retry came after retry-after');
    assert.ok(attempts.at - started < 3000);
    assert.match(embedText((callbacks[1]!.body as InteractionCallback).data!.embeds![0]), /2012/);
  });

  test('a 5xx is retried after a pause, and the reply still arrives', async () => {
    fake.failNext((r) => r.method === 'POST' && r.path.endsWith('/callback'), 502);
    const id = fake.interact(slashData('assange', { query: '2013' }), CHAT_INPUT);
    await fake.log.waitFor(() => fake.log.requests.filter((r) => r.path.includes(`/interactions/${id}/`)).length === 2, 4000, 'the retried callback');
    const [failed, retried] = fake.log.requests.filter((r) => r.path.includes(`/interactions/${id}/`));
    assert.ok(retried!.at - failed!.at >= 200, `retried after ${retried!.at - failed!.at} ms`);
    assert.match(embedText((retried!.body as InteractionCallback).data!.embeds![0]), /2013/);
  });

  test('autocomplete suggests years from the core', async () => {
    const data = { ...slashData('assange'), options: [{ name: 'query', type: 3, value: '201', focused: true }] };
    const id = fake.interact(data, AUTOCOMPLETE);
    const reply = await fake.callback(id);
    assert.equal(reply.type, 8);
    const values = reply.data!.choices!.map((c) => c.value);
    assert.ok(values.includes('2012') && values.includes('2019'));
    assert.ok(values.every((v) => v.startsWith('201')));
  });

  test('an error reply is ephemeral', async () => {
    const reply = await command('dateline', { topic: 'nope' }, 'timeline');
    assert.equal(reply.type, 4);
    assert.equal(reply.data!.flags, EPHEMERAL);
    assert.match(embedText(reply.data!.embeds![0]), /No topic "nope"/);
  });

  test('managing a channel needs Manage Channels or Manage Server', async () => {
    const refused = await command('dateline', { topic: 'assange' }, 'subscribe');
    assert.equal(refused.data!.flags, EPHEMERAL);
    assert.match(embedText(refused.data!.embeds![0]), /Manage Channels or Manage Server/);
    const allowed = await command('dateline', { topic: 'assange' }, 'subscribe', MANAGER_PERMISSIONS);
    assert.equal(allowed.data!.flags ?? 0, 0);
    assert.doesNotMatch(embedText(allowed.data!.embeds![0]), /Manage Channels/);
  });

  test('/dateline subcommands and /help answer', async () => {
    const topics = await command('dateline', {}, 'topics', MANAGER_PERMISSIONS);
    assert.match(embedText(topics.data!.embeds![0]), /\/assange: Julian Assange/);
    const help = await command('help', {});
    assert.match(embedText(help.data!.embeds![0]), /Topic commands/);
  });

  test('survives a gateway disconnect: resumes, answers, does not register again', async () => {
    fake.dropConnections(4000);
    await waitUntil(() => fake.resumes.length > 0, 'the gateway session to resume', 4000);
    assert.equal(fake.identifies.length, 1, 'resumed the session rather than identifying again');
    const reply = await command('assange', { query: '2015-08' });
    assert.match(embedText(reply.data!.embeds![0]), /Jesse Jackson/);
    assert.equal(fake.log.requests.filter((r) => r.method === 'PUT').length, 1);
  });

  test('post() sends embeds with a nonce, and maps Discord errors to PostError', async () => {
    const { messageId } = await bot.poster.post(`discord:${CHANNEL_ID}`, textReply('Digest', 'Hello @everyone'), { idempotencyKey: 'digest:2026-11-22' });
    assert.ok(messageId);
    const sent = fake.log.requests.find((r) => r.method === 'POST' && r.path.endsWith(`/channels/${CHANNEL_ID}/messages`))!.body as Record<string, unknown>;
    assert.equal(typeof sent.nonce, 'string');
    assert.ok((sent.nonce as string).length <= 25);
    assert.equal(sent.enforce_nonce, true);
    assert.deepEqual(sent.allowed_mentions, { parse: [] });
    await assert.rejects(bot.poster.post('discord:123456789012345678', textReply('x', 'y')), (e: PostError) => e instanceof PostError && e.kind === 'broken-target');
    fake.failNext((r) => r.method === 'POST' && r.path.endsWith('/messages'), 400);
    await assert.rejects(bot.poster.post(`discord:${CHANNEL_ID}`, textReply('x', 'y')), (e: PostError) => e instanceof PostError && e.kind === 'rejected');
    // What is left once the retries are spent: a server error the delivery code should try again later.
    assert.equal(toPostError(new HTTPError(503, 'Service Unavailable', 'POST', '/channels/1/messages', { body: undefined, files: undefined })).kind, 'retry');
  });

  test('every message sent carries allowed_mentions {parse: []}', () => {
    const messages = fake.log.requests
      .map((r) => ({ path: r.path, body: r.body as { type?: number; data?: { allowed_mentions?: unknown }; allowed_mentions?: unknown } | undefined }))
      .filter(({ path, body }) => body && (path.endsWith('/callback') ? [4, 7].includes(body.type!) : /\/messages|\/webhooks\//.test(path)));
    assert.ok(messages.length >= 8);
    for (const { path, body } of messages) {
      assert.deepEqual(path.endsWith('/callback') ? body!.data!.allowed_mentions : body!.allowed_mentions, { parse: [] }, path);
    }
  });
});

describe('Discord: slow answers, sharding, custom ids', () => {
  let temp: ReturnType<typeof tempApp>;
  before(() => { temp = tempApp(); });
  after(() => temp.cleanup());

  const slow = (name: string, reply: ReturnType<typeof textReply>): Command => ({
    spec: { name, description: 'slow', options: [] },
    run: () => new Promise((resolve) => setTimeout(() => resolve(reply), 1700)),
  });

  test('a slow answer is deferred, then edited; a slow error becomes ephemeral', async () => {
    const fake = await FakeDiscord.start();
    const registry = new CommandRegistry([...temp.app.registry().list(), slow('slow', textReply('Done', 'took a while')), slow('slowfail', { ...textReply('Nope', 'refused'), error: true })]);
    const app: App = { ...temp.app, registry: () => registry };
    const bot = await startDiscord(app, { token: fake.token, apiUrl: fake.apiUrl, shards: 'auto' });
    try {
      assert.ok(fake.log.requests.some((r) => r.method === 'PUT' && r.path === `/api/v10/applications/${APP_ID}/commands`), 'no guild id: global registration');
      const okId = fake.interact(slashData('slow'), CHAT_INPUT);
      const failId = fake.interact(slashData('slowfail'), CHAT_INPUT);
      assert.equal((await fake.callback(okId)).type, 5);
      assert.equal((await fake.callback(failId)).type, 5);
      const edit = await fake.log.waitFor((r) => r.method === 'PATCH' && r.path.includes(`token-${okId}/messages/@original`), 4000, 'editReply');
      assert.match(embedText((edit.body as { embeds: APIEmbed[] }).embeds[0]), /took a while/);
      const followUp = await fake.log.waitFor((r) => r.method === 'POST' && r.path.endsWith(`/token-${failId}`), 4000, 'followUp');
      assert.equal((followUp.body as { flags: number }).flags, EPHEMERAL);
      assert.ok(fake.webhookRequests(failId).some((r) => r.method === 'DELETE'), 'the public placeholder was deleted');
    } finally {
      await bot.stop();
      await fake.stop();
    }
  });

  test('follows the shard count /gateway/bot recommends', async () => {
    const fake = await FakeDiscord.start({ shards: 2 });
    const bot = await startDiscord(temp.app, { token: fake.token, apiUrl: fake.apiUrl, shards: 'auto' });
    try {
      assert.deepEqual(fake.identifies.map((i) => i.shard).sort(), [[0, 2], [1, 2]]);
      assert.equal(bot.client.ws.shards.size, 2);
    } finally {
      await bot.stop();
      await fake.stop();
    }
  });

  test('an invalid token fails with a message naming DISCORD_TOKEN', async () => {
    const fake = await FakeDiscord.start();
    try {
      await assert.rejects(startDiscord(temp.app, { token: 'wrong', apiUrl: fake.apiUrl, shards: 'auto' }), /DISCORD_TOKEN/);
    } finally {
      await fake.stop();
    }
  });

  test('a page of events with long source URLs stays inside the embed limits, links whole', () => {
    const url = `https://news.example/${'a'.repeat(150)}`;
    const items = Array.from({ length: 10 }, (_, i) => ({
      date: `2015-08-${String(i + 10)}`, precision: 'day' as const, summary: `Event ${i} ${'word '.repeat(60)}`,
      sources: Array.from({ length: 4 }, (_, j) => ({ title: `Source ${j}`, url: `${url}${j}`, published: '2015-08-20' })),
    }));
    const embed = renderReply({ title: 'Long', items, footer: '40 events' }).embeds[0]!;
    const total = embed.title!.length + embed.footer!.text.length + embed.fields!.reduce((n, f) => n + f.name.length + f.value.length, 0);
    assert.ok(total <= 6000, `embed text is ${total} characters`);
    assert.ok(embed.fields!.every((f) => f.value.length <= 1024));
    assert.ok(embed.fields!.every((f) => /^Event \d/.test(f.value)));
    const hrefs = embed.fields!.flatMap((f) => [...f.value.matchAll(/\]\((\S*?)\)/g)].map((m) => m[1]));
    assert.ok(hrefs.length >= 10, 'each event keeps at least one source link');
    for (const href of hrefs) assert.match(href!, /^https:\/\/news\.example\/a{150}\d$/);
    assert.ok(embed.fields!.every((f) => / · and \d more$/.test(f.value)));
  });

  test('DISCORD_* variables are read and checked by name', () => {
    assert.equal(discordSettings({}), null);
    assert.deepEqual(discordSettings({ DISCORD_TOKEN: 't', DISCORD_API_URL: 'http://127.0.0.1:9/api/' }), { token: 't', guildId: undefined, apiUrl: 'http://127.0.0.1:9/api', shards: 'auto' });
    assert.equal(discordSettings({ DISCORD_TOKEN: 't', DISCORD_SHARDS: '3' })!.shards, 3);
    assert.throws(() => discordSettings({ DISCORD_TOKEN: 't', DISCORD_SHARDS: 'many' }), /DISCORD_SHARDS/);
    assert.throws(() => discordSettings({ DISCORD_TOKEN: 't', DISCORD_GUILD_ID: 'general' }), /DISCORD_GUILD_ID/);
    assert.throws(() => discordSettings({ DISCORD_TOKEN: 'Bot abc' }), /DISCORD_TOKEN/);
  });

  test('page custom ids fit in 100 characters, compacting long commands', () => {
    const long = `/assange ${'embassy sweden extradition '.repeat(4).trim()}`;
    const id = encodePageId(3, long)!;
    assert.ok(id.length <= 100);
    assert.ok(id.startsWith('pz:'));
    assert.deepEqual(decodePageId(id), { page: 3, command: long });
    assert.equal(decodePageId('something-else'), null);
  });
});

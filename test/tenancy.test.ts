import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import type { App } from '../src/app.js';
import { runCommandLine } from '../src/core/commands/run.js';
import type { Caller } from '../src/core/commands/types.js';
import { purgeLeftTenants } from '../src/core/tenancy/index.js';
import { startDiscord } from '../src/discord/bot.js';
import { GuildCommandSync } from '../src/discord/guild-commands.js';
import { pollDueFeeds } from '../src/feeds/service.js';
import { startSlack } from '../src/slack/bot.js';
import { PACKAGE_ROOT } from '../src/config/index.js';
import { tempApp } from './helpers/app.js';
import { runCli } from './helpers/cli.js';
import { APP_ID, FakeDiscord, GUILD_ID, MEMBER_PERMISSIONS, slashData, type InteractionCallback } from './fakes/discord.js';
import { APP_TOKEN, BOT_TOKEN, FakeSlack, TEAM_ID } from './fakes/slack.js';
import { startFeedServer, type FeedServer, type TestFeed } from './helpers/feed-server.js';
import { waitUntil } from './helpers/wait.js';
import { OPERATOR } from '../src/store/index.js';

// Tenancy beyond the end-to-end targets: quotas and name rules, removal with confirmation, the admin role from the
// configuration, owners and /dateline tenants, removal after leaving or uninstall, following a shared topic, and the
// same article reaching two tenants.

const A = 'discord:100';
const B = 'discord:200';
const adminOf = (tenant: string, channel: string): Caller => ({ tenant, channel, userId: `admin-${tenant}`, canManage: true, isAdmin: true });

/** An app whose configuration file holds the bundled topic and these tenancy settings. */
function appWith(tenancy: Record<string, unknown>, env: NodeJS.ProcessEnv = {}, now?: () => Date): ReturnType<typeof tempApp> {
  const configDir = mkdtempSync(join(tmpdir(), 'dateline-config-'));
  const configPath = join(configDir, 'config.json');
  const { topics } = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'config/dateline.json'), 'utf8')) as { topics: unknown[] };
  writeFileSync(configPath, JSON.stringify({ topics, tenancy }));
  const app = tempApp({ configPath, log: pino({ level: 'silent' }), env: { DATELINE_ALLOW_HOSTS: '127.0.0.1', ...env }, ...(now ? { now } : {}) });
  const remove = app.remove;
  return Object.assign(app, { remove: () => { remove(); rmSync(configDir, { recursive: true, force: true }); } });
}

async function ask(app: App, caller: Caller, line: string): Promise<string> {
  const reply = await runCommandLine(line, app.registry(caller.tenant), app.context(caller), app.log);
  return [reply.title, reply.text ?? '', ...reply.items.map((item) => item.summary)].join('\n');
}

const recent = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

describe('topics from chat', () => {
  let feeds: FeedServer;
  before(async () => {
    feeds = await startFeedServer({
      '/one.xml': { title: 'One', items: [{ title: 'Acme Orbital tests an engine', link: 'https://news.example/1', published: recent(5), text: 'Acme Orbital tested an engine.' }] },
      '/two.xml': { title: 'Two', items: [] },
    });
    feeds.now = new Date();
  });
  after(() => feeds.close());

  test('names follow the command rules and clash with nothing the server sees; quotas come from the configuration', async () => {
    const app = appWith({ maxTopics: 2, maxFeeds: 1 });
    try {
      const admin = adminOf(A, 'discord:101');
      for (const [line, why] of [
        ['/dateline topic add name:Bad! title:X keywords:x', /1-32 lowercase letters/],
        ['/dateline topic add name:help title:X keywords:x', /built-in command/],
        ['/dateline topic add name:assange title:X keywords:x', /already a topic \/assange/],
        ['/dateline topic add name:acme title:X', /Add keywords/],
      ] as const) assert.match(await ask(app, admin, line), why, line);
      assert.match(await ask(app, admin, '/dateline topic add name:acme title:"Acme Orbital" keywords:"acme, orbital"'), /Added topic \/acme/);
      assert.match(await ask(app, admin, '/dateline topic add name:acme title:Again keywords:x'), /already a topic \/acme/);
      assert.match(await ask(app, admin, '/dateline topic add name:beta title:Beta keywords:beta'), /Added topic \/beta/);
      assert.match(await ask(app, admin, '/dateline topic add name:gamma title:Gamma keywords:gamma'), /No room for another topic[\s\S]*2 topics, its limit of 2/);
      // Another server's quota is its own, and it may take a name A has.
      assert.match(await ask(app, adminOf(B, 'discord:201'), '/dateline topic add name:acme title:"B acme" keywords:acme'), /Added topic \/acme: B acme/);
      assert.match(await ask(app, admin, `/dateline feed add url:${feeds.base}/one.xml topic:acme`), /Added feed/);
      assert.match(await ask(app, admin, `/dateline feed add url:${feeds.base}/two.xml topic:beta`), /No room for another feed[\s\S]*1 feeds, its limit/);
      // A shared topic's feeds are the operator's.
      assert.match(await ask(app, admin, `/dateline feed add url:${feeds.base}/two.xml topic:assange`), /shared topic[\s\S]*follow/);
      assert.equal(app.store.feeds.list(app.store.topics.get('assange')!.id).length, 0);
      assert.match(await ask(app, admin, '/dateline topic list'), /\/acme: Acme Orbital · 1 feed[\s\S]*Using 2 of 2 topics and 1 of 1 feeds/);
    } finally {
      app.remove();
    }
  });

  test('remove asks for confirmation, then leaves no feed, subscription, queued post or event behind', async () => {
    const app = appWith({});
    try {
      const admin = adminOf(A, 'discord:101');
      await ask(app, admin, '/dateline topic add name:acme title:"Acme Orbital" keywords:acme');
      await ask(app, admin, `/dateline feed add url:${feeds.base}/one.xml topic:acme`);
      await ask(app, admin, '/dateline subscribe topic:acme mode:instant');
      await pollDueFeeds(app);
      const topic = app.store.topics.get('acme', A)!;
      assert.ok(app.store.events.page(A, { topicId: topic.id, limit: 0 }).total > 0);
      app.store.outbox.enqueue(A, { key: 'discord:101|alert|acme|story:9', channelRef: 'discord:101', kind: 'alert', subject: 'acme', payload: '{}' }, app.now());
      const asked = await ask(app, admin, '/dateline topic remove name:acme');
      assert.match(asked, /Remove \/acme\?[\s\S]*1 feed, 1 channel subscription, \d+ events? and 1 post waiting[\s\S]*confirm:acme/);
      assert.ok(app.store.topics.get('acme', A), 'nothing removed before the confirmation');
      assert.match(await ask(app, admin, '/dateline topic remove name:acme confirm:acme'), /Removed \/acme/);
      const count = (sql: string) => app.store.db.prepare(sql).pluck().get(topic.id) as number;
      assert.equal(app.store.topics.get('acme', A), undefined);
      assert.equal(count('SELECT count(*) FROM feeds WHERE topic_id = ?'), 0);
      assert.equal(count('SELECT count(*) FROM subscriptions WHERE topic_id = ?'), 0);
      assert.equal(count('SELECT count(*) FROM events WHERE topic_id = ?'), 0);
      assert.equal(count('SELECT count(*) FROM event_counts WHERE topic_id = ?'), 0);
      assert.equal(app.store.outbox.countsAllTenants().queued, 0);
      assert.equal(count('SELECT count(*) FROM feed_items WHERE feed_id NOT IN (SELECT id FROM feeds) AND ? IS NOT NULL'), 0);
    } finally {
      app.remove();
    }
  });

  test('follow makes a topic of the server\'s own, seeded with the shared topic\'s words and timeline', async () => {
    const app = appWith({});
    try {
      const shared = app.store.topics.get('assange')!;
      const reply = await ask(app, adminOf(A, 'discord:101'), '/dateline topic follow from:assange name:embassy');
      const events = app.store.events.page(OPERATOR, { topicId: shared.id, limit: 0 }).total;
      assert.match(reply, new RegExp(`Added topic /embassy: Julian Assange[\\s\\S]*Seeded from /assange: ${events} events`));
      const own = app.store.topics.get('embassy', A)!;
      assert.deepEqual([own.tenant, own.keywords, own.seededFrom], [A, shared.keywords, 'operator/assange']);
      assert.match(await ask(app, adminOf(A, 'discord:101'), '/embassy 2015-08'), /Swedish prosecutors drop part of the allegations/);
      assert.match(await ask(app, adminOf(B, 'discord:201'), '/dateline look embassy 2015'), /No topic "embassy"/);
    } finally {
      app.remove();
    }
  });
});

describe('the same article reaching two tenants', () => {
  const story = { title: 'Acme Orbital reaches orbit', text: 'Acme Orbital reached orbit on Friday with its first rocket, the company said.' };
  let feeds: FeedServer;
  const routes: Record<string, TestFeed> = { '/a.xml': { title: 'A wire', items: [] }, '/b.xml': { title: 'B wire', items: [] }, '/same.xml': { title: 'Shared', items: [] } };

  before(async () => {
    feeds = await startFeedServer(routes);
    feeds.now = new Date();
  });
  after(() => feeds.close());

  async function twoTenants(urlA: string, urlB: string) {
    let clock = new Date();
    const app = appWith({}, {}, () => clock);
    for (const [tenant, channel, name] of [[A, 'discord:101', 'acme'], [B, 'discord:201', 'orbit']] as const) {
      const admin = adminOf(tenant, channel);
      assert.match(await ask(app, admin, `/dateline topic add name:${name} title:"${name}" keywords:"acme, orbital"`), /Added/);
      assert.match(await ask(app, admin, `/dateline feed add url:${tenant === A ? urlA : urlB} topic:${name}`), /Added feed/);
      assert.match(await ask(app, admin, `/dateline subscribe topic:${name} mode:instant`), /Subscribed/);
    }
    await pollDueFeeds(app); // the first poll of a new feed only records what is there
    return { app, later: (minutes: number) => { clock = new Date(clock.getTime() + minutes * 60_000); } };
  }

  const alertsIn = (app: App, channel: string) => app.store.outbox.recentAllTenants(20, channel).filter((row) => row.kind === 'alert' && row.payload.includes('reaches orbit'));

  test('through two feeds carrying identical text, both tenants are alerted and both timelines have it', async () => {
    const { app, later } = await twoTenants(`${feeds.base}/a.xml`, `${feeds.base}/b.xml`);
    try {
      routes['/a.xml']!.items.push({ ...story, link: 'https://a.example/orbit', published: recent(1) });
      routes['/b.xml']!.items.push({ ...story, link: 'https://b.example/orbit', published: recent(1) });
      later(11);
      await pollDueFeeds(app);
      assert.equal(alertsIn(app, 'discord:101').length, 1);
      assert.equal(alertsIn(app, 'discord:201').length, 1);
      assert.equal(app.store.db.prepare('SELECT count(*) FROM articles WHERE body LIKE ?').pluck().get('%reached orbit%'), 1, 'the text is stored once');
      assert.match(await ask(app, adminOf(A, 'discord:101'), '/acme orbit'), /reached orbit/);
      assert.match(await ask(app, adminOf(B, 'discord:201'), '/orbit orbit'), /reached orbit/);
    } finally {
      app.remove();
    }
  });

  test('through one URL both tenants added: fetched once per poll, delivered to each', async () => {
    const { app, later } = await twoTenants(`${feeds.base}/same.xml`, `${feeds.base}/same.xml`);
    try {
      routes['/same.xml']!.items.push({ ...story, link: 'https://same.example/orbit', published: recent(1) });
      later(11);
      const fetched = feeds.requests.filter((r) => r.path === '/same.xml').length;
      const report = await pollDueFeeds(app);
      assert.equal(report.feeds.polled, 2, 'each tenant\'s feed row is polled');
      assert.equal(feeds.requests.filter((r) => r.path === '/same.xml').length - fetched, 1, 'the URL is fetched once');
      assert.equal(alertsIn(app, 'discord:101').length, 1);
      assert.equal(alertsIn(app, 'discord:201').length, 1);
      // Neither learns of the other: each lists one feed, its own.
      assert.doesNotMatch(await ask(app, adminOf(B, 'discord:201'), '/dateline feed list'), /acme/);
    } finally {
      app.remove();
    }
  });
});

describe('owners, admins from the configuration, and leaving', () => {
  test('owners (DATELINE_OWNERS) list every tenant in chat and with dateline tenants; others are refused', async () => {
    const app = appWith({}, { DATELINE_OWNERS: 'U-owner' });
    try {
      await ask(app, adminOf(A, 'discord:101'), '/dateline topic add name:acme title:Acme keywords:acme');
      await ask(app, adminOf(B, 'discord:201'), '/dateline subscribe topic:assange');
      assert.match(await ask(app, { ...adminOf(B, 'discord:201'), userId: 'U-someone' }, '/dateline tenants'), /Only the bot's owners/);
      const listed = await ask(app, { ...adminOf(B, 'discord:201'), userId: 'U-owner' }, '/dateline tenants');
      assert.match(listed, /operator: 1 topics[\s\S]*discord:100: 1 topics, 0 feeds, 0 subscriptions[\s\S]*discord:200: 0 topics, 0 feeds, 1 subscriptions/);
      const path = join(app.dir, 'dateline.db');
      app.close();
      const cli = await runCli(['tenants', '--json', '--db', path]);
      assert.equal(cli.code, 0, cli.stderr);
      const rows = JSON.parse(cli.stdout) as { id: string; topics: number }[];
      assert.deepEqual(rows.map((row) => [row.id, row.topics]), [['operator', 1], [A, 1], [B, 0]]);
    } finally {
      app.remove();
    }
  });

  test('Discord: a role named in tenancy.adminRoles (by name or id) may add topics; a server the bot left is removed after the grace period', async () => {
    const GUILD_B = '900000000000000602';
    const fake = await FakeDiscord.start({ guilds: [{ id: GUILD_B, channels: ['900000000000000603'] }] });
    fake.roles.set(GUILD_ID, [{ id: '900000000000000700', name: 'Dateline admins' }]);
    fake.roles.set(GUILD_B, [{ id: '900000000000000701', name: 'Editors' }]);
    const app = appWith({ adminRoles: ['Dateline admins', '900000000000000701'], removeAfterDays: 7 });
    const bot = await startDiscord(app, { token: fake.token, apiUrl: fake.apiUrl, shards: 'auto' });
    const run = async (options: Record<string, string>, roles: string[], guildId = GUILD_ID) => {
      const id = fake.interact(slashData('dateline', options, 'topic'), 2, { permissions: MEMBER_PERMISSIONS, roles, guildId, ...(guildId === GUILD_B ? { channelId: '900000000000000603' } : {}) });
      return JSON.stringify((await fake.callback(id)) as InteractionCallback);
    };
    try {
      assert.match(await run({ action: 'add', name: 'plain', title: 'Plain', keywords: 'plain' }, []), /You can't add topics here/);
      assert.match(await run({ action: 'add', name: 'byname', title: 'By name', keywords: 'x' }, ['900000000000000700']), /Added topic \/byname/);
      assert.match(await run({ action: 'add', name: 'byid', title: 'By id', keywords: 'x' }, ['900000000000000701'], GUILD_B), /Added topic \/byid/);
      // Changes close together go out as one bulk overwrite per server.
      const guildPuts = (guild: string) => fake.log.requests.filter((r) => r.method === 'PUT' && r.path.endsWith(`/guilds/${guild}/commands`)).length;
      assert.match(await run({ action: 'add', name: 'second', title: 'Second', keywords: 'x' }, ['900000000000000700']), /Added/);
      assert.match(await run({ action: 'edit', name: 'second', title: 'Second, edited' }, ['900000000000000700']), /Updated/);
      await waitUntil(() => fake.guildCommands.get(GUILD_ID)?.length === 2, 'both topics among the server\'s commands');
      assert.equal(guildPuts(GUILD_ID), 1);
      // Discord allows 200 command creates per server and day: past them, the overwrite waits for the next day.
      const sync = new GuildCommandSync(app, bot.client.rest, APP_ID, undefined, app.log);
      app.store.setMeta(`discord.guildCreates.${GUILD_ID}`, JSON.stringify({ day: app.now().toISOString().slice(0, 10), creates: 200 }));
      await ask(app, { ...adminOf(`discord:${GUILD_ID}`, 'discord:1'), userId: 'x' }, '/dateline topic add name:third title:Third keywords:x');
      assert.equal(await sync.sync(GUILD_ID), 'postponed');
      sync.stop();
      assert.equal(await new GuildCommandSync(app, bot.client.rest, APP_ID, undefined, app.log).sync(GUILD_B), 'unchanged');
      fake.leaveGuild(GUILD_B);
      await waitUntil(() => app.store.tenants.usage().some((row) => row.id === `discord:${GUILD_B}` && row.leftAt !== null), 'the departure to be recorded');
      assert.deepEqual(purgeLeftTenants(app.store, new Date(Date.now() + 6 * 86_400_000), 7), [], 'kept within the grace period');
      assert.ok(app.store.topics.get('byid', `discord:${GUILD_B}`));
      const removed = purgeLeftTenants(app.store, new Date(Date.now() + 8 * 86_400_000), 7);
      assert.deepEqual(removed.map((r) => [r.tenant, r.topics]), [[`discord:${GUILD_B}`, 1]]);
      assert.equal(app.store.topics.get('byid', `discord:${GUILD_B}`), undefined);
      assert.ok(app.store.topics.get('byname', `discord:${GUILD_ID}`), 'the server the bot is still in keeps its topics');
    } finally {
      await bot.stop();
      await fake.stop();
      app.remove();
    }
  });

  test('Slack: uninstalling the app starts the workspace\'s grace period', async () => {
    const fake = await FakeSlack.start();
    const app = appWith({ removeAfterDays: 1 });
    const bot = await startSlack(app, { botToken: BOT_TOKEN, appToken: APP_TOKEN, port: 0, apiUrl: fake.apiUrl, adminUserIds: ['U0ADMIN'] });
    try {
      const sink = fake.responseUrl();
      await fake.envelope('slash_commands', fake.slashCommand('/dateline', 'topic add name:acme title:Acme keywords:acme', sink.url, 'U0ADMIN'));
      assert.match(JSON.stringify(await sink.posted()), /Added topic \/acme/);
      await fake.envelope('events_api', {
        token: 'verification-token', team_id: TEAM_ID, api_app_id: 'A0FAKE', type: 'event_callback', event_id: 'Ev1', event_time: Math.floor(Date.now() / 1000),
        event: { type: 'app_uninstalled' },
      });
      await waitUntil(() => app.store.tenants.usage().some((row) => row.id === `slack:${TEAM_ID}` && row.leftAt !== null), 'the uninstall to be recorded');
      purgeLeftTenants(app.store, new Date(Date.now() + 2 * 86_400_000), 1);
      assert.equal(app.store.topics.get('acme', `slack:${TEAM_ID}`), undefined);
    } finally {
      await bot.stop();
      await fake.stop();
      app.remove();
    }
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { openApp, type App } from '../src/app.js';
import { startBot } from '../src/cli/start.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { CHANNEL_ID, FakeDiscord, GUILD_ID, MANAGER_PERMISSIONS, MEMBER_PERMISSIONS, slashData, type InteractionCallback } from './fakes/discord.js';
import { APP_TOKEN, BOT_TOKEN, CHANNEL, FakeSlack, TEAM_ID } from './fakes/slack.js';
import { startFeedServer, type FeedServer, type TestFeed } from './helpers/feed-server.js';
import { waitUntil } from './helpers/wait.js';

// Two Discord servers and two Slack workspaces, A and B, served by one running bot (`dateline start`): A's admin
// makes a topic with a feed; A can use it at once, B sees nothing of it and cannot touch it, alerts stay in A,
// and a restart keeps everything without re-registering anything.

const CHAT_INPUT = 2;
const AUTOCOMPLETE = 4;
const GUILD_B = '900000000000000502';
const CHANNEL_B = '900000000000000503';
const TEAM_B = 'T0TEAMB';
const SLACK_CHANNEL_B = 'C0BNEWS';
const SLACK_ADMIN = 'U0ADMIN';

/** Asks again (a few times a second) until the answer matches, for at most 5 s. */
async function eventually(ask: () => Promise<string>, pattern: RegExp, what: string): Promise<string> {
  const until = Date.now() + 5000;
  for (;;) {
    const answer = await ask();
    if (pattern.test(answer)) return answer;
    if (Date.now() > until) throw new Error(`${what} never matched ${pattern}; last answer: ${answer.slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

/** Acme Orbital's newsroom feed: two launch stories now, a third added later (the alert). */
const acmeFeed: TestFeed = {
  title: 'Acme Orbital newsroom',
  items: [
    { title: 'Acme Orbital fires its Kestrel engine for ninety seconds', link: 'https://news.example/acme-kestrel', published: hoursAgo(30),
      text: 'Acme Orbital fired its Kestrel engine for ninety seconds at its test stand on Tuesday, the company said.' },
    { title: 'Acme Orbital signs a lease for a coastal launch pad', link: 'https://news.example/acme-pad', published: hoursAgo(20),
      text: 'Acme Orbital signed a twenty-year lease for a coastal launch pad on Wednesday, its chief executive said.' },
  ],
};
const LATER_ITEM = { title: 'Acme Orbital reaches orbit with its first Kestrel rocket', link: 'https://news.example/acme-orbit', published: hoursAgo(1),
  text: 'Acme Orbital reached orbit on Friday with the first flight of its Kestrel rocket, the company said after the launch.' };

type Embed = NonNullable<NonNullable<InteractionCallback['data']>['embeds']>[number];
const embedText = (reply: InteractionCallback): string => (reply.data?.embeds ?? []).map((embed: Embed) =>
  [embed.title, embed.description, ...(embed.fields ?? []).flatMap((f) => [f.name, f.value]), embed.footer?.text].join('\n')).join('\n');

describe('each server and workspace owns its topics (Discord and Slack fakes, A and B)', () => {
  let discord: FakeDiscord;
  let slack: FakeSlack;
  let feeds: FeedServer;
  let dir: string;
  let dbPath: string;
  let app: App;
  let stop: AbortController;
  let running: Promise<void>;
  let feedUrl: string;

  const env = (): NodeJS.ProcessEnv => ({
    DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl,
    SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: slack.apiUrl,
    DATELINE_ALLOW_HOSTS: '127.0.0.1',
  });

  async function startRunning(): Promise<void> {
    // Every platform has started (and each server's commands are registered) when the bot logs that it runs.
    let ready = false;
    const sink = new Writable({ write(chunk, _encoding, done) { ready ||= String(chunk).includes('Dateline is running'); done(); } });
    app = openApp({ dbPath, log: pino({ level: 'info' }, sink), env: env() });
    stop = new AbortController();
    running = startBot(app, env(), { signal: stop.signal });
    await waitUntil(() => ready, 'the bot to start on Discord and Slack', 15000);
  }

  async function stopRunning(): Promise<void> {
    stop.abort();
    await running;
    app.close();
  }

  before(async () => {
    [discord, slack, feeds] = await Promise.all([
      FakeDiscord.start({ guilds: [{ id: GUILD_B, name: 'Server B', channels: [CHANNEL_B] }] }),
      FakeSlack.start(),
      startFeedServer({ '/acme.xml': acmeFeed }),
    ]);
    feeds.now = new Date();
    feedUrl = `${feeds.base}/acme.xml`;
    slack.admins.add(SLACK_ADMIN);
    dir = mkdtempSync(join(tmpdir(), 'dateline-tenancy-'));
    dbPath = join(dir, 'tenancy.db');
    await startRunning();
  });

  after(async () => {
    if (!stop.signal.aborted) await stopRunning();
    await Promise.all([discord.stop(), slack.stop(), feeds.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** A slash command in server A (default) or B; `admin` has Manage Server. */
  async function inDiscord(where: 'A' | 'B', name: string, options: Record<string, string>, subcommand?: string, admin = true): Promise<InteractionCallback> {
    const id = discord.interact(slashData(name, options, subcommand), CHAT_INPUT, {
      permissions: admin ? MANAGER_PERMISSIONS : MEMBER_PERMISSIONS,
      ...(where === 'B' ? { guildId: GUILD_B, channelId: CHANNEL_B } : {}),
    });
    return discord.callback(id);
  }

  async function inSlack(where: 'A' | 'B', command: string, text: string, user = SLACK_ADMIN): Promise<string> {
    const sink = slack.responseUrl();
    const fields = slack.slashCommand(command, text, sink.url, user);
    await slack.envelope('slash_commands', where === 'A' ? fields : { ...fields, team_id: TEAM_B, team_domain: 'teamb', channel_id: SLACK_CHANNEL_B });
    return JSON.stringify(await sink.posted());
  }

  test('Discord A: an admin adds topic acme with a loopback feed, and /acme latest answers within 5 s', async () => {
    const added = await inDiscord('A', 'dateline', { action: 'add', name: 'acme', title: 'Acme Orbital', keywords: 'acme, orbital' }, 'topic');
    assert.match(embedText(added), /Added topic \/acme: Acme Orbital/);
    const feed = await inDiscord('A', 'dateline', { action: 'add', url: feedUrl, topic: 'acme' }, 'feed');
    assert.match(embedText(feed), /Added feed: Acme Orbital newsroom/);
    // Registered as a guild command of A, within 5 s (the registration is debounced).
    await waitUntil(() => discord.guildCommands.get(GUILD_ID)?.includes('acme') ?? false, 'acme among A\'s guild commands', 5000);
    // The feed is polled at once; its items fill the timeline.
    const answer = await eventually(async () => embedText(await inDiscord('A', 'acme', { query: 'latest' })), /Kestrel engine|coastal launch pad/, '/acme latest');
    assert.match(answer, /Acme Orbital/);
  });

  test('Discord B sees no trace of acme: topics, autocomplete, subscriptions, help, guild commands', async () => {
    const subscribed = await inDiscord('A', 'dateline', { topic: 'acme', mode: 'instant' }, 'subscribe');
    assert.match(embedText(subscribed), /Subscribed: \/acme/);
    const traces = /acme|Acme Orbital|acme\.xml|900000000000000003/i;
    assert.doesNotMatch(embedText(await inDiscord('B', 'dateline', {}, 'topics')), traces);
    assert.doesNotMatch(embedText(await inDiscord('B', 'dateline', { scope: 'all' }, 'subscriptions')), traces);
    assert.doesNotMatch(embedText(await inDiscord('B', 'help', {})), traces);
    const data = { ...slashData('dateline', {}, 'subscribe'), options: [{ name: 'subscribe', type: 1, options: [{ name: 'topic', type: 3, value: '', focused: true }] }] };
    const suggested = await discord.callback(discord.interact(data, AUTOCOMPLETE, { guildId: GUILD_B, channelId: CHANNEL_B }));
    assert.deepEqual(suggested.data!.choices!.map((c) => c.value), ['assange']);
    const inA = await discord.callback(discord.interact(data, AUTOCOMPLETE));
    assert.deepEqual(inA.data!.choices!.map((c) => c.value), ['acme', 'assange'], 'A is offered its own topic');
    assert.equal(discord.guildCommands.get(GUILD_B), undefined, 'nothing was ever registered in B');
  });

  test('Discord B can\'t touch acme: subscribe, edit and remove say "no such topic", with no confirmation asked', async () => {
    for (const [options, sub] of [[{ topic: 'acme' }, 'subscribe'], [{ action: 'edit', name: 'acme', title: 'Mine now' }, 'topic'], [{ action: 'remove', name: 'acme' }, 'topic']] as const) {
      const reply = await inDiscord('B', 'dateline', options, sub);
      const text = embedText(reply);
      assert.match(text, /No topic "acme"/);
      assert.doesNotMatch(text, /Acme Orbital|acme\.xml|Remove \/acme\?|confirm/);
    }
    // A's topic is as it was.
    assert.match(embedText(await inDiscord('A', 'dateline', { action: 'list' }, 'topic')), /\/acme: Acme Orbital · 1 feed/);
  });

  test('Discord A: a member who is not an admin is refused topic add', async () => {
    const reply = await inDiscord('A', 'dateline', { action: 'add', name: 'beta', title: 'Beta', keywords: 'beta' }, 'topic', false);
    assert.match(embedText(reply), /You can't add topics here[\s\S]*Manage/);
    assert.doesNotMatch(embedText(await inDiscord('A', 'dateline', {}, 'topics')), /\/beta/);
  });

  test('Slack A: the same in a workspace, asked with /dateline look', async () => {
    assert.match(await inSlack('A', '/dateline', 'topic add name:acme title:"Acme Orbital" keywords:"acme, orbital"'), /Added topic \/acme: Acme Orbital/);
    assert.match(await inSlack('A', '/dateline', `feed add url:${feedUrl} topic:acme`), /Added feed/);
    await eventually(() => inSlack('A', '/dateline', 'look acme latest'), /Kestrel engine|coastal launch pad/, '/dateline look acme latest');
    assert.match(await inSlack('A', '/dateline', 'subscribe topic:acme mode:instant'), /Subscribed: \/acme/);
    assert.match(await inSlack('A', '/dateline', 'topic add name:beta title:Beta keywords:beta', 'U0READER'), /You can't add topics here/);
  });

  test('Slack B sees no trace of acme and can\'t touch it', async () => {
    const traces = /acme|Acme Orbital|C0GENERAL/i;
    assert.doesNotMatch(await inSlack('B', '/dateline', 'topics'), traces);
    assert.doesNotMatch(await inSlack('B', '/dateline', 'subscriptions scope:all'), traces);
    assert.doesNotMatch(await inSlack('B', '/help', ''), traces);
    for (const text of ['look acme latest', 'subscribe topic:acme', 'topic edit name:acme title:Mine', 'topic remove name:acme']) {
      const reply = await inSlack('B', '/dateline', text);
      assert.match(reply, /No topic \\"acme\\"/, text);
      assert.doesNotMatch(reply, /Acme Orbital|acme\.xml|Remove \/acme\?/, text);
    }
  });

  test('alerts stay in their tenant: a new item alerts A\'s channels, none of B\'s', async () => {
    await inDiscord('B', 'dateline', { topic: 'assange', mode: 'instant' }, 'subscribe');
    assert.match(await inSlack('B', '/dateline', 'subscribe topic:assange mode:instant'), /Subscribed/);
    acmeFeed.items.push(LATER_ITEM);
    // Adding the feed again makes it due now (its next poll would be minutes away).
    assert.match(embedText(await inDiscord('A', 'dateline', { action: 'add', url: feedUrl, topic: 'acme' }, 'feed')), /Already watching/);
    const alerted = (messages: unknown[] | undefined) => JSON.stringify(messages ?? []).includes('first Kestrel rocket');
    await waitUntil(() => alerted(discord.created.get(CHANNEL_ID)), 'the alert in Discord A', 10000);
    assert.match(await inSlack('A', '/dateline', `feed add url:${feedUrl} topic:acme`), /Already watching/);
    await waitUntil(() => alerted(slack.posted.get(CHANNEL)), 'the alert in Slack A', 10000);
    assert.ok(!alerted(discord.created.get(CHANNEL_B)), 'nothing in Discord B');
    assert.ok(!alerted(slack.posted.get(SLACK_CHANNEL_B)), 'nothing in Slack B');
  });

  test('a restart keeps everything and changes no guild command', async () => {
    const guildPuts = () => discord.log.requests.filter((r) => r.method === 'PUT' && r.path.includes('/guilds/')).length;
    const before = guildPuts();
    await stopRunning();
    await startRunning();
    assert.equal(guildPuts(), before, 'no guild command created, changed or deleted');
    assert.match(embedText(await inDiscord('A', 'acme', { query: 'orbit' })), /first Kestrel rocket|Acme Orbital/);
    assert.match(embedText(await inDiscord('A', 'dateline', {}, 'subscriptions')), /\/acme: instant alerts/);
    assert.match(await inSlack('A', '/dateline', 'look acme kestrel'), /Kestrel/);
    assert.doesNotMatch(embedText(await inDiscord('B', 'dateline', {}, 'topics')), /acme/);
  });
});

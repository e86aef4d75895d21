import { after, before } from 'node:test';
import { startDiscord, type DiscordBot } from '../../src/discord/bot.js';
import { startSlack, type SlackBot } from '../../src/slack/bot.js';
import { tempApp } from '../fakes/app.js';
import { FakeDiscord, GUILD_ID, type FakeDiscordOptions } from '../fakes/discord.js';
import { APP_TOKEN, BOT_TOKEN, FakeSlack } from '../fakes/slack.js';

// A real bot against a loopback fake on a fresh app, started before a suite's tests and stopped after them.

export interface Fixture<Fake, Bot> {
  fake: Fake;
  bot: Bot;
  temp: ReturnType<typeof tempApp>;
}

function fixture<Fake extends { stop(): Promise<void> }, Bot extends { stop(): Promise<unknown> }>(
  startFake: () => Promise<Fake>, startBot: (fake: Fake, temp: ReturnType<typeof tempApp>) => Promise<Bot>,
): Fixture<Fake, Bot> {
  const made = {} as Fixture<Fake, Bot>;
  before(async () => {
    made.fake = await startFake();
    made.temp = tempApp();
    made.bot = await startBot(made.fake, made.temp);
  });
  after(async () => {
    await made.bot.stop();
    await made.fake.stop();
    made.temp.cleanup();
  });
  return made;
}

/** discord.js logged in to the fake gateway, with guild commands. */
export const discordFixture = (options: FakeDiscordOptions = {}): Fixture<FakeDiscord, DiscordBot> =>
  fixture(() => FakeDiscord.start(options), (fake, temp) => startDiscord(temp.app, { token: fake.token, apiUrl: fake.apiUrl, guildId: GUILD_ID, shards: 'auto' }));

/** bolt over Socket Mode to the fake, with these users as admins. */
export const slackFixture = (adminUserIds: string[] = []): Fixture<FakeSlack, SlackBot> =>
  fixture(() => FakeSlack.start(), (fake, temp) => startSlack(temp.app, { botToken: BOT_TOKEN, appToken: APP_TOKEN, port: 0, apiUrl: fake.apiUrl, adminUserIds }));

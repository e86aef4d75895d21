import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startDiscord, type DiscordBot } from '../src/discord/bot.js';
import { startSlack, type SlackBot } from '../src/slack/bot.js';
import { HOSTILE, insertHostileEvent, tempApp } from './fakes/app.js';
import { FakeDiscord, slashData } from './fakes/discord.js';
import { APP_TOKEN, BOT_TOKEN, FakeSlack } from './fakes/slack.js';

// Mentions and markup inside article text must arrive inert on both platforms.

const ZWSP = '\u200b';

describe('hostile article text arrives inert', () => {
  let discord: FakeDiscord;
  let slack: FakeSlack;
  let discordBot: DiscordBot;
  let slackBot: SlackBot;
  let temp: ReturnType<typeof tempApp>;

  before(async () => {
    [discord, slack] = await Promise.all([FakeDiscord.start(), FakeSlack.start()]);
    temp = tempApp();
    insertHostileEvent(temp.app);
    [discordBot, slackBot] = await Promise.all([
      startDiscord(temp.app, { token: discord.token, apiUrl: discord.apiUrl, shards: 'auto' }),
      startSlack(temp.app, { botToken: BOT_TOKEN, appToken: APP_TOKEN, port: 0, apiUrl: slack.apiUrl, adminUserIds: [] }),
    ]);
  });

  after(async () => {
    await Promise.all([discordBot.stop(), slackBot.stop()]);
    await Promise.all([discord.stop(), slack.stop()]);
    temp.cleanup();
  });

  test('on Discord: no mention can form, markdown is escaped, links stay ours', async () => {
    const id = discord.interact(slashData('assange', { query: '2031' }), 2);
    const reply = await discord.callback(id);
    assert.deepEqual(reply.data!.allowed_mentions, { parse: [] });
    const field = reply.data!.embeds![0]!.fields![0]!;
    const text = `${field.name}\n${field.value}`;
    assert.match(field.name, /3 February 2031/);
    assert.doesNotMatch(text, /@(?!\u200b)/, 'every @ is followed by a zero-width space');
    assert.doesNotMatch(text, /(?<!\\)<[@#]/, 'no <@…>, <@&…> or <#…> can form');
    assert.ok(text.includes(`@${ZWSP}everyone`) && text.includes(`\\<@${ZWSP}&123>`));
    assert.ok(text.includes('\\*\\*bold\\*\\*') && text.includes('\\`code\\`'), 'markdown escaped');
    assert.ok(text.includes('\\[link\\](https://evil.example)'), 'the article cannot make a masked link');
    const links = [...text.matchAll(/(?<!\\)\]\((\S+?)\)/g)].map((m) => m[1]);
    assert.deepEqual(links, ['https://news.example/a%28b%29?x=1&y=%3C2%3E'], 'only the source link, with its parentheses encoded');
  });

  test('on Slack: &, < and > are escaped, no <!channel> or <@…>, broadcast words broken, mrkdwn inert', async () => {
    const sink = slack.responseUrl();
    await slack.envelope('slash_commands', slack.slashCommand('/assange', '2031', sink.url));
    const response = (await sink.posted()) as { blocks: { text?: { text: string }; elements?: { text?: string }[] }[]; text: string };
    const texts = [response.text, ...response.blocks.flatMap((b) => [b.text?.text, ...(b.elements ?? []).map((e) => e.text)])].filter((t): t is string => Boolean(t));
    const all = texts.join('\n');
    assert.match(all, /\*3 February 2031\*/, 'our own bold date stays');
    for (const text of texts) {
      // Every <…> left is a link we built to the source's http(s) URL.
      for (const [angle] of text.matchAll(/<[^>]*>/g)) assert.match(angle, /^<https:\/\/news\.example\/[^|<>\s]+\|[^<>]*>$/);
    }
    assert.ok(all.includes('&lt;!channel&gt;') && all.includes('&lt;@&amp;123&gt;'));
    assert.ok(all.includes(`@${ZWSP}everyone`) && all.includes(`@${ZWSP}here`));
    assert.doesNotMatch(all.replace(/\*3 February 2031\*/g, ''), /[*_~`]/, 'article formatting marks neutralised');
    assert.ok(all.includes('<https://news.example/a(b)?x=1&amp;y=%3C2%3E|'), 'the source link, & escaped');
    assert.ok(!HOSTILE.summary.includes(ZWSP));
  });

  test('a hostile query is inert in the header on both platforms', async () => {
    const id = discord.interact(slashData('assange', { query: '@everyone <!channel>' }), 2);
    const reply = await discord.callback(id);
    assert.doesNotMatch(reply.data!.embeds![0]!.title!, /@(?!\u200b)/);
    const sink = slack.responseUrl();
    await slack.envelope('slash_commands', slack.slashCommand('/assange', '@everyone <!channel>', sink.url));
    const response = (await sink.posted()) as { blocks: { type: string; text?: { text: string } }[] };
    const header = response.blocks[0]!.text!.text;
    assert.ok(!header.includes('<!channel>') && !/@everyone/.test(header), header);
  });
});

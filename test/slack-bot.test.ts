import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { webApi } from '@slack/bolt';
import { PostError } from '../src/core/post.js';
import { textReply } from '../src/core/reply.js';
import { startSlack, slackSettings, type SlackBot } from '../src/slack/bot.js';
import { SlackPermissions } from '../src/slack/permissions.js';
import { PAGE_ACTION } from '../src/slack/render.js';
import { tempApp } from './fakes/app.js';
import { APP_TOKEN, BOT_TOKEN, CHANNEL, FakeSlack, SIGNING_SECRET, signedPost, USER_ID } from './fakes/slack.js';

// Real bolt against the loopback fake, over Socket Mode and over signed HTTP.

type Block = { type: string; text?: { text: string }; elements?: { text?: string; action_id?: string; value?: string }[] };
type Response = { response_type?: string; replace_original?: boolean; text?: string; blocks?: Block[] };

const blockText = (response: Response): string =>
  (response.blocks ?? []).map((b) => [b.text?.text, ...(b.elements ?? []).map((e) => e.text)].filter(Boolean).join('\n')).join('\n');

describe('Slack over Socket Mode', () => {
  let fake: FakeSlack;
  let bot: SlackBot;
  let temp: ReturnType<typeof tempApp>;

  before(async () => {
    fake = await FakeSlack.start();
    temp = tempApp();
    bot = await startSlack(temp.app, { botToken: BOT_TOKEN, appToken: APP_TOKEN, port: 0, apiUrl: fake.apiUrl, adminUserIds: ['U0LISTED'] });
  });

  after(async () => {
    await bot.stop();
    await fake.stop();
    temp.cleanup();
  });

  async function slash(command: string, text: string): Promise<{ ack: Record<string, unknown> | undefined; response: Response }> {
    const sink = fake.responseUrl();
    const ack = await fake.envelope('slash_commands', fake.slashCommand(command, text, sink.url));
    return { ack: ack.payload, response: (await sink.posted()) as Response };
  }

  test('a slash_commands envelope is acked, then answered in the channel', async () => {
    const { ack, response } = await slash('/assange', '2015');
    assert.deepEqual(ack ?? {}, {}, 'a bare ack: the answer comes through response_url');
    assert.equal(response.response_type, 'in_channel');
    assert.equal(response.blocks![0]!.type, 'header');
    const text = blockText(response);
    assert.match(text, /\*13 August 2015\*\nSwedish prosecutors drop part of the allegations/);
    assert.match(text, /\*21 August 2015\*\nUS civil rights campaigner Jesse Jackson visits/);
    assert.match(text, /Sources: Britain refuses Ecuador's request/);
    assert.match(response.text!, /August 2015/, 'a text fallback');
  });

  test('errors are ephemeral', async () => {
    const { response } = await slash('/dateline', 'timeline topic:nope');
    assert.equal(response.response_type, 'ephemeral');
    assert.match(blockText(response), /No topic "nope"/);
  });

  test('/dateline and /help use the same text parser as the console', async () => {
    const { response } = await slash('/dateline', 'topics');
    assert.match(blockText(response), /\/assange: Julian Assange/);
    const help = await slash('/help', '');
    assert.match(blockText(help.response), /Topic commands/);
  });

  test('managing a channel needs a workspace admin (users.info) or a listed user', async () => {
    const subscribe = async (userId: string) => {
      const sink = fake.responseUrl();
      await fake.envelope('slash_commands', fake.slashCommand('/dateline', 'subscribe topic:assange', sink.url, userId));
      return (await sink.posted()) as Response;
    };
    const refused = await subscribe(USER_ID);
    assert.equal(refused.response_type, 'ephemeral');
    assert.match(blockText(refused), /workspace admin or owner/);
    fake.admins.add('U0WSADMIN');
    assert.equal((await subscribe('U0WSADMIN')).response_type, 'in_channel', 'a workspace admin, from users.info');
    assert.equal((await subscribe('U0LISTED')).response_type, 'in_channel', 'listed in SLACK_ADMIN_USER_IDS');
  });

  test('paging buttons re-run the command and replace the message', async () => {
    const { response } = await slash('/assange', '2010..2019');
    const actions = response.blocks!.find((b) => b.type === 'actions')!;
    assert.deepEqual(actions.elements!.map((e) => e.action_id), [PAGE_ACTION.next]);
    const next = actions.elements![0]!;
    assert.match(blockText(response), /page 1 of \d/);
    const sink = fake.responseUrl();
    await fake.envelope('interactive', fake.buttonPress({ action_id: next.action_id!, value: next.value! }, sink.url));
    const second = (await sink.posted()) as Response;
    assert.equal(second.replace_original, true);
    assert.match(blockText(second), /page 2 of \d/);
    const ids = second.blocks!.find((b) => b.type === 'actions')!.elements!.map((e) => e.action_id);
    assert.deepEqual(ids, [PAGE_ACTION.prev, PAGE_ACTION.next]);
  });

  test('admin status comes from users.info (cached) or SLACK_ADMIN_USER_IDS', async () => {
    const client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl });
    fake.admins.add('U0ADMIN');
    const permissions = new SlackPermissions(client, new Set(['U0LISTED']), pino({ level: 'silent' }));
    const before = fake.log.requests.filter((r) => r.path === '/api/users.info').length;
    assert.equal((await permissions.callerFor(CHANNEL, 'U0ADMIN')).canManage, true);
    assert.equal((await permissions.callerFor(CHANNEL, 'U0ADMIN')).canManage, true);
    assert.equal(fake.log.requests.filter((r) => r.path === '/api/users.info').length - before, 1, 'cached');
    assert.equal((await permissions.callerFor(CHANNEL, 'U0LISTED')).canManage, true);
    const reader = await permissions.callerFor(CHANNEL, USER_ID);
    assert.deepEqual([reader.canManage, reader.channel], [false, `slack:${CHANNEL}`]);
    assert.match(reader.missingPermission!, /admin/);
  });

  test('post() sends blocks with a text fallback, and maps Slack errors to PostError', async () => {
    const { messageId } = await bot.poster.post(`slack:${CHANNEL}`, textReply('Digest', 'Hello'));
    assert.ok(messageId);
    const sent = fake.log.requests.find((r) => r.path === '/api/chat.postMessage')!.body as Record<string, string>;
    assert.equal(sent.channel, CHANNEL);
    assert.equal(sent.text, 'Digest');
    assert.equal((JSON.parse(sent.blocks!) as Block[])[0]!.type, 'header');
    await assert.rejects(bot.poster.post('slack:C0MISSING', textReply('x', 'y')), (e: PostError) => e instanceof PostError && e.kind === 'broken-target');
    fake.failNext((r) => r.path === '/api/chat.postMessage', 200, { ok: false, error: 'msg_too_long' });
    await assert.rejects(bot.poster.post(`slack:${CHANNEL}`, textReply('x', 'y')), (e: PostError) => e.kind === 'rejected');
    fake.failNext((r) => r.path === '/api/chat.postMessage', 200, { ok: false, error: 'ratelimited' });
    await assert.rejects(bot.poster.post(`slack:${CHANNEL}`, textReply('x', 'y')), (e: PostError) => e.kind === 'retry');
  });
});

describe('Slack over HTTP', () => {
  let fake: FakeSlack;
  let bot: SlackBot;
  let temp: ReturnType<typeof tempApp>;

  before(async () => {
    fake = await FakeSlack.start();
    temp = tempApp();
    bot = await startSlack(temp.app, { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, port: 0, apiUrl: fake.apiUrl, adminUserIds: [] });
  });

  after(async () => {
    await bot.stop();
    await fake.stop();
    temp.cleanup();
  });

  test('a signed slash command is acked with 200 and answered', async () => {
    const sink = fake.responseUrl();
    const res = await signedPost(bot.port!, fake.slashCommand('/assange', '2015-08', sink.url));
    assert.equal(res.status, 200);
    const response = (await sink.posted()) as Response;
    assert.equal(response.response_type, 'in_channel');
    assert.match(blockText(response), /Jesse Jackson/);
  });

  test('a forged signature gets 401 and no answer', async () => {
    const sink = fake.responseUrl();
    const res = await signedPost(bot.port!, fake.slashCommand('/assange', '2015', sink.url), { secret: 'not-the-secret' });
    assert.equal(res.status, 401);
    await assert.rejects(sink.posted(300));
  });

  test('a timestamp older than 5 minutes gets 401', async () => {
    const sink = fake.responseUrl();
    const res = await signedPost(bot.port!, fake.slashCommand('/assange', '2015', sink.url), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    assert.equal(res.status, 401);
  });

  test('a 5xx from response_url is retried with backoff', async () => {
    const sink = fake.responseUrl();
    fake.failNext((r) => r.path === new URL(sink.url).pathname, 503);
    const res = await signedPost(bot.port!, fake.slashCommand('/assange', '2012', sink.url));
    assert.equal(res.status, 200);
    await fake.log.waitFor(() => fake.log.requests.filter((r) => r.path === new URL(sink.url).pathname).length === 2, 3000, 'the retried response');
  });
});

describe('Slack settings and start-up errors', () => {
  test('variables are checked and named', () => {
    assert.equal(slackSettings({}), null);
    assert.throws(() => slackSettings({ SLACK_BOT_TOKEN: 'xapp-1' }), /SLACK_BOT_TOKEN/);
    assert.throws(() => slackSettings({ SLACK_BOT_TOKEN: 'xoxb-1' }), /SLACK_SIGNING_SECRET/);
    assert.throws(() => slackSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' }), /SLACK_APP_TOKEN/);
    assert.throws(() => slackSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_PORT: 'http' }), /SLACK_PORT/);
    const settings = slackSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_ADMIN_USER_IDS: 'U1, U2', SLACK_API_URL: 'http://127.0.0.1:9/api' });
    assert.deepEqual([settings!.adminUserIds, settings!.apiUrl, settings!.port], [['U1', 'U2'], 'http://127.0.0.1:9/api/', 3000]);
  });

  test('a refused bot token fails start-up with a message naming SLACK_BOT_TOKEN', async () => {
    const fake = await FakeSlack.start();
    const temp = tempApp();
    try {
      await assert.rejects(startSlack(temp.app, { botToken: 'xoxb-wrong', signingSecret: SIGNING_SECRET, port: 0, apiUrl: fake.apiUrl, adminUserIds: [] }), /SLACK_BOT_TOKEN/);
    } finally {
      await fake.stop();
      temp.cleanup();
    }
  });

  test('a refused app token fails start-up with a message naming SLACK_APP_TOKEN', async () => {
    const fake = await FakeSlack.start();
    const temp = tempApp();
    try {
      await assert.rejects(startSlack(temp.app, { botToken: BOT_TOKEN, appToken: 'xapp-wrong', port: 0, apiUrl: fake.apiUrl, adminUserIds: [] }), /SLACK_APP_TOKEN/);
    } finally {
      await fake.stop();
      temp.cleanup();
    }
  });
});

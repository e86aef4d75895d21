import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PACKAGE_ROOT } from '../src/config/index.js';
import { OutboxSender } from '../src/core/delivery/sender.js';
import { textReply } from '../src/core/reply.js';
import { SLACK_SCOPES, slackSettings, startSlack, type SlackBot } from '../src/slack/bot.js';
import { SealedInstallationStore } from '../src/slack/installations.js';
import { tempApp } from './helpers/app.js';
import { waitUntil } from './helpers/wait.js';
import { CLIENT_ID, CLIENT_SECRET, FakeSlack, SIGNING_SECRET, signedPost } from './fakes/slack.js';

// Several workspaces in one deployment: bolt's OAuth install flow over HTTP, each workspace's installation sealed in
// the database, and each request (and each post) served with its own workspace's token.

const KEY = 'ab'.repeat(32);
const TEAM_A = 'T0OAUTHA';
const TEAM_B = 'T0OAUTHB';

describe('Slack OAuth: installs from several workspaces', () => {
  let fake: FakeSlack;
  let bot: SlackBot;
  const app = tempApp();
  const base = () => `http://127.0.0.1:${bot.port}`;

  const settings = (key = KEY) => slackSettings({
    SLACK_CLIENT_ID: CLIENT_ID, SLACK_CLIENT_SECRET: CLIENT_SECRET, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_STATE_SECRET: 'state-secret-0123456789',
    SLACK_INSTALLATION_KEY: key, SLACK_PORT: '0', SLACK_API_URL: fake.apiUrl,
  })!;

  before(async () => {
    fake = await FakeSlack.start();
    bot = await startSlack(app, settings());
  });
  after(async () => {
    await bot.stop();
    await fake.stop();
    app.remove();
  });

  /** The install flow as a browser runs it: /slack/install redirects to Slack with a state, Slack sends the user back. */
  async function install(team: string): Promise<Response> {
    const start = await fetch(`${base()}/slack/install`, { redirect: 'manual' });
    assert.equal(start.status, 302);
    const authorize = new URL(start.headers.get('location')!);
    assert.equal(authorize.searchParams.get('client_id'), CLIENT_ID);
    assert.deepEqual(authorize.searchParams.get('scope')!.split(','), SLACK_SCOPES);
    const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
    return fetch(`${base()}/slack/oauth_redirect?code=code-${team}&state=${authorize.searchParams.get('state')}`, { headers: { cookie }, redirect: 'manual' });
  }

  test('the scopes asked for are the manifest\'s', () => {
    const manifest = readFileSync(join(PACKAGE_ROOT, 'config/slack-manifest.yml'), 'utf8');
    const bot = manifest.slice(manifest.indexOf('    bot:'), manifest.indexOf('settings:'));
    assert.deepEqual([...bot.matchAll(/^\s*- ([\w:.]+)\s*$/gm)].map((m) => m[1]), SLACK_SCOPES);
  });

  test('two workspaces install the app; their tokens are stored encrypted', async () => {
    for (const team of [TEAM_A, TEAM_B]) assert.equal((await install(team)).status, 200);
    assert.equal(app.store.slackInstallations.size(), 2);
    const stored = app.store.db.prepare('SELECT data FROM slack_installations').pluck().all() as Buffer[];
    for (const data of stored) assert.ok(!data.toString('latin1').includes('xoxb-'), 'no token in clear');
    // What a restart reads back: the same key opens them, another does not.
    assert.equal(await new SealedInstallationStore(app.store, Buffer.from(KEY, 'hex'), app.now).botToken(TEAM_A), `xoxb-install-${TEAM_A}`);
    await assert.rejects(new SealedInstallationStore(app.store, Buffer.from('cd'.repeat(32), 'hex'), app.now).botToken(TEAM_A));
    // Without the state the browser was given, the redirect is refused and nothing is stored.
    const forged = await fetch(`${base()}/slack/oauth_redirect?code=code-T0FORGED&state=made-up`, { redirect: 'manual' });
    assert.notEqual(forged.status, 200);
    assert.equal(app.store.slackInstallations.size(), 2);
  });

  test('each workspace\'s commands run as its own tenant, with its own token', async () => {
    const ask = async (team: string, text: string) => {
      const sink = fake.responseUrl();
      const form = { ...fake.slashCommand('/dateline', text, sink.url, 'U0ADMIN'), team_id: team, channel_id: `C${team}` };
      fake.admins.add('U0ADMIN');
      assert.equal((await signedPost(bot.port!, form)).status, 200);
      return JSON.stringify(await sink.posted());
    };
    assert.match(await ask(TEAM_A, 'topic add name:acme title:"Acme Orbital" keywords:acme'), /Added topic \/acme/);
    assert.match(await ask(TEAM_B, 'look acme latest'), /No topic \\"acme\\"/);
    const bearers = fake.log.requests.filter((r) => r.path === '/api/users.info').map((r) => r.headers.authorization);
    assert.ok(bearers.includes(`Bearer xoxb-install-${TEAM_A}`) && bearers.includes(`Bearer xoxb-install-${TEAM_B}`), 'users.info asked with each workspace\'s token');
    assert.equal(app.store.topics.get('acme', `slack:${TEAM_A}`)?.title, 'Acme Orbital');
    // A post to a channel goes out with its workspace's token.
    assert.match(await ask(TEAM_B, 'subscribe topic:assange mode:instant'), /Subscribed/);
    app.store.outbox.enqueue(`slack:${TEAM_B}`, { key: 'oauth-1', channelRef: `slack:C${TEAM_B}`, kind: 'notice', subject: 'assange', payload: JSON.stringify(textReply('Hello B', 'A notice')) }, app.now());
    const sender = new OutboxSender(app.store, [bot.poster], { maxAttempts: 3, burstThreshold: 3 }, app.now, app.log);
    assert.equal((await sender.drain()).delivered, 1);
    const post = fake.log.requests.find((r) => r.path === '/api/chat.postMessage');
    assert.equal(post?.headers.authorization, `Bearer xoxb-install-${TEAM_B}`);
  });

  test('uninstalling drops the workspace\'s installation and starts its grace period', async () => {
    const body = JSON.stringify({
      token: 'verification-token', team_id: TEAM_A, api_app_id: 'A0FAKE', type: 'event_callback', event_id: 'Ev0UNINSTALL',
      event_time: Math.floor(Date.now() / 1000), event: { type: 'app_uninstalled' },
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const response = await fetch(`${base()}/slack/events`, {
      method: 'POST', body, headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature },
    });
    assert.equal(response.status, 200);
    await waitUntil(() => app.store.slackInstallations.get(`team:${TEAM_A}`) === undefined, 'the installation to be dropped');
    assert.ok(app.store.slackInstallations.get(`team:${TEAM_B}`), 'the other workspace keeps its install');
    assert.ok(app.store.tenants.usage().find((row) => row.id === `slack:${TEAM_A}`)?.leftAt);
  });

  test('a wrong SLACK_INSTALLATION_KEY is refused at start-up, by name', () => {
    assert.throws(() => settings('too-short'), /SLACK_INSTALLATION_KEY/);
    assert.throws(() => slackSettings({ SLACK_CLIENT_ID: CLIENT_ID, SLACK_SIGNING_SECRET: 's' }), /SLACK_CLIENT_SECRET/);
  });
});

import assert from 'node:assert/strict';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { App } from '../src/app.js';
import { ConfigError } from '../src/config/index.js';
import { CommandRegistry } from '../src/core/commands/registry.js';
import { textReply } from '../src/core/reply.js';
import { interactionsSettings, startInteractionsEndpoint, type InteractionsEndpoint } from '../src/discord/http-interactions.js';
import { tempApp } from './fakes/app.js';
import { APP_ID, CHANNEL_ID, FakeDiscord, GUILD_ID, MEMBER_PERMISSIONS, USER } from './fakes/discord.js';

// Discord's HTTP interactions endpoint: signed requests in, the same command core, answers in the HTTP response
// or, when slow, through the webhook API of the loopback fake.

const PING = 1;
const COMMAND = 2;
const AUTOCOMPLETE = 4;

function keyPair(): { privateKey: KeyObject; publicHex: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  // The raw 32-byte key is the end of its DER encoding, as the developer portal shows it (hex).
  return { privateKey, publicHex: publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex') };
}

let counter = 0;
function interaction(type: number, data?: Record<string, unknown>): Record<string, unknown> {
  const id = `9200000000000${String(++counter).padStart(5, '0')}`;
  return {
    id, type, application_id: APP_ID, token: `token-${id}`, version: 1, guild_id: GUILD_ID, channel_id: CHANNEL_ID,
    member: { user: USER, roles: [], permissions: MEMBER_PERMISSIONS }, data,
  };
}

describe('Discord HTTP interactions endpoint', () => {
  const signer = keyPair();
  const forger = keyPair();
  let fake: FakeDiscord;
  let endpoint: InteractionsEndpoint;
  let temp: ReturnType<typeof tempApp>;

  before(async () => {
    fake = await FakeDiscord.start();
    temp = tempApp();
    const slow = { spec: { name: 'slow', description: 'slow', options: [] }, run: () => new Promise<ReturnType<typeof textReply>>((resolve) => setTimeout(() => resolve(textReply('Done', 'took a while')), 1700)) };
    const registry = new CommandRegistry([...temp.app.registry().list(), slow]);
    const app: App = { ...temp.app, registry: () => registry };
    endpoint = await startInteractionsEndpoint(app, { publicKey: signer.publicHex, port: 0, apiUrl: fake.apiUrl });
  });
  after(async () => {
    await endpoint.stop();
    await fake.stop();
    temp.cleanup();
  });

  async function post(body: Record<string, unknown>, options: { key?: KeyObject; timestamp?: number; signature?: string } = {}): Promise<Response> {
    const raw = JSON.stringify(body);
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const signature = options.signature ?? sign(null, Buffer.from(timestamp + raw), options.key ?? signer.privateKey).toString('hex');
    return fetch(`http://127.0.0.1:${endpoint.port}/interactions`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp }, body: raw,
    });
  }

  test('a signed PING gets a PONG', async () => {
    const res = await post(interaction(PING));
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { type: 1 });
  });

  test('forged, stale, tampered or unsigned requests get 401', async () => {
    assert.equal((await post(interaction(PING), { key: forger.privateKey })).status, 401, 'signed with another key');
    assert.equal((await post(interaction(PING), { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 })).status, 401, 'ten minutes old');
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = sign(null, Buffer.from(`${timestamp}${JSON.stringify(interaction(PING))}`), signer.privateKey).toString('hex');
    assert.equal((await post(interaction(COMMAND, { name: 'assange' }), { timestamp, signature })).status, 401, 'a signature of another body');
    const unsigned = await fetch(`http://127.0.0.1:${endpoint.port}/interactions`, { method: 'POST', body: JSON.stringify(interaction(PING)) });
    assert.equal(unsigned.status, 401);
  });

  test('a slash command is answered from the same core, in the HTTP response', async () => {
    const res = await post(interaction(COMMAND, { name: 'assange', type: 1, options: [{ name: 'query', type: 3, value: '2015' }] }));
    const answer = await res.json() as { type: number; data: { embeds: { fields: { name: string }[] }[]; allowed_mentions: unknown } };
    assert.equal(answer.type, 4);
    assert.deepEqual(answer.data.embeds[0]!.fields.map((f) => f.name), ['13 August 2015', '21 August 2015']);
    assert.deepEqual(answer.data.allowed_mentions, { parse: [] });
  });

  test('subcommands, errors only the asker sees, and autocomplete', async () => {
    const refused = await (await post(interaction(COMMAND, { name: 'dateline', options: [{ name: 'subscribe', type: 1, options: [{ name: 'topic', type: 3, value: 'assange' }] }] }))).json() as { type: number; data: { flags: number; embeds: { description: string }[] } };
    assert.equal(refused.type, 4);
    assert.equal(refused.data.flags, 64);
    assert.match(refused.data.embeds[0]!.description, /Manage Channels/);
    const suggested = await (await post(interaction(AUTOCOMPLETE, { name: 'assange', options: [{ name: 'query', type: 3, value: '201', focused: true }] }))).json() as { type: number; data: { choices: { value: string }[] } };
    assert.equal(suggested.type, 8);
    assert.ok(suggested.data.choices.some((c) => c.value === '2015'));
  });

  test('a slow answer is deferred, then edited through the webhook', async () => {
    const slow = interaction(COMMAND, { name: 'slow' });
    const res = await post(slow);
    assert.deepEqual(await res.json(), { type: 5 });
    const edit = await fake.log.waitFor((r) => r.method === 'PATCH' && r.path.includes(`/webhooks/${APP_ID}/${String(slow.token)}/messages/@original`), 4000, 'the edit');
    assert.match(JSON.stringify(edit.body), /took a while/);
  });

  test('a picture is sent as a multipart edit after a deferral', async () => {
    const asked = interaction(COMMAND, { name: 'dateline', options: [{ name: 'timeline', type: 1, options: [{ name: 'topic', type: 3, value: 'assange' }, { name: 'top', type: 3, value: '3' }, { name: 'picture', type: 3, value: 'on' }] }] });
    assert.deepEqual(await (await post(asked)).json(), { type: 5 });
    const edit = await fake.log.waitFor((r) => r.method === 'PATCH' && r.path.includes(String(asked.token)), 8000, 'the edit with the picture');
    assert.match(String(edit.headers['content-type']), /^multipart\/form-data/);
    assert.match(edit.raw, /filename="timeline\.png"/);
    assert.match(edit.raw, /attachment:\/\/timeline\.png/);
  });
});

test('DISCORD_PUBLIC_KEY switches the endpoint on; bad values are named', () => {
  assert.equal(interactionsSettings({}), null);
  const key = 'ab'.repeat(32);
  assert.deepEqual(interactionsSettings({ DISCORD_PUBLIC_KEY: key, DISCORD_INTERACTIONS_PORT: '8080' }), { publicKey: key, port: 8080, apiUrl: 'https://discord.com/api' });
  assert.throws(() => interactionsSettings({ DISCORD_PUBLIC_KEY: 'xyz' }), (e: Error) => e instanceof ConfigError && /DISCORD_PUBLIC_KEY/.test(e.message));
  assert.throws(() => interactionsSettings({ DISCORD_PUBLIC_KEY: key, DISCORD_INTERACTIONS_PORT: 'http' }), /DISCORD_INTERACTIONS_PORT/);
});

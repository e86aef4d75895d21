import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { WebSocket } from 'ws';
import { openApp } from '../src/app.js';
import { startDiscord } from '../src/discord/bot.js';
import { startSlack } from '../src/slack/bot.js';
import { FakeDiscord, slashData } from '../test/fakes/discord.js';
import { APP_TOKEN, BOT_TOKEN, FakeSlack } from '../test/fakes/slack.js';
import { percentile, timeCalls } from './stats.js';
import type { BenchRow } from './types.js';

// The chat round trip through each loopback fake (Discord interaction → callback; Slack Socket Mode
// envelope → response_url), beside a bare echo client on the same transport with no bot logic.

const RUNS = 500;
const QUERY = '2015-08';

/** A raw gateway client that answers every interaction with a fixed callback: the transport alone. */
async function discordEcho(fake: FakeDiscord): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${fake.port}/gateway`);
  await new Promise<void>((resolve, reject) => {
    ws.on('error', reject);
    ws.on('message', (data) => {
      const packet = JSON.parse(String(data)) as { op: number; t?: string; d: { id: string; token: string } };
      if (packet.op === 10) ws.send(JSON.stringify({ op: 2, d: { token: fake.token, intents: 1, properties: {}, shard: [0, 1] } }));
      if (packet.t === 'READY') resolve();
      if (packet.t === 'INTERACTION_CREATE') {
        void fetch(`${fake.apiUrl}/v10/interactions/${packet.d.id}/${packet.d.token}/callback`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 4, data: { content: 'echo', allowed_mentions: { parse: [] } } }),
        });
      }
    });
  });
  return ws;
}

/** A raw Socket Mode client that acks every envelope and posts a fixed answer to its response_url. */
async function slackEcho(fake: FakeSlack): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${fake.port}/link/`);
  await new Promise<void>((resolve, reject) => {
    ws.on('error', reject);
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; envelope_id?: string; payload?: { response_url: string } };
      if (frame.type === 'hello') resolve();
      if (frame.envelope_id) {
        ws.send(JSON.stringify({ envelope_id: frame.envelope_id, payload: {} }));
        void fetch(frame.payload!.response_url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'echo' }) });
      }
    });
  });
  return ws;
}

async function closed(ws: WebSocket): Promise<void> {
  const done = new Promise((resolve) => ws.once('close', resolve));
  ws.close();
  await done;
  await new Promise((resolve) => setTimeout(resolve, 20));
}

const discordRoundTrip = (fake: FakeDiscord) => () => fake.callback(fake.interact(slashData('assange', { query: QUERY }), 2));

const slackRoundTrip = (fake: FakeSlack) => async () => {
  const sink = fake.responseUrl();
  await fake.envelope('slash_commands', fake.slashCommand('/assange', QUERY, sink.url));
  await sink.posted();
};

function rows(platform: string, bot: number[], echo: number[]): BenchRow[] {
  return [50, 99].map((p) => ({
    figure: `${platform} /assange ${QUERY} round trip p${p}`,
    value: percentile(bot, p),
    unit: 'ms',
    floor: percentile(echo, p),
    floorLabel: `bare echo client on the same fake, p${p}`,
    target: p === 99 ? '< 1500 ms (Discord defers after 1.5 s; Slack wants an ack within 3 s)' : undefined,
  }));
}

export default async function bench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-bench-chat-'));
  const app = openApp({ dbPath: join(dir, 'chat.db'), log: pino({ level: 'silent' }) });
  const [discord, slack] = await Promise.all([FakeDiscord.start(), FakeSlack.start()]);
  try {
    // Floors first, with only the echo client connected; then the bot on the same fakes.
    let echo = await discordEcho(discord);
    const discordFloor = await timeCalls(RUNS, discordRoundTrip(discord));
    await closed(echo);
    echo = await slackEcho(slack);
    const slackFloor = await timeCalls(RUNS, slackRoundTrip(slack));
    await closed(echo);

    const discordBot = await startDiscord(app, { token: discord.token, apiUrl: discord.apiUrl, shards: 'auto' });
    const discordSamples = await timeCalls(RUNS, discordRoundTrip(discord));
    await discordBot.stop();
    const slackBot = await startSlack(app, { botToken: BOT_TOKEN, appToken: APP_TOKEN, port: 0, apiUrl: slack.apiUrl, adminUserIds: [] });
    const slackSamples = await timeCalls(RUNS, slackRoundTrip(slack));
    await slackBot.stop();
    return [...rows('Discord', discordSamples, discordFloor), ...rows('Slack', slackSamples, slackFloor)];
  } finally {
    await Promise.all([discord.stop(), slack.stop()]);
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

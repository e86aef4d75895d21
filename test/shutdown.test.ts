import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PACKAGE_ROOT } from '../src/config/index.js';
import { FakeDiscord } from './fakes/discord.js';
import { APP_TOKEN, BOT_TOKEN, FakeSlack } from './fakes/slack.js';
import { queueFanout } from './helpers/fanout.js';
import { waitUntil } from './helpers/wait.js';

// SIGTERM and SIGINT stop the bot within 10 s whatever the platforms are doing, with exit code 0; rows not yet
// sent stay queued and go out once at the next start. A second signal exits at once with a non-zero code.

const STOP_LIMIT_MS = 10_000;

interface Bot {
  child: ChildProcess;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** From the signal to the exit, for the diagnostics. */
  stoppedInMs?: number;
}

/** Every bot started here is killed when the file ends, so a failed wait cannot leave one running. */
const started: ChildProcess[] = [];
after(() => started.forEach((child) => child.kill('SIGKILL')));

function startBot(db: string, env: NodeJS.ProcessEnv, config?: string): Bot {
  const args = [join(PACKAGE_ROOT, 'bin/dateline.js'), 'start', '--db', db, ...(config ? ['--config', config] : [])];
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH, DATELINE_LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  started.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr += String(chunk); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, stderr: () => stderr, exited };
}

/** Sends the signal and waits for the exit, failing when it takes longer than the limit. */
async function stopWithin(bot: Bot, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const sentAt = Date.now();
  void bot.exited.then(() => { bot.stoppedInMs = Date.now() - sentAt; });
  bot.child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`still running ${STOP_LIMIT_MS} ms after ${signal}`)), STOP_LIMIT_MS); });
  try {
    return await Promise.race([bot.exited, late]);
  } finally {
    clearTimeout(timer);
    bot.child.kill('SIGKILL');
  }
}

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-stop-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('SIGTERM with the Discord fake gone after registration: the bot exits 0 within 10 s', async (t) => {
  const fake = await FakeDiscord.start();
  const bot = startBot(join(tempDir(t), 'bot.db'), { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl });
  try {
    await waitUntil(() => bot.stderr().includes('Dateline is running'), 'the bot to start', 20_000);
  } finally {
    await fake.stop();
  }
  await waitUntil(() => bot.stderr().includes('gateway'), 'discord.js to notice the outage', 10_000);
  assert.deepEqual(await stopWithin(bot, 'SIGTERM'), { code: 0, signal: null });
  t.diagnostic(`stopped ${bot.stoppedInMs} ms after SIGTERM`);
});

test('SIGINT with Slack unreachable: the bot exits 0 within 10 s', async (t) => {
  const fake = await FakeSlack.start();
  const bot = startBot(join(tempDir(t), 'bot.db'), { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: fake.apiUrl });
  try {
    await waitUntil(() => bot.stderr().includes('Dateline is running'), 'the bot to start', 20_000);
  } finally {
    await fake.stop();
  }
  assert.deepEqual(await stopWithin(bot, 'SIGINT'), { code: 0, signal: null });
  t.diagnostic(`stopped ${bot.stoppedInMs} ms after SIGINT`);
});

test('a second signal exits at once with a non-zero code, while the first stop waits on a hung send', async (t) => {
  const fake = await FakeDiscord.start({ channels: ['960000000000000001'] });
  t.after(() => fake.stop());
  fake.hangPosts = true;
  const db = join(tempDir(t), 'bot.db');
  queueFanout(db, ['discord:960000000000000001']);
  const bot = startBot(db, { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl });
  await fake.log.waitFor((r) => r.method === 'POST' && r.path.endsWith('/messages'), 20_000, 'the send that hangs');
  bot.child.kill('SIGTERM');
  await waitUntil(() => bot.stderr().includes('"msg":"stopping"'), 'the first stop to begin', 5000);
  const exit = await stopWithin(bot, 'SIGTERM');
  assert.equal(exit.code, 143, bot.stderr());
  assert.ok(bot.stderr().includes('second signal: exiting now'));
});

test('SIGTERM during a fan-out of 200 alerts: exit 0, and after the next start each alert is delivered exactly once', async (t) => {
  const channels = Array.from({ length: 200 }, (_, i) => `96${String(i).padStart(16, '0')}`);
  const fake = await FakeDiscord.start({ channels });
  t.after(() => fake.stop());
  const dir = tempDir(t);
  const config = join(dir, 'config.json');
  const shipped = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'config/dateline.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(config, JSON.stringify({ ...shipped, delivery: { discordRequestsPerSecond: 40 } }));
  const db = join(dir, 'bot.db');
  queueFanout(db, channels.map((id) => `discord:${id}`), config);
  const env = { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl };
  const messages = () => [...fake.created.values()].reduce((sum, list) => sum + list.length, 0);
  const first = startBot(db, env, config);
  await waitUntil(() => messages() >= 20, 'the fan-out to be under way', 20_000);
  assert.deepEqual(await stopWithin(first, 'SIGTERM'), { code: 0, signal: null });
  const sentBeforeStop = messages();
  t.diagnostic(`stopped ${first.stoppedInMs} ms after SIGTERM, after ${sentBeforeStop} of 200 messages`);
  assert.ok(sentBeforeStop < 200, 'the stop landed mid fan-out');

  const second = startBot(db, env, config);
  try {
    await waitUntil(() => fake.created.size === 200, 'every channel to receive the alert', 30_000);
  } finally {
    await stopWithin(second, 'SIGTERM');
  }
  assert.deepEqual([...fake.created.values()].filter((list) => list.length !== 1), [], 'no channel got the alert twice');
});

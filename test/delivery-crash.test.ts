import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { PACKAGE_ROOT } from '../src/config/index.js';
import { FakeDiscord } from './fakes/discord.js';
import { APP_TOKEN, BOT_TOKEN, FakeSlack } from './fakes/slack.js';
import { readDb, startBotProcess, stopBotProcess as stop } from './helpers/bot-process.js';
import { runCli } from './helpers/cli.js';
import { queueFanout } from './helpers/fanout.js';
import { waitUntil } from './helpers/wait.js';

// Exactly-once delivery, driven from outside through the Discord and Slack fakes: a SIGKILL mid fan-out, a restart
// after Discord forgot its nonces, and a flaky platform must neither lose nor repeat a message.

interface Target {
  name: 'discord' | 'slack';
  channels: string[];
  env(): NodeJS.ProcessEnv;
  /** Messages the platform holds, per channel id. */
  perChannel(): Map<string, number>;
  historyReads(): number;
  stop(): Promise<void>;
}

/** Posts are answered 100 ms after the message is made, so a kill finds sends whose message exists but is unmarked. */
const ANSWER_DELAY_MS = 100;

async function discordTarget(count: number, options: { flakiness?: number } = {}): Promise<Target & { fake: FakeDiscord }> {
  const channels = Array.from({ length: count }, (_, i) => `95${String(i).padStart(16, '0')}`);
  const fake = await FakeDiscord.start({ channels, flakiness: options.flakiness, answerDelayMs: options.flakiness ? 0 : ANSWER_DELAY_MS });
  return {
    name: 'discord', channels, fake,
    env: () => ({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl }),
    perChannel: () => new Map([...fake.created].map(([id, list]) => [id, list.length])),
    historyReads: () => fake.historyReads,
    stop: () => fake.stop(),
  };
}

async function slackTarget(count: number): Promise<Target & { fake: FakeSlack }> {
  const channels = Array.from({ length: count }, (_, i) => `C${String(i).padStart(9, '0')}`);
  const fake = await FakeSlack.start();
  fake.answerDelayMs = ANSWER_DELAY_MS;
  return {
    name: 'slack', channels, fake,
    env: () => ({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: fake.apiUrl }),
    perChannel: () => new Map([...fake.posted].map(([id, list]) => [id, list.length])),
    historyReads: () => fake.historyReads,
    stop: () => fake.stop(),
  };
}

/** A database with the target's channels subscribed for instant alerts, and one story's alert queued to each. */
function prepare(dir: string, target: Target): { db: string; config: string } {
  const config = join(dir, 'config.json');
  const shipped = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'config/dateline.json'), 'utf8')) as Record<string, unknown>;
  // A higher request budget than the platforms' defaults keeps the test short; the fakes do not limit.
  writeFileSync(config, JSON.stringify({ ...shipped, delivery: { discordRequestsPerSecond: 250, slackRequestsPerSecond: 250 } }));
  const db = join(dir, 'bot.db');
  queueFanout(db, target.channels.map((id) => `${target.name}:${id}`), config);
  return { db, config };
}

const startBot = (target: Target, paths: { db: string; config: string }) => startBotProcess(target.env(), paths);

const total = (counts: Map<string, number>): number => [...counts.values()].reduce((sum, n) => sum + n, 0);

/** The outbox's rows per status, read straight from the file (polled often: no app start each time). */
function outboxCounts(db: string): Record<string, number> {
  return readDb(db, (reader) => {
    const counts: Record<string, number> = { queued: 0, delivered: 0, failed: 0 };
    for (const row of reader.prepare('SELECT status, count(*) AS n FROM outbox GROUP BY status').all() as { status: string; n: number }[]) counts[row.status] = row.n;
    return counts;
  });
}

/** Channels of the queued rows whose send had begun (sending_since set). */
function inDoubtChannels(db: string): string[] {
  return readDb(db, (reader) => reader.prepare(`SELECT channel_ref FROM outbox WHERE status = 'queued' AND sending_since IS NOT NULL`).pluck().all() as string[]);
}

/** Queued rows with attempts, as an operator sees them with `dateline deliveries --json`. */
async function attemptedQueued(paths: { db: string; config: string }): Promise<number> {
  const result = await runCli(['deliveries', '--json', '--limit', '5000', '--db', paths.db, '--config', paths.config]);
  assert.equal(result.code, 0, result.stderr);
  const rows = (JSON.parse(result.stdout) as { deliveries: { status: string; attempts: number }[] }).deliveries;
  return rows.filter((row) => row.status === 'queued' && row.attempts > 0).length;
}

/**
 * Kills the bot with SIGKILL at 20-40% of a fan-out, restarts it (after `beforeRestart`), and checks that every
 * channel holds the alert exactly once and that the crash left no more rows in doubt than sends in flight.
 */
async function crashAndRestart(t: TestContext, target: Target, beforeRestart: () => void = () => undefined): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-crash-'));
  t.after(async () => {
    await target.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const count = target.channels.length;
  const paths = prepare(dir, target);
  const first = startBot(target, paths);
  t.after(() => { first.kill('SIGKILL'); });
  await waitUntil(() => total(target.perChannel()) >= count * 0.25, 'a quarter of the messages before the kill', 90_000);
  await stop(first, 'SIGKILL');
  const beforeKill = total(target.perChannel());
  t.diagnostic(`${target.name}: killed after ${beforeKill} of ${count} messages`);
  assert.ok(beforeKill >= count * 0.2 && beforeKill <= count * 0.4, `the kill landed at 20-40% of the fan-out (${beforeKill})`);
  const inDoubt = await attemptedQueued(paths);
  t.diagnostic(`${target.name}: ${inDoubt} queued rows with attempts right after the kill`);
  assert.ok(inDoubt <= 64, `at most twice the sends in flight are in doubt, not the batch (${inDoubt})`);
  // The case the history check exists for: the message is in the channel, the row does not know it.
  const posted = target.perChannel();
  const unmarked = inDoubtChannels(paths.db).filter((ref) => posted.has(ref.slice(ref.indexOf(':') + 1))).length;
  t.diagnostic(`${target.name}: ${unmarked} of them had their message in the channel already`);
  assert.ok(unmarked > 0, 'the kill left sent but unmarked messages to check');
  beforeRestart();

  const second = startBot(target, paths);
  t.after(() => { second.kill('SIGKILL'); });
  try {
    await waitUntil(() => target.perChannel().size === count, 'every channel to receive the alert', 60_000);
    await waitUntil(() => outboxCounts(paths.db).delivered === count, 'every outbox row marked delivered', 20_000);
  } finally {
    await stop(second, 'SIGTERM');
  }
  const repeats = [...target.perChannel()].filter(([, n]) => n !== 1);
  assert.deepEqual(repeats.map(([id]) => id), [], 'no channel got the alert twice');
  assert.deepEqual(outboxCounts(paths.db), { queued: 0, delivered: count, failed: 0 });
  t.diagnostic(`${target.name}: ${target.historyReads()} history reads after the restart`);
}

test('SIGKILL in a fan-out to 1,000 Discord channels: after a restart each has the alert exactly once', async (t) => {
  const target = await discordTarget(1000);
  await crashAndRestart(t, target);
  const posts = target.fake.log.requests.filter((r) => r.method === 'POST' && /\/channels\/\d+\/messages$/.test(r.path));
  assert.ok(posts.every((r) => (r.body as { enforce_nonce?: boolean }).enforce_nonce === true));
  // The key travels in a button's custom id (history returns no nonce), never in the visible text.
  const body = posts[0]!.body as { components: { components: { custom_id: string; label: string }[] }[]; content?: string };
  assert.match(body.components.at(-1)!.components[0]!.custom_id, /^dl:[\w-]{25}(:|$)/);
  assert.equal(body.components.at(-1)!.components[0]!.label, 'Open timeline');
  assert.ok(!JSON.stringify(body).includes('story:'), 'the raw outbox key is not in the post');
});

test('the same crash, restarted after Discord forgot the nonces: the history check prevents every duplicate', async (t) => {
  const target = await discordTarget(1000);
  await crashAndRestart(t, target, () => target.fake.forgetNonces());
  assert.ok(target.historyReads() > 0, 'channels in doubt were checked');
});

test('SIGKILL in a fan-out to 1,000 Slack channels: after a restart each has the alert exactly once', async (t) => {
  const target = await slackTarget(1000);
  await crashAndRestart(t, target);
  const message = [...target.fake.posted.values()][0]![0]!;
  assert.equal(message.metadata?.event_type, 'dateline_delivery');
  assert.match(String(message.metadata?.event_payload.tag), /^[\w-]{25}$/);
});

test('a platform failing 10% of requests with 429 and 500 still gets every message exactly once', async (t) => {
  const target = await discordTarget(200, { flakiness: 0.1 });
  const fake = target.fake;
  const dir = mkdtempSync(join(tmpdir(), 'dateline-flaky-'));
  t.after(async () => {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const paths = prepare(dir, target);
  const bot = startBot(target, paths);
  try {
    await waitUntil(() => fake.created.size === 200, 'every channel to receive the alert', 60_000);
    await waitUntil(() => outboxCounts(paths.db).delivered === 200, 'every outbox row marked delivered', 30_000);
  } finally {
    await stop(bot, 'SIGTERM');
  }
  const posts = fake.log.requests.filter((r) => r.method === 'POST' && /\/channels\/\d+\/messages$/.test(r.path));
  t.diagnostic(`${posts.length} POSTs for 200 messages`);
  assert.ok(posts.length > 200, 'the fake did fail some requests');
  assert.deepEqual([...fake.created.values()].filter((list) => list.length !== 1), []);
});

// A kill -9 between an alert's edit and its mark: the real bot (a child process) is killed after the platform applied
// the edit but before it answered. After a restart the edit is found on the message (its delivery tag) and marked:
// the channel holds one message, edited once, on Discord and on Slack.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import pino from 'pino';
import { openApp } from '../src/app.js';
import { PACKAGE_ROOT } from '../src/config/index.js';
import { CHANNEL_ID, FakeDiscord } from './fakes/discord.js';
import { APP_TOKEN, BOT_TOKEN, CHANNEL as SLACK_CHANNEL, FakeSlack } from './fakes/slack.js';
import { readDb, startBotProcess, stopBotProcess } from './helpers/bot-process.js';
import { CASE, report } from './helpers/stories.js';
import { waitUntil } from './helpers/wait.js';

interface Platform {
  channelRef: string;
  env: NodeJS.ProcessEnv;
  /** Messages in the channel, and how many times each was edited. */
  messages(): number;
  edits(): number;
  /** Makes the platform answer edits this late (they take effect at once). */
  answerLate(ms: number): void;
  /** Requests that read a message back (the check of an edit in doubt). */
  readBacks(): number;
  stop(): Promise<void>;
}

async function discord(): Promise<Platform> {
  const fake = await FakeDiscord.start();
  return {
    channelRef: `discord:${CHANNEL_ID}`,
    env: { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl },
    messages: () => fake.created.get(CHANNEL_ID)?.length ?? 0,
    edits: () => [...fake.edits.values()].reduce((sum, list) => sum + list.length, 0),
    answerLate: (ms) => { fake.answerDelayMs = ms; },
    readBacks: () => fake.log.requests.filter((r) => r.method === 'GET' && /\/channels\/\d+\/messages\/\d+$/.test(r.path)).length,
    stop: () => fake.stop(),
  };
}

async function slack(): Promise<Platform> {
  const fake = await FakeSlack.start();
  return {
    channelRef: `slack:${SLACK_CHANNEL}`,
    env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: fake.apiUrl },
    messages: () => fake.posted.get(SLACK_CHANNEL)?.length ?? 0,
    edits: () => fake.updates.length,
    answerLate: (ms) => { fake.answerDelayMs = ms; },
    readBacks: () => fake.log.requests.filter((r) => r.path === '/api/conversations.history').length,
    stop: () => fake.stop(),
  };
}

const rowStatus = (db: string, kind: string) =>
  readDb(db, (reader) => reader.prepare('SELECT status, sending_since AS sendingSince FROM outbox WHERE kind = ?').get(kind) as { status: string; sendingSince: string | null } | undefined);

async function killBetweenEditAndMark(t: TestContext, platform: Platform): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-story-crash-'));
  const children: ReturnType<typeof startBotProcess>[] = [];
  t.after(async () => {
    for (const child of children) child.kill('SIGKILL');
    await platform.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const paths = { db: join(dir, 'bot.db'), config: join(dir, 'config.json') };
  const shipped = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'config/dateline.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(paths.config, JSON.stringify({ ...shipped, feeds: [] }));
  const withApp = (fn: (app: ReturnType<typeof openApp>) => void) => {
    const app = openApp({ dbPath: paths.db, configPath: paths.config, log: pino({ level: 'silent' }) });
    try {
      fn(app);
    } finally {
      app.close();
    }
  };
  const start = () => {
    const child = startBotProcess(platform.env, paths);
    children.push(child);
    return child;
  };

  // The story's alert goes out.
  withApp((app) => {
    const topic = app.store.topics.get('assange')!;
    app.store.subscriptions.save(platform.channelRef, topic.id, { mode: 'instant', localTime: '09:00', timezone: 'UTC', onThisDay: false, filter: null }, 'test', new Date());
    assert.equal(report(app, CASE.hearing, new Date()).alerts, 1);
  });
  const first = start();
  await waitUntil(() => rowStatus(paths.db, 'alert')?.status === 'delivered', 'the alert delivered', 60_000);
  await stopBotProcess(first, 'SIGTERM');
  assert.equal(platform.messages(), 1);

  // A second outlet reports it: an edit is queued. The platform applies it but answers late; the bot dies meanwhile.
  withApp((app) => assert.equal(report(app, CASE.hearingElsewhere, new Date()).updates?.edits, 1));
  platform.answerLate(3000);
  const second = start();
  await waitUntil(() => platform.edits() === 1, 'the edit to reach the platform', 60_000);
  await stopBotProcess(second, 'SIGKILL');
  const inDoubt = rowStatus(paths.db, 'edit');
  assert.equal(inDoubt?.status, 'queued');
  assert.ok(inDoubt?.sendingSince, 'the kill left the edit in doubt: made, not marked');

  // After a restart the edit is found on the message and marked; it is not made again.
  platform.answerLate(0);
  const readsBefore = platform.readBacks();
  const third = start();
  await waitUntil(() => rowStatus(paths.db, 'edit')?.status === 'delivered', 'the edit marked delivered', 60_000);
  await stopBotProcess(third, 'SIGTERM');
  assert.equal(platform.messages(), 1, 'one message in the channel');
  assert.equal(platform.edits(), 1, 'edited once');
  assert.ok(platform.readBacks() > readsBefore, 'the message was read back to check the edit');
}

test('Discord: kill -9 between an alert\'s edit and its mark leaves one message, edited once', async (t) => {
  await killBetweenEditAndMark(t, await discord());
});

test('Slack: kill -9 between chat.update and its mark leaves one message, updated once', async (t) => {
  await killBetweenEditAndMark(t, await slack());
});

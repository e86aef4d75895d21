import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import pino from 'pino';
import { openApp } from '../src/app.js';
import { PACKAGE_ROOT } from '../src/config/index.js';
import type { Feed } from '../src/store/index.js';
import { runCli } from './helpers/cli.js';
import { startFeedServer } from './helpers/feed-server.js';
import { waitUntil } from './helpers/wait.js';

// Bad data never stops the bot: an OPML import keeps only addresses a fetch would accept, and a feed row made
// invalid in the database is disabled with a reason while the other feeds are polled and the bot runs on.


function tempDb(t: { after(fn: () => void): void }): { dir: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-badrows-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, db: join(dir, 'bot.db') };
}

/** The feeds as `feeds list --json` gives them. */
function listFeeds(db: string): Feed[] {
  const app = openApp({ dbPath: db, log: pino({ level: 'silent' }) });
  try {
    return app.store.feeds.list();
  } finally {
    app.close();
  }
}

test('feeds import skips relative, file: and link-local addresses, saying which and why', async (t) => {
  const { dir, db } = tempDb(t);
  const opml = join(dir, 'subscriptions.opml');
  writeFileSync(opml, `<?xml version="1.0"?><opml version="2.0"><head><title>mine</title></head><body>
    <outline text="relative" type="rss" xmlUrl="feeds/rss.xml"/>
    <outline text="local file" type="rss" xmlUrl="file:///etc/passwd"/>
    <outline text="metadata" type="rss" xmlUrl="http://169.254.169.254/latest/meta-data"/>
    <outline text="good" type="rss" xmlUrl="https://news.example/world/rss"/>
  </body></opml>`);
  const result = await runCli(['feeds', 'import', opml, '--topic', 'assange', '--db', db]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /Imported 1 feed into \/assange \(1 new\)/);
  assert.match(result.stdout, /Skipped 3 outlines/);
  assert.match(result.stdout, /feeds\/rss\.xml: .*not a valid URL/);
  assert.match(result.stdout, /file:\/\/\/etc\/passwd: Only http and https/);
  assert.match(result.stdout, /169\.254\.169\.254\/latest\/meta-data: .*internal address/);
  assert.deepEqual(listFeeds(db).map((feed) => feed.url), ['https://news.example/world/rss']);
});

test('a feed row made invalid in the database is disabled with a reason; the other feeds are polled and the bot keeps running', async (t) => {
  const { db } = tempDb(t);
  const server = await startFeedServer({
    '/good.xml': { title: 'Good', items: [{ title: 'Assange hearing set', link: 'https://news.example/1', published: '2026-05-01T09:00:00Z', text: 'Assange will appear in court.' }] },
  });
  t.after(() => server.close());
  const env = { DATELINE_ALLOW_HOSTS: '127.0.0.1' };
  const app = openApp({ dbPath: db, log: pino({ level: 'silent' }) });
  try {
    const topicId = app.store.topics.get('assange')!.id;
    // As an old import could have left it: a relative address.
    for (const url of [`${server.base}/good.xml`, 'feeds/rss.xml']) app.store.feeds.add({ topicId, url, intervalSeconds: 600, origin: 'command' }, app.now());
  } finally {
    app.close();
  }

  const polled = await runCli(['poll', '--once', '--json', '--db', db], { env });
  assert.equal(polled.code, 0, polled.stderr);
  assert.equal((JSON.parse(polled.stdout) as { feeds: { polled: number } }).feeds.polled, 1);
  const feeds = listFeeds(db);
  assert.equal(feeds.length, 2);
  const broken = feeds.find((feed) => feed.url === 'feeds/rss.xml')!;
  assert.ok(broken.disabledAt, 'the bad row is disabled');
  assert.match(broken.lastError ?? '', /stored address cannot be fetched.*not a valid URL/);
  assert.ok(feeds.find((feed) => feed.url.endsWith('/good.xml'))!.lastSuccessAt, 'the good feed was polled');

  // The bot (console mode) starts and keeps running with the bad row in place.
  const fresh = new Database(db);
  fresh.prepare(`UPDATE feeds SET disabled_at = NULL, url = 'feeds/other.xml', next_poll_at = NULL WHERE url = 'feeds/rss.xml'`).run();
  fresh.close();
  const bot = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin/dateline.js'), 'start', '--db', db], {
    env: { PATH: process.env.PATH, DATELINE_LOG_LEVEL: 'warn', ...env }, stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  bot.stderr.on('data', (chunk: Buffer) => { stderr += String(chunk); });
  const exited = new Promise<number | null>((resolve) => bot.on('exit', (code) => resolve(code)));
  t.after(() => { bot.kill('SIGKILL'); });
  await waitUntil(() => stderr.includes('feed disabled: its stored address cannot be fetched'), 'the bot to disable the bad row', 20_000);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal(bot.exitCode, null, `the bot keeps running: ${stderr}`);
  bot.kill('SIGTERM');
  assert.equal(await exited, 0);
});

test('a subscription or topic damaged in the database does not stop the other channels\' posts', async (t) => {
  const { db } = tempDb(t);
  const app = openApp({ dbPath: db, log: pino({ level: 'silent' }) });
  try {
    const topicId = app.store.topics.get('assange')!.id;
    // A topic made by `ingest --topic`, not in the configuration (which rewrites its own topics at every start).
    app.store.topics.save({ name: 'embassy', title: 'Embassies', keywords: ['embassy'], aliases: [], exclude: [] }, app.now());
    for (const channel of ['console:good', 'console:bad']) {
      app.store.subscriptions.save(channel, topicId, { mode: 'daily', localTime: '09:00', timezone: 'Europe/London', onThisDay: true, filter: null }, 'test', new Date('2026-08-01T00:00:00Z'));
    }
  } finally {
    app.close();
  }
  const raw = new Database(db);
  raw.prepare(`UPDATE subscriptions SET timezone = 'Mars/Olympus_Mons' WHERE channel_ref = 'console:bad'`).run();
  raw.prepare(`UPDATE topics SET keywords = 'not json' WHERE name = 'embassy'`).run();
  raw.close();
  const delivered = await runCli(['deliver', '--once', '--db', db], { env: { DATELINE_NOW: '2026-08-13T08:00:00Z' } });
  assert.equal(delivered.code, 0, delivered.stderr);
  assert.match(delivered.stdout, /\[console:good\] On this day, 13 August/);
  assert.doesNotMatch(delivered.stdout, /\[console:bad\]/);
  assert.match(delivered.stderr, /damaged settings was skipped/);
});

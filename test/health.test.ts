import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { PACKAGE_ROOT } from '../src/config/index.js';
import { FakeDiscord } from './fakes/discord.js';
import { runCli } from './helpers/cli.js';
import { queueFanout } from './helpers/fanout.js';
import { waitUntil } from './helpers/wait.js';

// What an operator watches: `dateline status` and the opt-in metrics endpoint show the same figures after a
// fan-out, and /healthz tells whether the store takes writes.

test('after a fan-out, status and /metrics show an empty outbox and the deliveries per platform; /healthz follows the store', async (t) => {
  const channels = Array.from({ length: 30 }, (_, i) => `97${String(i).padStart(16, '0')}`);
  const fake = await FakeDiscord.start({ channels });
  const dir = mkdtempSync(join(tmpdir(), 'dateline-health-'));
  t.after(async () => {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const db = join(dir, 'bot.db');
  queueFanout(db, channels.map((id) => `discord:${id}`));
  const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin/dateline.js'), 'start', '--db', db], {
    env: { PATH: process.env.PATH, DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, METRICS_PORT: '0', DATELINE_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += String(chunk); });
  t.after(() => { child.kill('SIGKILL'); });
  await waitUntil(() => /"port":\d+,"msg":"metrics and health endpoint listening"/.test(stderr), 'the metrics endpoint', 20_000);
  const port = Number(/"port":(\d+),"msg":"metrics and health endpoint listening"/.exec(stderr)![1]);
  await waitUntil(() => fake.created.size === 30, 'the fan-out', 20_000);

  const status = await runCli(['status', '--json', '--db', db]);
  assert.equal(status.code, 0, status.stderr);
  const figures = JSON.parse(status.stdout) as { outbox: { depth: number }; lastHour: Record<string, { delivered: number; failed: number }>; platforms: Record<string, { state: string; current: boolean }> };
  assert.equal(figures.outbox.depth, 0);
  assert.equal(figures.lastHour.discord?.delivered, 30);
  assert.equal(figures.lastHour.discord?.failed, 0);
  assert.deepEqual({ state: figures.platforms.discord?.state, current: figures.platforms.discord?.current }, { state: 'connected', current: true });
  const text = await runCli(['status', '--db', db]);
  assert.match(text.stdout, /Outbox: 0 queued/);
  assert.match(text.stdout, /discord: 30 delivered, 0 failed, 0 retried/);

  const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
  assert.equal(metrics.status, 200);
  assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain/);
  const body = await metrics.text();
  assert.match(body, /^dateline_outbox_depth 0$/m);
  assert.match(body, /^dateline_deliveries_last_hour\{platform="discord",outcome="delivered"\} 30$/m);
  assert.match(body, /^dateline_platform_state\{platform="discord",state="connected"\} 1$/m);

  assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
  // Another connection holding the write lock: the store takes no write, so the bot is not healthy.
  const locker = new Database(db);
  try {
    locker.exec('BEGIN EXCLUSIVE');
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 503);
    locker.exec('ROLLBACK');
  } finally {
    locker.close();
  }
  assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
  child.kill('SIGTERM');
});

test("the Dockerfile's HEALTHCHECK asks /healthz on the metrics port it turns on", () => {
  const dockerfile = readFileSync(join(PACKAGE_ROOT, 'Dockerfile'), 'utf8');
  assert.match(dockerfile, /^\s*METRICS_PORT=\d+/m);
  const healthcheck = /^HEALTHCHECK[^\n]*\\\n([^\n]+)/m.exec(dockerfile);
  assert.ok(healthcheck, 'a HEALTHCHECK instruction');
  assert.match(healthcheck[1]!, /METRICS_PORT.*\/healthz/);
});

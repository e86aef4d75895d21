import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { startBot } from '../src/cli/start.js';
import { PACKAGE_ROOT } from '../src/config/index.js';
import { tempApp } from './fakes/app.js';
import { FakeDiscord, slashData } from './fakes/discord.js';
import { APP_TOKEN, BOT_TOKEN, FakeSlack } from './fakes/slack.js';
import { waitUntil } from './helpers/wait.js';

// `dateline start`: every platform with credentials, side by side; a broken one does not stop the others.

function collectingLog(): { log: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
  return { log: pino({ level: 'debug' }, sink), lines };
}

describe('dateline start', () => {
  let discord: FakeDiscord;
  let slack: FakeSlack;

  before(async () => {
    [discord, slack] = await Promise.all([FakeDiscord.start(), FakeSlack.start()]);
  });

  after(async () => {
    await Promise.all([discord.stop(), slack.stop()]);
  });

  const discordEnv = (): NodeJS.ProcessEnv => ({ DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl });
  const slackEnv = (): NodeJS.ProcessEnv => ({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: slack.apiUrl });

  async function askBoth(): Promise<void> {
    const id = discord.interact(slashData('assange', { query: '2015-08' }), 2);
    const reply = await discord.callback(id);
    assert.match(JSON.stringify(reply.data?.embeds), /Jesse Jackson/);
    const sink = slack.responseUrl();
    await slack.envelope('slash_commands', slack.slashCommand('/assange', '2015-08', sink.url));
    assert.match(JSON.stringify(await sink.posted()), /Jesse Jackson/);
  }

  test('the real CLI serves Discord and Slack at once and stops cleanly on SIGTERM', async () => {
    const temp = tempApp();
    const identified = discord.identifies.length;
    const connected = slack.connections;
    const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin/dateline.js'), 'start', '--db', join(temp.dir, 'cli.db')], {
      env: { PATH: process.env.PATH, ...discordEnv(), ...slackEnv(), DATELINE_LOG_LEVEL: 'debug' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += String(chunk); });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitUntil(() => stderr.includes('Dateline is running'), 'the CLI to start both platforms', 15000);
      assert.ok(discord.identifies.length > identified && slack.connections > connected);
      await askBoth();
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      assert.ok(!stderr.includes(discord.token) && !stderr.includes(BOT_TOKEN) && !stderr.includes(APP_TOKEN), 'no token in the logs');
    } finally {
      child.kill('SIGKILL');
      temp.cleanup();
    }
  });

  test('a refused Discord token is reported by name while Slack keeps running', async () => {
    const { log, lines } = collectingLog();
    const temp = tempApp(log);
    const stop = new AbortController();
    const running = startBot(temp.app, { ...discordEnv(), DISCORD_TOKEN: 'not-the-token', ...slackEnv() }, { signal: stop.signal });
    try {
      await waitUntil(() => lines.some((line) => line.includes('Dateline is running')), 'start-up');
      assert.ok(lines.some((line) => line.includes('DISCORD_TOKEN was refused')));
      const sink = slack.responseUrl();
      await slack.envelope('slash_commands', slack.slashCommand('/assange', '2012', sink.url));
      assert.match(JSON.stringify(await sink.posted()), /2012/);
    } finally {
      stop.abort();
      await running;
      temp.cleanup();
    }
    assert.ok(lines.every((line) => !line.includes('not-the-token') && !line.includes(BOT_TOKEN) && !line.includes(APP_TOKEN)), 'no token in the logs');
  });

  test('with no platform able to start, start fails naming every variable to fix', async () => {
    const temp = tempApp();
    try {
      await assert.rejects(
        startBot(temp.app, { ...discordEnv(), DISCORD_TOKEN: 'not-the-token', SLACK_BOT_TOKEN: 'xoxp-user-token' }),
        (error: Error) => /DISCORD_TOKEN/.test(error.message) && /SLACK_BOT_TOKEN/.test(error.message),
      );
    } finally {
      temp.cleanup();
    }
  });
});

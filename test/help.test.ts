import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCommandLine } from '../src/core/commands/run.js';
import type { Caller } from '../src/core/commands/types.js';
import { tempApp } from './helpers/app.js';
import { runCli } from './helpers/cli.js';

const caller: Caller = { channel: 'console:help', userId: 'tester', canManage: true };

test('/dateline help and /<topic> help name every registered command, subcommand, option and choice', async (t) => {
  const app = tempApp();
  t.after(() => app.remove());
  for (const line of ['/dateline help', '/assange help', '/help']) {
    const reply = await runCommandLine(line, app.registry(), app.context(caller));
    const text = reply.text ?? '';
    for (const { spec } of app.registry().list()) {
      const subcommands = spec.subcommands ?? [];
      if (subcommands.length === 0) assert.match(text, new RegExp(`^/${spec.name}\\b`, 'm'), `${line} lists /${spec.name}`);
      for (const sub of subcommands) {
        assert.match(text, new RegExp(`^/${spec.name} ${sub.name}\\b`, 'm'), `${line} lists /${spec.name} ${sub.name}`);
      }
      for (const option of [...spec.options, ...subcommands.flatMap((sub) => sub.options)]) {
        assert.match(text, new RegExp(`\\b${option.name}\\b`), `${line} names the option ${option.name}`);
        assert.ok(text.includes(`${option.name}: ${option.description}`), `${line} describes ${option.name}`);
        for (const choice of option.choices ?? []) assert.ok(text.includes(choice), `${line} shows ${option.name}:${choice}`);
      }
    }
    // The things the issue names, spelled as a user types them.
    for (const expected of ['/dateline subscribe topic:<topic>', '/dateline feed', '/dateline timeline topic:<topic>', '[top:<top>]']) {
      assert.ok(text.includes(expected), `${line} shows ${expected}`);
    }
  }
});

test('the CLI takes --db, --config and --bare before or after the subcommand', async (t) => {
  const app = tempApp();
  const db = `${app.dir}/cli.db`;
  t.after(() => app.remove());
  const before = await runCli(['--db', db, '--bare', 'ask', '/dateline topics']);
  assert.equal(before.code, 0, before.stderr);
  const after = await runCli(['ask', '/dateline topics', `--db=${db}`]);
  assert.equal(after.code, 0, after.stderr);
  // The same database: created bare by the first run, so the second sees the topic but no bundled events.
  assert.match(after.stdout, /\/assange: .*\(0 events/);
  const missingConfig = await runCli(['--config', `${app.dir}/nowhere.json`, 'ask', '/help', '--db', db]);
  assert.equal(missingConfig.code, 2);
  assert.match(missingConfig.stderr, /nowhere\.json/);
});

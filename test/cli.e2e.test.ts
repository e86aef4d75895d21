import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('dateline ask --json answers /assange 2015 with the documented shape', async (t) => {
  const db = join(tempDir(t), 'd.db');
  const result = await runCli(['ask', '/assange 2015', '--json', '--db', db]);
  assert.equal(result.code, 0, result.stderr);
  const reply = JSON.parse(result.stdout) as { title: string; items: { date: string; precision: string; summary: string; sources: { title: string; url: string | null; published: string }[] }[] };
  assert.deepEqual(reply.items.map((i) => [i.date, i.precision]), [['2015-08-13', 'day'], ['2015-08-21', 'day']]);
  assert.match(reply.items[0]!.summary, /Swedish prosecutors/);
  assert.match(reply.items[1]!.summary, /Jesse Jackson/);
  assert.deepEqual(Object.keys(reply.items[0]!.sources[0]!).sort(), ['published', 'title', 'url']);
  assert.ok(existsSync(db));
});

test('DATELINE_NOW drives /assange today', async (t) => {
  const db = join(tempDir(t), 'd.db');
  const result = await runCli(['ask', '/assange today', '--db', db], { env: { DATELINE_NOW: '2026-08-13T09:00:00Z' } });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /13 August 2015 \(11 years ago\)/);
  assert.match(result.stdout, /Swedish prosecutors/);
  const bad = await runCli(['ask', '/assange today', '--db', db], { env: { DATELINE_NOW: 'yesterday' } });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /DATELINE_NOW is not a date-time/);
});

test('the console chat answers piped lines and exits at the end of input', async (t) => {
  const db = join(tempDir(t), 'd.db');
  const result = await runCli(['start', '--db', db], { input: '/assange 2012\n\n/help\n/assange 2012-13\n/assange 2010..2019\n/more\n' });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /asylum/);
  assert.match(result.stdout, /June 2012 +Assange skips bail/);
  assert.match(result.stdout, /\/assange <query>/);
  assert.match(result.stdout, /months run from 01 to 12/);
  assert.match(result.stdout, /page 2 of/);
  assert.doesNotMatch(result.stdout + result.stderr, /at .*\.ts:\d+/, 'no stack traces');
});

test('ingest adds articles once, files them under a topic, and timeline lists them', async (t) => {
  const dir = tempDir(t);
  const db = join(dir, 'd.db');
  const jsonl = join(dir, 'articles.jsonl');
  writeFileSync(jsonl, [
    JSON.stringify({ id: 'a1', title: 'Harbour reopens', published: '2021-03-05', text: 'The harbour of Port Esk reopened on Tuesday after a storm closed it in January.' }),
    'not json',
    JSON.stringify({ id: 'a2', published: 'someday', text: 'Undated.' }),
  ].join('\n'));
  const first = await runCli(['ingest', '--topic', 'harbour', '--jsonl', jsonl, '--db', db, '--bare', '--json']);
  assert.equal(first.code, 0, first.stderr);
  const report = JSON.parse(first.stdout) as { articles: number; newEvents: number; rejected: { reason: string }[] };
  assert.equal(report.articles, 1);
  assert.ok(report.newEvents >= 1);
  assert.equal(report.rejected.length, 2);
  const again = await runCli(['ingest', '--topic', 'harbour', '--jsonl', jsonl, '--db', db, '--json']);
  const second = JSON.parse(again.stdout) as { articles: number; duplicates: number; newEvents: number };
  assert.deepEqual([second.articles, second.duplicates, second.newEvents], [0, 1, 0]);
  const timeline = await runCli(['timeline', 'harbour', '--json', '--db', db]);
  const items = (JSON.parse(timeline.stdout) as { items: { date: string }[] }).items;
  assert.ok(items.some((i) => i.date === '2021-03-02'), JSON.stringify(items));
  const ask = await runCli(['ask', '/harbour 2021', '--db', db]);
  assert.match(ask.stdout, /harbour/i);
});

test('usage errors exit 2 with a helpful message', async (t) => {
  const db = join(tempDir(t), 'd.db');
  const unknown = await runCli(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /Unknown command "frobnicate"/);
  const badFlag = await runCli(['ask', '/assange 2012', '--nope', '--db', db]);
  assert.equal(badFlag.code, 2);
  const noTopic = await runCli(['timeline', 'nosuch', '--db', db]);
  assert.equal(noTopic.code, 2);
  assert.match(noTopic.stderr, /No topic "nosuch"/);
  const badConfig = await runCli(['ask', '/assange 2012', '--config', join(db, 'missing.json')]);
  assert.equal(badConfig.code, 2);
  assert.match(badConfig.stderr, /Cannot read the configuration/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCommandLine } from '../src/core/commands/run.js';
import type { Caller } from '../src/core/commands/types.js';
import { fixedClock, tempApp } from './helpers/app.js';

const caller: Caller = { channel: 'console:test', userId: 'tester', canManage: true };

async function ask(line: string, now = '2026-11-22T12:00:00Z', page = 1) {
  const app = tempApp({ now: fixedClock(now) });
  try {
    return await runCommandLine(line, app.registry(), app.context(caller, page));
  } finally {
    app.remove();
  }
}

test('/assange 2015 lists the two August 2015 events with their sources', async () => {
  const reply = await ask('/assange 2015');
  assert.equal(reply.error, undefined);
  assert.deepEqual(reply.items.map((i) => i.date), ['2015-08-13', '2015-08-21']);
  assert.match(reply.items[0]!.summary, /Swedish prosecutors/);
  assert.match(reply.items[1]!.summary, /Jesse Jackson/);
  assert.equal(reply.items[0]!.precision, 'day');
  assert.equal(reply.items[0]!.sources[0]!.published, '2018-01-11');
});

test('/assange 2012 has the asylum, reported by four articles, and the bail-skipping', async () => {
  const reply = await ask('/assange 2012');
  const asylum = reply.items.find((i) => /asylum/.test(i.summary));
  assert.ok(asylum);
  assert.equal(asylum.precision, 'year');
  assert.equal(asylum.sources.length, 4);
  const bail = reply.items.find((i) => /bail/.test(i.summary));
  assert.equal(bail?.date, '2012-06');
  assert.equal(bail?.precision, 'month');
});

test('/assange today names past anniversaries with how long ago', async () => {
  const reply = await ask('/assange today', '2026-08-13T09:00:00Z');
  assert.equal(reply.items.length, 1);
  assert.equal(reply.items[0]!.date, '2015-08-13');
  assert.equal(reply.items[0]!.note, '11 years ago');
  const none = await ask('/assange today', '2026-01-01T09:00:00Z');
  assert.equal(none.items.length, 0);
  assert.match(none.text ?? '', /Nothing/);
});

test('keywords, alone or with a period', async () => {
  const embassy = await ask('/assange embassy');
  assert.ok(embassy.items.length > 0);
  assert.ok(embassy.items.every((i) => /embass/i.test(i.summary)));
  const sweden = await ask('/assange swedish 2015');
  assert.deepEqual(sweden.items.map((i) => i.date), ['2015-08-13']);
});

test('latest shows the newest events first', async () => {
  const reply = await ask('/assange latest');
  assert.equal(reply.items[0]!.date, '2019-04-04');
  const dates = reply.items.map((i) => i.date);
  assert.deepEqual([...dates].sort().reverse(), dates);
});

test('long answers page, and the last page holds the rest', async () => {
  const first = await ask('/assange 2010..2019');
  assert.equal(first.items.length, 10);
  assert.ok(first.page && first.page.count > 1);
  const last = await ask('/assange 2010..2019', undefined, first.page.count);
  assert.equal(last.page?.number, first.page.count);
  assert.equal((first.page.count - 1) * 10 + last.items.length, first.total);
  const beyond = await ask('/assange 2010..2019', undefined, 99);
  assert.equal(beyond.page?.number, first.page.count);
});

test('bad input gets a clear reply, never an exception', async () => {
  const cases: [string, RegExp][] = [
    ['/nosuchtopic 2012', /No command \/nosuchtopic/],
    ['/assange 2012-13', /months run from 01 to 12/],
    ['/assange 2015..2012', /runs backwards/],
    [`/assange ${'a'.repeat(5000)}`, /characters long/],
    // Emoji alone are set aside (odd but harmless input): the answer is what to type instead.
    ['/assange 🦘🦘', /what would you like to know/],
    ['', /I need a command/],
    ['/assange " OR 1=1; DROP TABLE events; --', /No events match/],
    ['/assange NEAR(embassy asylum) OR title:* "', /No events match|events/],
    ['/dateline frobnicate', /no subcommand "frobnicate"/],
  ];
  for (const [line, message] of cases) {
    const reply = await ask(line);
    const shown = `${reply.title}\n${reply.text ?? ''}`;
    assert.match(shown, message, `for ${JSON.stringify(line.slice(0, 40))}`);
  }
  // After hostile input the data is intact.
  assert.equal((await ask('/assange 2015')).items.length, 2);
});

test('empty topic command and /help explain what to type', async () => {
  const empty = await ask('/assange');
  assert.match(empty.text ?? '', /\/assange 2012/);
  const help = await ask('/help');
  assert.match(help.text ?? '', /\/assange/);
  assert.match(help.text ?? '', /today/);
  const topics = await ask('/dateline topics');
  assert.match(topics.text ?? '', /assange: .*\d+ events/);
});

test('/dateline timeline lists a topic in date order within from and to', async () => {
  const reply = await ask('/dateline timeline topic:assange from:2015 to:2016');
  const dates = reply.items.map((i) => i.date);
  assert.ok(dates.length >= 5);
  assert.deepEqual([...dates].sort(), dates);
  assert.ok(dates.every((d) => d >= '2015' && d < '2017'));
  const missing = await ask('/dateline timeline');
  assert.equal(missing.error, true);
  assert.match(missing.text ?? '', /topic:<name>/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArguments, splitCommandLine } from '../src/core/commands/parse.js';
import { parseTopicQuery } from '../src/core/query.js';

test('a command line splits into name and text', () => {
  assert.deepEqual(splitCommandLine('/Assange  sweden 2015 '), { name: 'assange', rest: 'sweden 2015' });
  assert.deepEqual(splitCommandLine('help'), { name: 'help', rest: '' });
  assert.equal(splitCommandLine('   '), null);
  assert.equal(splitCommandLine('/'), null);
});

test('key:value options are read, other words stay text', () => {
  const shape = { options: ['topic', 'mode', 'filter'], hasSubcommands: true };
  const parsed = parseArguments('dateline', 'subscribe topic:assange mode:instant filter:"ecuador embassy"', shape);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.input, {
    name: 'dateline', subcommand: 'subscribe', options: { topic: 'assange', mode: 'instant', filter: 'ecuador embassy' }, text: '',
  });
  const unknownKey = parseArguments('assange', 'http://example.org 2012', { options: ['query'], hasSubcommands: false });
  assert.ok(unknownKey.ok);
  assert.equal(unknownKey.input.text, 'http://example.org 2012');
});

test('overlong and repeated options are refused with a reason', () => {
  const long = parseArguments('assange', 'x'.repeat(5000), { options: [], hasSubcommands: false });
  assert.ok(!long.ok);
  assert.match(long.message, /5000 characters/);
  const twice = parseArguments('dateline', 'subscribe topic:a topic:b', { options: ['topic'], hasSubcommands: true });
  assert.ok(!twice.ok);
});

const period = (text: string) => {
  const result = parseTopicQuery(text);
  assert.ok(result.ok, `expected ${text} to parse`);
  assert.equal(result.query.kind, 'search');
  return result.query.kind === 'search' ? result.query : undefined;
};

test('periods in every written form', () => {
  assert.deepEqual(period('2012')?.period?.span, { start: '2012-01-01', end: '2012-12-31' });
  assert.deepEqual(period('2015-08')?.period?.span, { start: '2015-08-01', end: '2015-08-31' });
  assert.deepEqual(period('aug 2015')?.period?.span, { start: '2015-08-01', end: '2015-08-31' });
  assert.deepEqual(period('August 13, 2015')?.period?.span, { start: '2015-08-13', end: '2015-08-13' });
  assert.deepEqual(period('13 aug 2015')?.period?.span, { start: '2015-08-13', end: '2015-08-13' });
  assert.deepEqual(period('2015-08-13')?.period?.span, { start: '2015-08-13', end: '2015-08-13' });
  assert.deepEqual(period('2012..2015')?.period?.span, { start: '2012-01-01', end: '2015-12-31' });
  assert.deepEqual(period('aug 2015 .. mar 2016')?.period?.span, { start: '2015-08-01', end: '2016-03-31' });
  assert.deepEqual(period('2012-2015')?.period?.span, { start: '2012-01-01', end: '2015-12-31' });
});

test('keywords with and without a period', () => {
  const query = period('Sweden 2015');
  assert.deepEqual(query?.keywords, ['sweden']);
  assert.equal(query?.period?.label, '2015');
  assert.deepEqual(period('embassy')?.keywords, ['embassy']);
  assert.equal(period('may embassy')?.period, undefined, '"may" alone is a word, not a date');
});

test('today, latest and help', () => {
  assert.deepEqual(parseTopicQuery('today'), { ok: true, query: { kind: 'today' } });
  assert.deepEqual(parseTopicQuery('latest'), { ok: true, query: { kind: 'latest', keywords: [] } });
  assert.deepEqual(parseTopicQuery('HELP'), { ok: true, query: { kind: 'help' } });
});

test('bad periods get a specific explanation', () => {
  const cases: [string, RegExp][] = [
    ['2012-13', /months run from 01 to 12/],
    ['2015-02-30', /February 2015 has 28 days/],
    ['2015..2012', /runs backwards.*2012\.\.2015/],
    ['2012..', /needs a date on each side/],
    ['20155', /can't read "20155" as a date/],
    ['0999', /outside the years/],
  ];
  for (const [text, message] of cases) {
    const result = parseTopicQuery(text);
    assert.ok(!result.ok, `${text} should be refused`);
    assert.match(result.message, message);
  }
});

test('emoji and stray marks around query words are harmless: /assange 🙂 2015 asks for 2015', async () => {
  const { tempApp } = await import('./helpers/app.js');
  const { runCommandLine } = await import('../src/core/commands/run.js');
  const app = tempApp();
  try {
    const caller = { channel: 'console:test', userId: 'tester', canManage: true };
    const plain = await runCommandLine('/assange 2015', app.registry(), app.context(caller));
    for (const odd of ['/assange 🙂 2015', '/assange 2015 👍🏽', '/assange 🇪🇨 2015!', '/assange #2015']) {
      const reply = await runCommandLine(odd, app.registry(), app.context(caller));
      assert.equal(reply.error, undefined, odd);
      assert.deepEqual(reply.items.map((i) => i.date), plain.items.map((i) => i.date), odd);
    }
    // Discord delivers the query as an option, not as typed text: the same tidying applies.
    const asOption = await runCommandLine('/assange query:"🙂 2015"', app.registry(), app.context(caller));
    assert.deepEqual(asOption.items.map((i) => i.date), plain.items.map((i) => i.date));
    const onlyEmoji = await runCommandLine('/assange 🙂', app.registry(), app.context(caller));
    assert.equal(onlyEmoji.error, undefined);
    assert.match(onlyEmoji.text ?? '', /\/assange 2012/);
  } finally {
    app.remove();
  }
});

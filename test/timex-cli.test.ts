import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { runTimexCommand } from '../src/core/timex/cli.js';

async function run(args: string[], stdin: string): Promise<{ code: number; out: string }> {
  const input = Readable.from([stdin]);
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  const code = await runTimexCommand(args, input, output);
  output.end();
  return { code, out: chunks.join('') };
}

test('marks expressions inline', async () => {
  const { code, out } = await run(['--dct', '2013-03-25'], 'The treaty was signed March 22, 2013, and ratified yesterday.\n');
  assert.equal(code, 0);
  assert.equal(out, 'The treaty was signed [[March 22, 2013|DATE|2013-03-22]], and ratified [[yesterday|DATE|2013-03-24]].\n');
});

test('--json prints one object per expression', async () => {
  const { code, out } = await run(['--dct', '2018-01-11', '--json'], 'Sales fell last month.');
  assert.equal(code, 0);
  const lines = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(lines, [{ start: 11, end: 21, text: 'last month', type: 'DATE', value: '2017-12' }]);
});

test('missing or invalid --dct exits with 2 and says why', async () => {
  const missing = await run([], 'today');
  assert.equal(missing.code, 2);
  assert.match(missing.out, /missing --dct/);
  const invalid = await run(['--dct', '2018-02-30'], 'today');
  assert.equal(invalid.code, 2);
  assert.match(invalid.out, /invalid --dct "2018-02-30"/);
});

test('--jsonl tags each line and reports bad lines without stopping', async () => {
  const input = [
    JSON.stringify({ id: 'a', dct: '2018-01-11', text: 'The vote is next week.' }),
    '{not json',
    JSON.stringify({ id: 'b', dct: 'yesterday', text: 'x' }),
    JSON.stringify({ id: 'c', dct: '2018-01-11', text: 'Nothing here.' }),
  ].join('\n');
  const { code, out } = await run(['--jsonl'], input + '\n');
  const rows = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(rows.length, 4);
  assert.deepEqual(rows[0], { id: 'a', timexes: [{ start: 12, end: 21, text: 'next week', type: 'DATE', value: '2018-W03' }] });
  assert.equal(rows[1]!.id, null);
  assert.match(String(rows[1]!.error), /invalid JSON/);
  assert.equal(rows[2]!.id, 'b');
  assert.match(String(rows[2]!.error), /dct/);
  assert.deepEqual(rows[3], { id: 'c', timexes: [] });
  assert.equal(code, 0);
});

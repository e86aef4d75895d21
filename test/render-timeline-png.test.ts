import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTimelineSvg, renderTimelinePng, wrapText } from '../src/render/timeline-png.js';
import type { Reply } from '../src/core/reply.js';

const reply: Reply = {
  title: 'Millbrook: 3 key events',
  items: [
    { date: '2024-01-05', precision: 'day', summary: 'A fire destroys the paper mill <and> the "old" warehouse next to it, the worst blaze the town has seen in forty years of records.', sources: [{ title: 'Mill fire', url: null, published: '2024-01-05' }], note: '4 sources' },
    { date: '2024-03', precision: 'month', summary: 'The council votes to rebuild.', sources: [] },
    { date: '2024', precision: 'year', summary: 'Millbrook & the dam.', sources: [{ title: 'Dam', url: null, published: '2024-05-01' }] },
  ],
  footer: 'top 3 by importance, in date order',
};

function pngSize(png: Buffer): { width: number; height: number } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(png.subarray(12, 16).toString('ascii'), 'IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

test('renderTimelinePng makes a valid PNG of sane size that grows with the events', () => {
  const png = renderTimelinePng(reply);
  const { width, height } = pngSize(png);
  assert.equal(width, 960);
  assert.ok(height > 250 && height < 2000, `height ${height}`);
  const one = pngSize(renderTimelinePng({ ...reply, items: reply.items.slice(0, 1) }));
  assert.ok(one.height < height);
  const empty = pngSize(renderTimelinePng({ title: 'Nothing', items: [], text: 'No events.' }));
  assert.ok(empty.height > 50);
});

test('the SVG escapes text, shows dates at their precision and the source counts', () => {
  const svg = buildTimelineSvg(reply);
  assert.match(svg, /&lt;and&gt; the &quot;old&quot;/);
  assert.match(svg, /Millbrook &amp; the dam/);
  assert.match(svg, />5 January 2024</);
  assert.match(svg, />March 2024</);
  assert.match(svg, />4 sources</);
  assert.match(svg, />0 sources</);
  assert.match(svg, />1 source</);
});

test('wrapText breaks at words, splits overlong words and ellipsizes past the line limit', () => {
  assert.deepEqual(wrapText('one two three four', 9), ['one two', 'three', 'four']);
  assert.deepEqual(wrapText('abcdefghijkl', 5), ['abcde', 'fghij', 'kl']);
  const capped = wrapText('a b c d e f g h', 3, 2);
  assert.equal(capped.length, 2);
  assert.ok(capped[1]!.endsWith('…'));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compatible, finer, formatDate, parsePartialDate, spanOf } from '../src/core/dates.js';

test('dates keep their precision', () => {
  assert.deepEqual(parsePartialDate('2012'), { value: '2012', precision: 'year' });
  assert.deepEqual(parsePartialDate('2014-07'), { value: '2014-07', precision: 'month' });
  assert.deepEqual(parsePartialDate('2015-08-13'), { value: '2015-08-13', precision: 'day' });
});

test('impossible dates are refused', () => {
  assert.equal(parsePartialDate('2012-13'), null);
  assert.equal(parsePartialDate('2015-02-29'), null);
  assert.deepEqual(parsePartialDate('2016-02-29')?.precision, 'day');
  assert.equal(parsePartialDate('12-2012'), null);
});

test('a date covers a span of days', () => {
  assert.deepEqual(spanOf({ value: '2016-02', precision: 'month' }), { start: '2016-02-01', end: '2016-02-29' });
  assert.deepEqual(spanOf({ value: '2012', precision: 'year' }), { start: '2012-01-01', end: '2012-12-31' });
});

test('nested dates are compatible, and the finer one wins', () => {
  const year = { value: '2012', precision: 'year' } as const;
  const june = { value: '2012-06', precision: 'month' } as const;
  assert.ok(compatible(year, june));
  assert.ok(!compatible(june, { value: '2012-07', precision: 'month' }));
  assert.equal(finer(year, june), june);
  assert.equal(formatDate(june), 'June 2012');
  assert.equal(formatDate({ value: '2015-08-13', precision: 'day' }), '13 August 2015');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTimeML } from '../src/core/timex/timeml.js';
import { countDoc, scoreDocs } from '../src/core/timex/score.js';

// A small TimeML document written for this test.
const TML = `<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2001-05-04T09:30:00" functionInDocument="CREATION_TIME">05/04/2001 09:30:00</TIMEX3></DCT>
<EXTRAINFO>header text 2001</EXTRAINFO>
<TEXT>
AT&amp;T <EVENT eid="e1" class="OCCURRENCE">said</EVENT> <TIMEX3 tid="t1" type="DATE" value="2001-05-03">Thursday</TIMEX3> it &lt;will&gt; cut jobs for <TIMEX3 tid="t2" type="DURATION" value="P2Y">two years</TIMEX3>.
</TEXT>
<TLINK lid="l1" relType="BEFORE" eventInstanceID="ei1" relatedToTime="t0"/>
</TimeML>`;

test('parseTimeML: DCT, plain text and gold offsets', () => {
  const doc = parseTimeML(TML);
  assert.equal(doc.dct, '2001-05-04');
  assert.equal(doc.text, '\nAT&T said Thursday it <will> cut jobs for two years.\n');
  assert.equal(doc.timexes.length, 2);
  for (const t of doc.timexes) assert.equal(doc.text.slice(t.start, t.end), t.text);
  assert.deepEqual(doc.timexes.map((t) => [t.text, t.type, t.value]), [['Thursday', 'DATE', '2001-05-03'], ['two years', 'DURATION', 'P2Y']]);
});

test('scorer: greedy one-to-one pairing, relaxed/strict/value/type', () => {
  const gold = [
    { start: 0, end: 10, type: 'DATE', value: '2001' },
    { start: 20, end: 30, type: 'DURATION', value: 'P1D' },
    { start: 40, end: 45, type: 'DATE', value: 'PAST_REF' },
  ];
  const sys = [
    { start: 2, end: 8, type: 'DATE', value: '2001' }, // relaxed match, same value
    { start: 5, end: 12, type: 'DATE', value: '2001' }, // overlaps a gold already paired: spurious
    { start: 20, end: 30, type: 'DURATION', value: 'PT24H' }, // strict match, wrong value
    { start: 50, end: 55, type: 'DATE', value: '2002' }, // spurious
  ];
  const c = countDoc(gold, sys);
  assert.deepEqual(c, { gold: 3, sys: 4, pairs: 2, strict: 1, value: 1, type: 2 });
  const s = scoreDocs([{ gold, sys }]);
  assert.equal(s.relaxed.p, 2 / 4);
  assert.equal(s.relaxed.r, 2 / 3);
  assert.equal(s.relaxed.f1, 4 / 7);
  assert.equal(s.strict.f1, 2 / 7);
  assert.equal(s.valueF1, 2 / 7);
  assert.equal(s.typeF1, 4 / 7);
});

test('scorer: a system timex spanning two gold ones pairs with the first only', () => {
  const gold = [
    { start: 0, end: 5, type: 'DATE', value: 'a' },
    { start: 10, end: 15, type: 'DATE', value: 'b' },
  ];
  const sys = [{ start: 0, end: 15, type: 'DATE', value: 'a' }];
  assert.deepEqual(countDoc(gold, sys), { gold: 2, sys: 1, pairs: 1, strict: 0, value: 1, type: 1 });
});

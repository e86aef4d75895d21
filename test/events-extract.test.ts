import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractCandidates } from '../src/core/extract/candidates.js';
import { cleanSentence, isFurniture, MAX_SUMMARY } from '../src/core/extract/clean.js';
import { centralSentence } from '../src/core/rank/importance.js';
import { keyEvents } from '../src/core/rank/key-events.js';
import { toReplyItems } from '../src/core/timeline.js';
import { withMillbrook } from './helpers/app.js';
import { OPERATOR, type EventRecord } from '../src/store/index.js';

// Made-up sentences about a made-up town; none of this text comes from any corpus.

test('page furniture, questions, hypotheticals and week-only dates are not events', () => {
  const body = [
    'Click on the cards below to see how the flood unfolded on 3 March 2024.',
    'Sign up for our newsletter to get the news of 4 March 2024 first.',
    'Will the council reopen the bridge on 5 March 2024?',
    'If the river rises again on 6 March 2024, the town would close the market.',
    'Volunteers filled sandbags this week.',
    'Engineers reopened the Millbrook bridge on 7 March 2024.',
  ].join('\n');
  const candidates = extractCandidates({ title: 'Flood diary', body, published: '2024-03-08' });
  const dated = candidates.filter((c) => !c.implicit);
  assert.deepEqual(dated.map((c) => c.date.value), ['2024-03-07']);
  assert.match(dated[0]!.sentence, /reopened the Millbrook bridge/);
});

test('a title or lead that reports news without a date word speaks of the publication day', () => {
  const candidates = extractCandidates({
    title: 'Millbrook council votes to close the old library',
    body: 'Councillors voted by nine to four to close the old library and move its books to the school.\nThe decision follows a review that began in 2021.',
    published: '2024-05-14',
  });
  const implicit = candidates.filter((c) => c.implicit);
  assert.deepEqual(implicit.map((c) => [c.position, c.date.value, c.date.precision]), [[0, '2024-05-14', 'day'], [1, '2024-05-14', 'day']]);
  // The review's year is dated by its own words, not the publication day.
  assert.ok(candidates.some((c) => !c.implicit && c.date.value === '2021'));
});

test('summaries lose datelines, bylines, credits, wire labels and bracket tokens, and stay within 280 characters', () => {
  assert.equal(cleanSentence('MILLBROOK (Wire) - The mayor resigned on Monday.'), 'The mayor resigned on Monday.');
  assert.equal(cleanSentence('By Jane Roe, Millbrook Gazette The mayor resigned on Monday.'), 'The mayor resigned on Monday.');
  assert.equal(cleanSentence('By the Gazette Wire Staff NEW: The mayor resigned [1] on Monday (Photo: J. Roe).'), 'The mayor resigned on Monday.');
  assert.equal(cleanSentence('The mayor resigned on Monday after a long row. Read'), 'The mayor resigned on Monday after a long row.');
  assert.equal(cleanSentence('MILLBROOK | Mon Mar 4, 2024 7:50 pm EST MILLBROOK - The dam held.'), 'The dam held.');
  assert.equal(cleanSentence('Monday 4 March 2024 10.22 GMT The dam held.'), 'The dam held.');
  // A page's highlights run into its first sentence up to the wire dateline.
  assert.equal(cleanSentence('Dam holds after storm Mayor thanks volunteers Millbrook, Vale (Wire) -- The dam held on Monday.'), 'The dam held on Monday.');
  assert.equal(cleanSentence('(Wire) -- The dam held on Monday.'), 'The dam held on Monday.');
  // A live blog's entry stamp.
  assert.equal(cleanSentence('(Update 4:29 a.m. in Millbrook, 9:29 p.m. ET) - The dam held.'), 'The dam held.');
  assert.equal(cleanSentence('(Update 8 p.m. ET) The dam held.'), 'The dam held.');
  assert.equal(cleanSentence('(1:23 p.m. Monday ET, 7:23 p.m. in Millbrook) The dam held.'), 'The dam held.');
  assert.equal(cleanSentence('(1957), a farce about the dam, closed early.'), '(1957), a farce about the dam, closed early.');
  // A slideshow's buttons.
  assert.equal(cleanSentence('BACK {current} of {total} NEXT The dam held.'), 'The dam held.');
  assert.equal(cleanSentence('The mayor (a farmer) - who built it - said it held.'), 'The mayor (a farmer) - who built it - said it held.');
  assert.equal(cleanSentence('The mayor spoke at 10:30 GMT on Monday.'), 'The mayor spoke at 10:30 GMT on Monday.');
  const long = cleanSentence(`The council ${'met again and argued about the budget, '.repeat(12)}then voted.`);
  assert.ok(long.length <= MAX_SUMMARY, `${long.length} characters`);
  assert.ok(long.endsWith('…'));
  assert.ok(isFurniture('Share your photos of the flood with us'));
  assert.ok(!isFurniture('The flood reached the high street on Tuesday.'));
  assert.ok(isFurniture('March 5, 2024 at 10:46 pm | Reply Nobody warned us about the dam.'));
  assert.ok(isFurniture('8:15 am ET March 6, 2024 RETWEET The mayor thanks the volunteers.'));
  assert.ok(isFurniture('Credit: Reuters/Gazette TV MILLBROOK | Mon Mar 4, 2024 7:50 pm EST'));
  assert.ok(!isFurniture('The council met on March 5, 2024 at 10 am and voted to rebuild the dam.'));
  assert.ok(isFurniture('For all other inquiries please call the main Gazette switchboard on 020 7946 2000.'));
  assert.ok(!isFurniture('The council switchboard was jammed with calls on Monday.'));
});

test('an event\'s summary is its most central, readable mention, preferring an article\'s lead', () => {
  const summary = centralSentence([
    { text: 'Floodwater reached the high street.', position: 9 },
    { text: 'The Millbrook dam burst on Tuesday, flooding the high street and the market square.', position: 1 },
    { text: 'Residents fled as the dam burst and flooded the market square.', position: 4 },
    { text: 'photos', position: 12 },
  ]);
  assert.equal(summary, 'The Millbrook dam burst on Tuesday, flooding the high street and the market square.');
  // A reader's comment under an article dates its day but is not chosen to tell the news.
  const beside = centralSentence([
    { text: 'At 10:46 pm on 5 Mar 2024, DamWatcher wrote: The Millbrook dam burst and flooded the market square, as everyone said it would.', position: 30 },
    { text: 'The dam burst on Tuesday.', position: 6 },
  ]);
  assert.equal(beside, 'The dam burst on Tuesday.');
  // Deep in a long page (a comment thread whose bylines were stripped, an aside), a longer sentence no longer wins
  // over the report; the same sentence higher up the page still does.
  const report = 'The Millbrook dam burst on Tuesday, engineers said.';
  const musing = 'What nobody mentions is that the Millbrook dam burst on Tuesday just as the old flood maps said it would, and the market square paid for it.';
  assert.equal(centralSentence([{ text: report, position: 8 }, { text: musing, position: 240 }]), report);
  assert.equal(centralSentence([{ text: report, position: 8 }, { text: musing, position: 12 }]), musing);
});

test('a chronicle\'s entry for the day ("Aug. 12 - ...") is preferred as the summary over a lead that tells the same, and shown without its date', () => {
  const lead = 'The Millbrook bridge collapsed into the river on Monday during roadworks, officials said.';
  const chronicle = 'Aug. 12 - The Millbrook bridge collapses into the river during roadworks.';
  // Chosen, it leaves its date to the event's.
  assert.equal(centralSentence([{ text: lead, position: 1 }, { text: chronicle, position: 14 }]), 'The Millbrook bridge collapses into the river during roadworks.');
  assert.equal(centralSentence([{ text: lead, position: 1 }, { text: '12 August 2024: Millbrook bridge collapses into the river during roadworks.', position: 14 }]), 'Millbrook bridge collapses into the river during roadworks.');
  // A date that merely opens a sentence in running text is no entry.
  assert.equal(centralSentence([{ text: lead, position: 1 }, { text: 'Aug. 12 - the day the Millbrook bridge collapsed into the river.', position: 14 }]), lead);
  // An entry that is an event's only report is shown the same way.
  withMillbrook([
    { id: 'c1', title: 'The year in Millbrook', published: '2024-12-30', text: 'It was a busy year for the town.\nAug. 12 - The Millbrook bridge collapses into the river during roadworks.' },
  ], (app, topicId) => {
    const bridge = onlyEvent(app.store.events.all(OPERATOR, topicId), /bridge/);
    assert.deepEqual([bridge.date, bridge.summary], ['2024-08-12', 'The Millbrook bridge collapses into the river during roadworks.']);
  });
});

/** The one event whose summary matches. */
function onlyEvent(events: EventRecord[], summary: RegExp): EventRecord {
  const found = events.filter((e) => summary.test(e.summary));
  assert.equal(found.length, 1, `one event matching ${summary}, got ${found.map((e) => `${e.date}: ${e.summary}`).join(' | ')}`);
  return found[0]!;
}

test('an event is summarised by a report after the fact, not by the previews merged into it', () => {
  withMillbrook([
    { id: 'p1', title: 'Roadworks ahead', published: '2024-07-20', text: 'Roadworks on the Millbrook bridge will close the bridge to traffic in August 2024, the council said.' },
    { id: 'p2', title: 'Summer closures', published: '2024-07-22', text: 'Drivers were warned that the Millbrook bridge will close to traffic for roadworks in August 2024.' },
    { id: 'r1', title: 'Bridge collapse', published: '2024-08-13', text: 'The Millbrook bridge collapsed into the river during roadworks on 12 August 2024, and traffic was stopped.' },
    { id: 'f1', title: 'Fair', published: '2024-08-20', text: 'The autumn fair will fill the market square with music on 14 September 2024.' },
  ], (app, topicId) => {
    const events = app.store.events.all(OPERATOR, topicId);
    const bridge = onlyEvent(events, /bridge/);
    assert.equal(bridge.date, '2024-08-12');
    assert.equal(app.store.events.sources(OPERATOR, [bridge.id]).get(bridge.id)!.length, 3, 'the previews are still its sources');
    assert.match(bridge.summary, /collapsed into the river/);
    // Its sources list the report before the previews, in a look-up and among the key events.
    assert.deepEqual(toReplyItems(app.store, OPERATOR, [bridge])[0]!.sources.map((source) => source.title), ['Bridge collapse', 'Roadworks ahead', 'Summer closures']);
    const key = keyEvents(app.store, { tenant: OPERATOR, topic: app.store.topics.get('millbrook')!, top: 1, granularity: 'day' }).reply.items[0]!;
    assert.deepEqual([key.date, key.sources.map((source) => source.title)], ['2024-08-12', ['Bridge collapse', 'Roadworks ahead', 'Summer closures']]);
    // An event nothing has reported yet keeps its preview.
    assert.ok(events.some((e) => e.date === '2024-09-14' && /autumn fair will fill/.test(e.summary)));
  }, '2024-10-01T00:00:00Z');
});

test('mentions of one happening on one date from several articles make one event, and a vaguer mention of it joins that event', () => {
  withMillbrook([
    { id: 'a', title: 'Dam bursts', published: '2024-03-05', text: 'The Millbrook dam burst on 5 March 2024, flooding the market square.' },
    { id: 'b', title: 'Flood inquiry', published: '2024-03-20', text: 'An inquiry will ask why the Millbrook dam burst on 5 March 2024 and flooded the market square.' },
    { id: 'c', title: 'Spring', published: '2024-03-21', text: 'The Millbrook dam burst in March 2024, flooding the market square.' },
    { id: 'd', title: 'Fair', published: '2024-03-22', text: 'The spring fair filled the market square on 9 March 2024 with music.' },
  ], (app, topicId) => {
    const events = app.store.events.all(OPERATOR, topicId);
    const dam = onlyEvent(events, /dam burst/);
    assert.equal(dam.date, '2024-03-05');
    assert.equal(app.store.events.sources(OPERATOR, [dam.id]).get(dam.id)!.length, 3);
    assert.ok(events.some((e) => e.date === '2024-03-09' && /fair/.test(e.summary)), 'the fair is an event of its own');
    // Importance is stored: the dam, reported three times, outranks the fair.
    const fair = events.find((e) => e.date === '2024-03-09')!;
    assert.ok(dam.importance > fair.importance, `${dam.importance} > ${fair.importance}`);
  });
});

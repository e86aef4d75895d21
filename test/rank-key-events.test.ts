import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IngestItem } from '../src/core/ingest.js';
import { keyEvents } from '../src/core/rank/key-events.js';
import { candidateDates, DEFAULT_SELECTION, rankDates, selectDates } from '../src/core/rank/rank.js';
import type { ScoredEvent } from '../src/core/rank/importance.js';
import { runCommandLine } from '../src/core/commands/run.js';
import { fixedClock, tempApp, withMillbrook } from './helpers/app.js';
import { OPERATOR } from '../src/store/index.js';

// Small made-up articles about a made-up town; none of this text comes from any corpus.

test('reports of the same day in different words are one key event with several sources', () => {
  withMillbrook([
    { id: 'a', title: 'Mayor quits', published: '2024-03-12', text: 'Mayor Alice Grey resigned on 12 March 2024 after the budget vote.' },
    { id: 'b', title: 'Council picks caretaker', published: '2024-03-13', text: 'Councillors named a caretaker leader on 12 March 2024, hours after the surprise departure at the town hall.' },
    { id: 'c', title: 'Bridge reopens', published: '2024-04-02', text: 'The old bridge reopened to traffic on 2 April 2024.' },
  ], (app) => {
    const topic = app.store.topics.get('millbrook')!;
    const { reply } = keyEvents(app.store, { tenant: OPERATOR, topic, top: 5, granularity: 'day' });
    const march = reply.items.filter((i) => i.date === '2024-03-12');
    assert.equal(march.length, 1);
    assert.equal(march[0]!.sources.length, 2);
    assert.equal(march[0]!.note, '2 sources');
    assert.deepEqual(reply.items.map((i) => i.date), ['2024-03-12', '2024-04-02']);
  });
});

test('a next-day report that says "yesterday" joins the event of the day before', () => {
  withMillbrook([
    // 5 March 2024 was a Tuesday.
    { id: 'a', title: 'Dam bursts', published: '2024-03-05', text: 'Floodwaters burst the Millbrook dam on Tuesday, forcing hundreds of residents to flee.' },
    { id: 'b', title: 'Clean-up begins', published: '2024-03-06', text: 'Residents returned home after the Millbrook dam burst yesterday.' },
  ], (app, topicId) => {
    const events = app.store.events.all(OPERATOR, topicId).filter((e) => e.precision === 'day');
    assert.deepEqual(events.map((e) => e.date), ['2024-03-05']);
    const sources = app.store.events.sources(OPERATOR, [events[0]!.id]).get(events[0]!.id) ?? [];
    assert.equal(sources.length, 2);
    const ranked = rankDates(app.store, OPERATOR, topicId, { granularity: 'day' });
    assert.deepEqual(ranked.map((r) => r.date), ['2024-03-05']);
  });
});

test('a date many articles refer back to, long after, outranks a busier one-off', () => {
  const items: IngestItem[] = [
    { id: 'fire', title: 'Fire at the mill', published: '2024-01-05', text: 'A fire destroyed the Millbrook paper mill on 5 January 2024.' },
    { id: 'fair1', title: 'Winter fair', published: '2024-01-20', text: 'The winter fair opened on 20 January 2024 with forty stalls.' },
    { id: 'fair2', title: 'Fair crowds', published: '2024-01-20', text: 'Crowds filled the square as the fair began on 20 January 2024.' },
  ];
  for (const [index, published] of ['2024-03-01', '2024-04-10', '2024-05-15'].entries()) {
    items.push({ id: `look${index}`, title: `Mill inquiry ${index}`, published, text: `Investigators are still asking why the paper mill burned on 5 January 2024, update ${index}.` });
  }
  withMillbrook(items, (app, topicId) => {
    const [first] = rankDates(app.store, OPERATOR, topicId, { top: 1, granularity: 'day' });
    assert.equal(first!.date, '2024-01-05');
    const lookBack = first!.contributions.find((c) => /referring back/.test(c.feature))!;
    assert.ok(lookBack.value > 0 && lookBack.points > 0, 'the look-backs count for the fire');
  });
});

test('key events are day-precise by default; any adds a month nothing inside is reported to the day', () => {
  const items: IngestItem[] = ['2024-02-02', '2024-02-09', '2024-02-16'].map((published, index) => ({
    id: `m${index}`, title: `Roadworks ${index}`, published,
    text: `Roadworks on the high street began in January 2024, note ${index}. Traffic was at its worst of 2024 on the bypass.`,
  }));
  items.push({ id: 'd', title: 'School opens', published: '2024-02-20', text: 'The new school opened its doors on 19 February 2024.' });
  withMillbrook(items, (app, topicId) => {
    const dates = (granularity?: 'day' | 'any') => rankDates(app.store, OPERATOR, topicId, { granularity }).map((r) => `${r.date} ${r.precision}`);
    assert.ok(app.store.events.all(OPERATOR, topicId).some((e) => e.date === '2024' && e.precision === 'year'), 'the year is an event');
    assert.deepEqual(dates(), ['2024-02-19 day']);
    assert.deepEqual(dates('day'), ['2024-02-19 day']);
    // January has no day-precise report; 2024 holds the school's day, so the year stands for nothing more.
    assert.deepEqual(dates('any').sort(), ['2024-01 month', '2024-02-19 day']);
  });
});

test('key events leave out what the articles look back to and what they expect; a period asked for shows them', () => {
  const items: IngestItem[] = [
    { id: 'fire', title: 'Fire at the mill', published: '2024-01-05', text: 'A fire destroyed the Millbrook paper mill on 5 January 2024.' },
    { id: 'vote', title: 'Council votes to rebuild', published: '2024-02-14', text: 'The council voted on 14 February 2024 to rebuild the paper mill.' },
  ];
  for (const [index, published] of ['2024-03-01', '2024-04-10', '2024-05-15'].entries()) {
    items.push({
      id: `look${index}`, title: `Mill history ${index}`, published,
      text: `The paper mill, opened on 3 May 1887, employed half the town, note ${index}. Its owners expect to reopen it on 1 September 2024.`,
    });
  }
  withMillbrook(items, (app, topicId) => {
    const stored = app.store.events.all(OPERATOR, topicId).map((e) => e.date);
    assert.ok(stored.includes('1887-05-03') && stored.includes('2024-09-01'), 'both dates are on the timeline');
    const key = rankDates(app.store, OPERATOR, topicId, { top: 5 }).map((r) => r.date).sort();
    assert.deepEqual(key, ['2024-01-05', '2024-02-14']);
    const asked = rankDates(app.store, OPERATOR, topicId, { top: 5, within: { start: '1880-01-01', end: '1889-12-31' } });
    assert.deepEqual(asked.map((r) => r.date), ['1887-05-03']);
  });
});

test('a hand-written timeline\'s months and years stay among its key events', () => {
  const app = tempApp();
  try {
    const topic = app.store.topics.get('assange')!;
    const { reply } = keyEvents(app.store, { tenant: OPERATOR, topic, top: 30 });
    const precisions = new Set(reply.items.map((i) => i.precision));
    assert.ok(precisions.has('year') && precisions.has('month') && precisions.has('day'), [...precisions].join(', '));
  } finally {
    app.remove();
  }
});

test('explain lists each event with its importance, its evidence and feature contributions', () => {
  withMillbrook([
    { id: 'a', title: 'Mill fire', published: '2024-01-05', text: 'A fire destroyed the paper mill on 5 January 2024.' },
    { id: 'b', title: 'Mill inquiry', published: '2024-03-01', text: 'The inquiry into the mill fire of 5 January 2024 opened.' },
  ], (app) => {
    const topic = app.store.topics.get('millbrook')!;
    const { reply } = keyEvents(app.store, { tenant: OPERATOR, topic, top: 3, granularity: 'day', explain: true });
    assert.match(reply.text ?? '', /#1 5 January 2024: importance 0\.\d\d \(2 articles, \d outlets?, 2 publication days\) = /);
    assert.match(reply.text ?? '', /[+-]\d\.\d\d support for its day \(reports, look-backs/);
    assert.match(reply.text ?? '', /[+-]\d\.\d\d articles reporting this event \(/);
  });
  // Two different happenings on one day: the item lists both's sources, and explain says its figures are the best one's.
  withMillbrook([
    { id: 'a', title: 'Mill fire', published: '2024-01-05', text: 'A fire destroyed the paper mill on 5 January 2024.' },
    { id: 'b', title: 'Mill fire inquiry', published: '2024-01-08', text: 'The fire that destroyed the paper mill on 5 January 2024 is under inquiry.' },
    { id: 'c', title: 'Bridge', published: '2024-01-06', text: 'Voters approved the new river bridge budget on 5 January 2024.' },
  ], (app) => {
    const topic = app.store.topics.get('millbrook')!;
    const { reply } = keyEvents(app.store, { tenant: OPERATOR, topic, top: 1, granularity: 'day', explain: true });
    assert.equal(reply.items[0]?.note, '3 sources');
    assert.match(reply.text ?? '', /#1 5 January 2024: importance 0\.\d\d \(2 articles, \d outlets?, 2 publication days for its best event, of 2 on the date\) = /);
  });
});

test('a date reported only in words off the topic\'s subject ranks below an equally reported one on it, and explain says why', () => {
  withMillbrook([
    { id: 'a', title: 'Walk-out', published: '2024-03-05', text: 'Millbrook mill workers walked out on 5 March 2024.' },
    { id: 'b', title: 'Trophy', published: '2024-03-09', text: 'Rovers won the Westfield trophy on 9 March 2024.' },
    { id: 'c', title: 'Talks', published: '2024-03-20', text: 'Millbrook mill owners met the union on 20 March 2024.' },
    { id: 'd', title: 'Reopening', published: '2024-04-02', text: 'Millbrook mill reopened on 2 April 2024.' },
  ], (app) => {
    const topic = app.store.topics.get('millbrook')!;
    const { reply, ranked } = keyEvents(app.store, { tenant: OPERATOR, topic, top: 4, granularity: 'day', explain: true });
    const order = ranked.map((r) => r.date);
    assert.ok(order.indexOf('2024-03-05') < order.indexOf('2024-03-09'), `on-subject date first: ${order.join(', ')}`);
    assert.match(reply.text ?? '', /9 March 2024: .*; ×0\.\d\d for sentences off the topic's subject/);
    assert.doesNotMatch(reply.text ?? '', /5 March 2024: [^\n]*off the topic's subject/);
  });
});

test('/dateline timeline topic:assange top:5 gives the five key events in date order; no top keeps paging', async () => {
  const app = tempApp({ now: fixedClock('2026-11-22T12:00:00Z') });
  try {
    const context = app.context({ channel: 'console:test', userId: 't', canManage: true });
    const reply = await runCommandLine('/dateline timeline topic:assange top:5', app.registry(), context);
    assert.equal(reply.error, undefined);
    assert.equal(reply.items.length, 5);
    const dates = reply.items.map((i) => i.date);
    assert.deepEqual(dates, [...dates].sort());
    assert.ok(reply.items.some((i) => i.date === '2012'), 'the asylum, with four sources, is a key event');
    assert.equal(reply.page, undefined);
    const paged = await runCommandLine('/dateline timeline topic:assange', app.registry(), context);
    assert.equal(paged.items.length, 10);
    assert.ok(paged.page && paged.page.count > 1);
    const bad = await runCommandLine('/dateline timeline topic:assange top:zero', app.registry(), context);
    assert.equal(bad.error, true);
  } finally {
    app.remove();
  }
});

test('two near days that share only the story\'s own words stay two key dates; the same happening told twice is one', () => {
  // Every summary names the story (the made-up Millbrook mill); two near days report different happenings of it,
  // and two other near days report one happening in nearly the same words.
  const days = ['2024-03-01', '2024-03-05', '2024-03-06', '2024-03-09', '2024-03-10', '2024-03-20', '2024-03-25', '2024-04-02', '2024-04-10', '2024-04-18', '2024-04-25', '2024-05-02'];
  const summaries = new Map<number, string>([
    [2, 'Millbrook mill river workers walked out.'],
    [3, 'Millbrook mill river owners sold up.'],
    [4, 'Millbrook mill river fire destroyed the grain store and the loading bay.'],
    [5, 'Millbrook mill river fire destroyed the grain store and loading bay, firefighters said.'],
  ]);
  const scored: ScoredEvent[] = days.map((date, i) => ({
    eventId: i + 1, date, precision: 'day', values: [], articles: 1, outlets: 1, publicationDays: 1, sentences: [], onSubject: 1, curated: false, subjectFactor: 1, parts: [],
    score: [2, 3, 4, 5].includes(i + 1) ? 0.9 - i * 0.01 : 0.5 - i * 0.01,
  }));
  for (const event of scored) if (!summaries.has(event.eventId)) summaries.set(event.eventId, `Millbrook mill river news item number ${event.eventId} about the town.`);
  const chosen = selectDates(candidateDates(scored, 'day'), 4, DEFAULT_SELECTION, (id) => summaries.get(id)!);
  const picked = chosen.map((c) => c.group.date);
  assert.ok(picked.includes('2024-03-05') && picked.includes('2024-03-06'), `the walk-out and the sale are both key dates: ${picked.join(', ')}`);
  assert.ok(picked.includes('2024-03-09') !== picked.includes('2024-03-10'), `the fire is one key date: ${picked.join(', ')}`);
  const fire = chosen.find((c) => c.group.date === '2024-03-09' || c.group.date === '2024-03-10')!;
  assert.equal(fire.folded.length, 1);
});

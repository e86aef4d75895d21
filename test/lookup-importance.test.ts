import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ingestItems, type IngestItem } from '../src/core/ingest.js';
import { runCommandLine } from '../src/core/commands/run.js';
import { fixedClock, tempApp } from './helpers/app.js';

// A made-up town's year: twelve small happenings reported once, and one that many articles report and recall.

function year(): IngestItem[] {
  const items: IngestItem[] = [];
  for (let month = 1; month <= 12; month++) {
    const mm = String(month).padStart(2, '0');
    items.push({ id: `minor${month}`, title: `Notice ${month}`, published: `2023-${mm}-15`, text: `The parish choir number ${month} sang at the hall on ${month}/14/2023.` });
  }
  for (let i = 0; i < 6; i++) {
    items.push({
      id: `flood${i}`, title: `Flood report ${i}`, published: `2023-0${3 + (i % 3)}-${String(2 + i).padStart(2, '0')}`,
      text: `The Millbrook dam burst on 1 March 2023, flooding the market square, report ${i}.`,
    });
  }
  return items;
}

test('a year look-up shows its most important events first, in date order, with "N more"; all lists everything by date', async () => {
  const app = tempApp({ bare: true, now: fixedClock('2024-06-01T00:00:00Z') });
  try {
    ingestItems(app.store, year(), { topic: 'millbrook', now: app.now() });
    const registry = app.registry();
    const context = app.context({ channel: 'console:test', userId: 't', canManage: true }, 1);
    const ranked = await runCommandLine('/millbrook 2023', registry, context);
    assert.equal(ranked.error, undefined);
    assert.equal(ranked.items.length, 10);
    const dates = ranked.items.map((i) => i.date);
    assert.deepEqual(dates, [...dates].sort(), 'the page reads in date order');
    assert.ok(dates.includes('2023-03-01'), 'the flood, reported six times, is on the first page');
    assert.ok(ranked.total! > 10);
    assert.match(ranked.footer ?? '', /the 10 most important, in date order · \d+ more · page 1 of \d+/);

    const all = await runCommandLine('/millbrook 2023 all', registry, context);
    const allDates = all.items.map((i) => i.date);
    assert.equal(all.total, ranked.total);
    assert.deepEqual(allDates, [...allDates].sort());
    assert.equal(allDates[0]!.slice(0, 7), '2023-01', 'date order starts with January');
    assert.doesNotMatch(all.footer ?? '', /most important/);
    const sorted = await runCommandLine('/millbrook 2023 sort:date', registry, context);
    assert.deepEqual(sorted.items.map((i) => i.date), allDates);
    assert.match(sorted.page?.command ?? '', / all$/, 'the next page keeps date order');

    const bad = await runCommandLine('/millbrook 2023 sort:size', registry, context);
    assert.equal(bad.error, true);
    assert.match(bad.text ?? '', /importance.*date/);

    // Page two continues by importance: nothing of page one again.
    const second = await runCommandLine('/millbrook 2023', registry, app.context({ channel: 'console:test', userId: 't', canManage: true }, 2));
    const firstSummaries = new Set(ranked.items.map((i) => `${i.date} ${i.summary}`));
    assert.ok(second.items.every((i) => !firstSummaries.has(`${i.date} ${i.summary}`)));
  } finally {
    app.remove();
  }
});

test('latest starts at the newest report: a plan or forecast dated later stays on the timeline but is not the latest news', async () => {
  const app = tempApp({ bare: true, now: fixedClock('2024-06-01T00:00:00Z') });
  try {
    ingestItems(app.store, [
      { id: 'dam', title: 'Dam repairs begin', published: '2023-05-02', text: 'Engineers began repairing the Millbrook dam on 1 May 2023.' },
      { id: 'plan', title: 'Council budget', published: '2023-05-09', text: 'The council voted on 8 May 2023 to fund the repairs. It hopes to open a new bridge in 2031.' },
    ], { topic: 'millbrook', now: app.now() });
    const context = app.context({ channel: 'console:test', userId: 't', canManage: true }, 1);
    const registry = app.registry();
    const latest = await runCommandLine('/millbrook latest', registry, context);
    assert.equal(latest.error, undefined);
    assert.deepEqual(latest.items.map((i) => i.date), ['2023-05-08', '2023-05-01']);
    const later = await runCommandLine('/millbrook 2031', registry, context);
    assert.deepEqual(later.items.map((i) => i.date), ['2031'], 'the forecast is still on the timeline, under its year');
  } finally {
    app.remove();
  }
});

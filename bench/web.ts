import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timelinePage } from '../src/web/html.js';
import { startWebServer } from '../src/web/server.js';
import { timelineView, WEB_PAGE_SIZE } from '../src/web/view.js';
import { percentile, timeBeside } from './stats.js';
import { bareQuery, EVENTS, syntheticStore } from './synthetic.js';
import type { BenchRow } from './types.js';

// The web timeline's year page of the 1,000,000-event topic: rendered server-side (view + HTML), beside the
// look-up floor (the bare SQL for the same page of events and its count); and fetched over HTTP on
// 127.0.0.1, beside a bare node:http answer.

const RUNS = 400;
const YEARS = 76;

export default async function bench(): Promise<BenchRow[]> {
  const { app, topic } = syntheticStore();
  const yearOf = (i: number) => String(1950 + (i % YEARS));
  const floors = Array.from({ length: YEARS }, (_, i) =>
    bareQuery(app, topic.id, { within: { start: `${yearOf(i)}-01-01`, end: `${yearOf(i)}-12-31` } }, WEB_PAGE_SIZE));
  const now = app.now();
  let bytes = 0;
  const { ours: render, floor } = await timeBeside(RUNS, (i) => {
    const result = timelineView(app.store, { topic, segment: yearOf(i), now });
    if (!('view' in result)) throw new Error(`the year page ${yearOf(i)} did not render`);
    bytes = timelinePage(result.view).length;
  }, (i) => floors[i % YEARS]!());

  const server = await startWebServer(app, { port: 0, host: '127.0.0.1' });
  const bare = createServer((_request, response) => response.end('<!doctype html><p>ok</p>'));
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
  let http: number[];
  let httpFloor: number[];
  try {
    ({ ours: http, floor: httpFloor } = await timeBeside(RUNS, async (i) => {
      const response = await fetch(`${server.url}/t/bench/${yearOf(i)}`);
      if (response.status !== 200) throw new Error(`GET /t/bench/${yearOf(i)}: ${response.status}`);
      await response.text();
    }, async () => (await fetch(bareUrl)).text()));
  } finally {
    await server.close();
    await new Promise((resolve) => bare.close(resolve));
    bare.closeAllConnections();
  }
  const rows: BenchRow[] = [];
  for (const p of [50, 99]) {
    rows.push({
      figure: `web year page rendered server-side p${p} (${EVENTS.toLocaleString('en')} events, ${WEB_PAGE_SIZE} a page, ${(bytes / 1024).toFixed(0)} KiB)`,
      value: percentile(render, p),
      unit: 'ms',
      floor: percentile(floor, p),
      floorLabel: `look-up floor: the same page's SQL, bare`,
      target: p === 99 ? '≤ 50 ms' : undefined,
    });
  }
  for (const p of [50, 99]) {
    rows.push({
      figure: `web year page over HTTP p${p}`,
      value: percentile(http, p),
      unit: 'ms',
      floor: percentile(httpFloor, p),
      floorLabel: 'a bare node:http answer',
    });
  }
  return rows;
}

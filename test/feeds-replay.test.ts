// A recorded news stream, replayed: three outlets' feeds on 127.0.0.1 whose items appear over time, polled by
// `dateline poll --once --json` as a child process while DATELINE_NOW steps forward. Each story must alert
// each subscribed channel exactly once, however many outlets report it; near-misses must start no story.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { startFeedServer, type FeedServer, type TestItem } from './helpers/feed-server.js';
import { APPEAL, EARLIER, NEAR_MISSES, PLEA, STELLA, type Article } from './fixtures/feed-stories.js';

interface PollJson {
  feeds: { polled: number; notModified: number; failed: number };
  items: { new: number; related: number; unrelated: number };
  stories: { id: number; title: string; urls: string[] }[];
  delivered: { channel: string; story: number; urls: string[] }[];
  updated: { channel: string; story: number; kind: 'edit' | 'thread' | 'followup' }[];
}

const url = (outlet: string, article: Article) => `https://${outlet}.example/${article.slug}`;

/** Each item shows up in its outlet's feed when it was published. */
const entry = (outlet: string, article: Article): TestItem => ({ ...article, link: `${url(outlet, article)}?utm_medium=rss`, appearsAt: article.published });

const OUTLETS: Record<string, { title: string; items: TestItem[] }> = {
  ledger: { title: 'Northern Ledger', items: [entry('ledger', EARLIER), entry('ledger', APPEAL.ledger), entry('ledger', STELLA), entry('ledger', PLEA.ledger)] },
  coastal: { title: 'Coastal Times', items: [entry('coastal', NEAR_MISSES.snowden), entry('coastal', APPEAL.coastal), entry('coastal', PLEA.coastal)] },
  wire: { title: 'Daily Wire', items: [entry('wire', NEAR_MISSES.begum), entry('wire', APPEAL.wire), entry('wire', NEAR_MISSES.wikipedia), entry('wire', PLEA.wire)] },
};

const CHANNELS = ['console:newsroom', 'console:desk'];

let server: FeedServer;
let dir: string;
before(async () => {
  server = await startFeedServer(Object.fromEntries(Object.entries(OUTLETS).map(([name, feed]) => [`/${name}.xml`, feed])));
  dir = mkdtempSync(join(tmpdir(), 'dateline-replay-'));
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('replaying three outlets over five weeks: one alert per story per channel, no story from near-misses', async () => {
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({
    topics: [{ name: 'assange', title: 'Julian Assange', keywords: ['Assange', 'WikiLeaks'], aliases: ['Julian Assange', 'WikiLeaks founder'] }],
    feeds: Object.keys(OUTLETS).map((name) => ({ url: `${server.base}/${name}.xml`, topic: 'assange' })),
  }));
  const common = ['--db', join(dir, 'replay.db'), '--config', config, '--bare'];
  const run = async (at: string, args: string[]) => {
    server.now = new Date(at);
    const result = await runCli([...args, ...common], { env: { DATELINE_NOW: at, DATELINE_ALLOW_HOSTS: '127.0.0.1' } });
    assert.equal(result.code, 0, result.stderr);
    return result;
  };
  for (const channel of CHANNELS) {
    await run('2024-05-19T11:00:00Z', ['ask', '--channel', channel, '/dateline subscribe topic:assange mode:instant']);
  }
  let printed = '';
  let explained = '';
  const poll = async (at: string) => {
    const result = await run(at, ['poll', '--once', '--json', '--explain']);
    explained = result.stderr;
    printed = result.stderr; // the console channels' posts: stdout holds the report alone
    return JSON.parse(result.stdout) as PollJson;
  };

  // Before the story breaks: the backfill records Friday's preview and alerts nobody.
  const backfill = await poll('2024-05-19T12:00:00Z');
  assert.deepEqual(backfill.feeds, { polled: 3, notModified: 0, failed: 0 });
  assert.deepEqual(backfill.items, { new: 1, related: 1, unrelated: 0 });
  assert.deepEqual(backfill.delivered, []);

  // Monday noon: two outlets report the appeal ruling; the others have near-misses.
  const noon = await poll('2024-05-20T12:00:00Z');
  assert.deepEqual(noon.items, { new: 4, related: 2, unrelated: 2 });
  assert.equal(noon.stories.length, 1);
  const appeal = noon.stories[0]!;
  assert.deepEqual(appeal.urls.sort(), [url('coastal', APPEAL.coastal), url('ledger', APPEAL.ledger)].sort());
  assert.deepEqual(noon.delivered.map((d) => d.channel).sort(), [...CHANNELS].sort());
  assert.ok(noon.delivered.every((d) => d.story === appeal.id));

  // Afternoon: the wire joins the appeal story (no second alert); Stella Assange's appeal is a story of its own.
  const afternoon = await poll('2024-05-20T14:00:00Z');
  assert.equal(afternoon.stories.length, 2);
  assert.deepEqual(afternoon.stories.find((s) => s.id === appeal.id)?.urls.length, 3);
  const stella = afternoon.stories.find((s) => s.id !== appeal.id)!;
  assert.deepEqual(stella.urls, [url('ledger', STELLA)]);
  assert.deepEqual(afternoon.delivered.map((d) => [d.channel, d.story]).sort(), CHANNELS.map((c) => [c, stella.id]).sort());
  // The appeal's alert, already posted, is edited to list the wire too: an update, not a new post.
  assert.deepEqual(afternoon.updated.map((u) => [u.channel, u.story, u.kind]).sort(), CHANNELS.map((c) => [c, appeal.id, 'edit']).sort());
  assert.match(printed, /\(edited console:(newsroom|desk)#\d+\) New on Julian Assange/);
  assert.match(explained, /taken: .*\n    title has "Assange" \+3/);

  // Five weeks later, the plea deal from all three outlets in one poll; the Wikipedia near-miss is dropped.
  const plea = await poll('2024-06-25T08:00:00Z');
  assert.deepEqual(plea.items, { new: 4, related: 3, unrelated: 1 });
  assert.match(explained, /left: .*Wikipedia|left: .*\n    .*score -?[\d.]+ < threshold 3/);
  assert.equal(plea.stories.length, 1);
  assert.deepEqual(plea.stories[0]!.urls.sort(), Object.entries(PLEA).map(([outlet, article]) => url(outlet, article)).sort());
  assert.equal(plea.delivered.length, CHANNELS.length);
  assert.ok(plea.delivered.every((d) => d.story === plea.stories[0]!.id && d.urls.length === 3));
  assert.equal(printed.match(/\[console:(newsroom|desk)\] New on Julian Assange/g)?.length, 2);
  assert.equal(printed.match(/— 3 sources/g)?.length, 2, 'the one alert lists all three outlets');

  // Nothing new: every feed answers 304, nothing is alerted again.
  const quiet = await poll('2024-06-25T09:00:00Z');
  assert.deepEqual(quiet.feeds, { polled: 3, notModified: 3, failed: 0 });
  assert.deepEqual(quiet.delivered, []);

  const delivered = [noon, afternoon, plea, quiet].flatMap((report) => report.delivered);
  const perStoryChannel = new Map<string, number>();
  for (const d of delivered) perStoryChannel.set(`${d.story}|${d.channel}`, (perStoryChannel.get(`${d.story}|${d.channel}`) ?? 0) + 1);
  assert.equal(perStoryChannel.size, 3 * CHANNELS.length, 'three stories, each to every channel');
  assert.ok([...perStoryChannel.values()].every((n) => n === 1), 'exactly once each');
  const nearMissUrls = new Set(Object.values(NEAR_MISSES).flatMap((article) => ['coastal', 'wire'].map((outlet) => url(outlet, article))));
  assert.ok(delivered.every((d) => d.urls.every((u) => !nearMissUrls.has(u))));
});

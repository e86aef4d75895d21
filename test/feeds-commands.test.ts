// /dateline feed add|list|remove|test and the feeds CLI, against a feed server on 127.0.0.1.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommandLine } from '../src/core/commands/run.js';
import type { Caller } from '../src/core/commands/types.js';
import { parseOpml, toOpml } from '../src/feeds/opml.js';
import { tempApp } from './helpers/app.js';
import { runCli } from './helpers/cli.js';
import { startFeedServer, type FeedServer } from './helpers/feed-server.js';
import { APPEAL, NEAR_MISSES } from './fixtures/feed-stories.js';

const admin: Caller = { channel: 'console:desk', userId: 'admin', canManage: true, isAdmin: true };
const member: Caller = { channel: 'console:desk', userId: 'member', canManage: true, isAdmin: false, missingPermission: 'the Manage Server permission' };

const items = [APPEAL.ledger, NEAR_MISSES.begum].map((a) => ({ ...a, link: `https://ledger.example/${a.slug}` }));

let server: FeedServer;
before(async () => {
  server = await startFeedServer({
    '/feed.xml': { title: 'Northern Ledger', items },
    '/page.html': (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><head><title>Ledger</title><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body>News</body></html>'),
    '/plain.html': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><head><title>No feeds</title></head><body>Hi</body></html>'),
    '/notes.txt': (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('just some notes, not XML'),
  });
});
after(() => server.close());

function app(t: { after(fn: () => void): void }, allowLoopback = true) {
  const instance = tempApp({ bare: true, env: allowLoopback ? { DATELINE_ALLOW_HOSTS: '127.0.0.1' } : {} });
  t.after(() => instance.remove());
  const ask = (line: string, caller = admin) => runCommandLine(line, instance.registry(), instance.context(caller));
  return { app: instance, ask };
}

test('feed add checks the URL once: a feed is stored with its title and item count', async (t) => {
  const { app: a, ask } = app(t);
  const reply = await ask(`/dateline feed add url:${server.base}/feed.xml topic:assange`);
  assert.equal(reply.error, undefined, reply.text);
  assert.equal(reply.title, 'Added feed: Northern Ledger');
  assert.match(reply.text ?? '', /is a feed with 2 items, now feeding \/assange/);
  assert.equal(a.store.feeds.list()[0]?.title, 'Northern Ledger');
  assert.match((await ask(`/dateline feed add url:<${server.base}/feed.xml> topic:assange`)).title, /^Already watching/, 'Slack-wrapped links work');
  const list = await ask('/dateline feed list topic:assange', member);
  assert.match(list.text ?? '', /\/assange · Northern Ledger <http:\/\/127\.0\.0\.1:\d+\/feed\.xml> · every 10 min · 0 items · not polled yet/);
});

test('feed add explains each refusal exactly and stores nothing', async (t) => {
  const { app: a, ask } = app(t);
  const cases: [string, RegExp][] = [
    ['/page.html', new RegExp(`Not a feed: .* is a web page\\. It links to this feed: ${server.base}/feed\\.xml[\\s\\S]*/dateline feed add url:${server.base}/feed\\.xml topic:assange`)],
    ['/missing.xml', /Not found: .*HTTP 404/],
    ['/plain.html', /Not a feed: This is an HTML page/],
    ['/notes.txt', /Not a feed: /],
  ];
  for (const [path, expected] of cases) {
    const reply = await ask(`/dateline feed add url:${server.base}${path} topic:assange`);
    assert.equal(reply.error, true, path);
    assert.match(reply.text ?? '', expected, path);
    assert.match(reply.text ?? '', /Nothing was stored\.$/);
  }
  assert.deepEqual(a.store.feeds.list(), []);
});

test('feed add refuses a private address unless it is allow-listed', async (t) => {
  const { app: a, ask } = app(t, false);
  const reply = await ask(`/dateline feed add url:${server.base}/feed.xml topic:assange`);
  assert.equal(reply.error, true);
  assert.match(reply.text ?? '', /^Blocked address: 127\.0\.0\.1 is an internal address; refusing to connect\. Dateline does not fetch from private or internal networks\./);
  assert.deepEqual(a.store.feeds.list(), []);
});

test('adding and removing feeds is for admins; the refusal names the missing permission', async (t) => {
  const { app: a, ask } = app(t);
  for (const action of ['add', 'remove']) {
    const reply = await ask(`/dateline feed ${action} url:${server.base}/feed.xml topic:assange`, member);
    assert.equal(reply.error, true);
    assert.match(reply.text ?? '', /you need the Manage Server permission/);
  }
  assert.deepEqual(a.store.feeds.list(), []);
  await ask(`/dateline feed add url:${server.base}/feed.xml topic:assange`);
  assert.match((await ask(`/dateline feed remove url:${server.base}/feed.xml topic:assange`)).title, /^Removed feed/);
  assert.equal((await ask(`/dateline feed remove url:${server.base}/feed.xml topic:assange`)).error, true);
  assert.equal((await ask('/dateline feed rename')).error, true);
});

test('feed test shows each item\'s relevance score and why', async (t) => {
  const { ask } = app(t);
  const reply = await ask(`/dateline feed test url:${server.base}/feed.xml topic:assange`, member);
  assert.equal(reply.error, undefined, reply.text);
  const lines = (reply.text ?? '').split('\n');
  assert.match(lines[0]!, /^✓ related \(7.5\) High Court allows Julian Assange/);
  assert.match(lines[1]!, /title has "Julian Assange" \+3; lead has .*; score 7.5 >= threshold 3$/);
  assert.match(lines[2]!, /^✗ unrelated \(0\) High Court refuses Shamima Begum/);
});

test('OPML import forgives what other readers write: HTML entities, unquoted values, any case; comments are not feeds', () => {
  const opml = `<opml><body><OUTLINE TYPE=rss XMLURL=https://a.example/feed text="Caf&eacute; &amp; Co"/>
    <!-- <outline xmlUrl="https://old.example/feed"/> --><outline xmlUrl='https://b.example/?x=1&copy=2'/></body></opml>`;
  assert.deepEqual(parseOpml(opml), [
    { url: 'https://a.example/feed', title: 'Café & Co' },
    { url: 'https://b.example/?x=1&copy=2', title: undefined },
  ]);
});

test('OPML: export and import round-trip, through the CLI', async (t) => {
  const { app: a } = app(t);
  const dir = a.dir;
  const feeds = [{ url: `${server.base}/feed.xml`, title: 'Northern Ledger & Co' }, { url: 'https://example.org/rss?a=1&b=2', title: undefined }];
  assert.deepEqual(parseOpml(toOpml('x', feeds)), [feeds[0], { url: feeds[1]!.url, title: feeds[1]!.url }]);

  const opml = join(dir, 'in.opml');
  writeFileSync(opml, `<?xml version="1.0"?><opml version="1.0"><body><outline text="News">
    <outline type="rss" text="Northern Ledger" xmlUrl="${server.base}/feed.xml"/>
    <outline type="rss" title="Wire &amp; Co" xmlUrl="https://wire.example/feed?x=1&amp;y=2"/></outline></body></opml>`);
  const db = join(dir, 'cli.db');
  const env = { DATELINE_ALLOW_HOSTS: '127.0.0.1' };
  const imported = await runCli(['feeds', 'import', opml, '--topic', 'assange', '--db', db, '--bare'], { env });
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /Imported 2 feeds into \/assange \(2 new\)/);
  const exported = await runCli(['feeds', 'export', '--topic', 'assange', '--db', db], { env });
  assert.deepEqual(parseOpml(exported.stdout).sort((x, y) => x.url.localeCompare(y.url)), [
    { url: `${server.base}/feed.xml`, title: 'Northern Ledger' },
    { url: 'https://wire.example/feed?x=1&y=2', title: 'Wire & Co' },
  ].sort((x, y) => x.url.localeCompare(y.url)));
  const listed = JSON.parse((await runCli(['feeds', 'list', '--json', '--db', db], { env })).stdout) as { url: string; origin: string }[];
  assert.equal(listed.length, 2);
  assert.ok(listed.every((feed) => feed.origin === 'command'));
});

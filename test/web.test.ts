import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ComponentType, type APIButtonComponentWithURL } from 'discord.js';
import { runCommandLine } from '../src/core/commands/run.js';
import { makeDate } from '../src/core/dates.js';
import { renderText } from '../src/console/render.js';
import { renderReply as renderDiscord } from '../src/discord/render.js';
import { renderReply as renderSlack } from '../src/slack/render.js';
import { renderTimelinePng } from '../src/render/timeline-png.js';
import { ConfigError } from '../src/config/index.js';
import { startWebServer, SECURITY_HEADERS } from '../src/web/server.js';
import { fixedClock, tempApp } from './helpers/app.js';
import { OPERATOR } from '../src/store/index.js';

// The web timeline over real HTTP on 127.0.0.1, and the chat replies' links to it.

const NOW = fixedClock('2026-08-13T09:00:00Z');
const caller = { channel: 'console:web', userId: 'u1', canManage: true };

async function withServer(options: Parameters<typeof tempApp>[0], work: (base: string, app: ReturnType<typeof tempApp>) => Promise<void>): Promise<void> {
  const app = tempApp({ now: NOW, ...options });
  const server = await startWebServer(app, { port: 0, host: '127.0.0.1' });
  try {
    await work(server.url, app);
  } finally {
    await server.close();
    app.remove();
  }
}

const get = (url: string, init?: RequestInit) => fetch(url, { redirect: 'manual', ...init });

test('every response carries the security headers, and the page has no inline script', async () => {
  await withServer({}, async (base) => {
    for (const path of ['/', '/t/assange/2012', '/t/assange/2012.png', '/assets/app.js', '/t/nobody', '/t/assange/2012-13']) {
      const response = await get(`${base}${path}`);
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.equal(response.headers.get(name), value, `${name} on ${path}`);
      const body = await response.text();
      if (response.headers.get('content-type')?.startsWith('text/html')) assert.doesNotMatch(body, /<script(?![^>]*\bsrc=)[^>]*>/, path);
    }
    const csp = SECURITY_HEADERS['Content-Security-Policy']!;
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.match(csp, /frame-ancestors 'none'/);
  });
});

test('periods in the URL: canonical forms, a 400 that explains, 404 for what is not a timeline', async () => {
  await withServer({}, async (base) => {
    const month = await get(`${base}/t/assange/2015-08`);
    assert.equal(month.status, 200);
    const html = await month.text();
    assert.match(html, /<time datetime="2015-08-13">13 August 2015<\/time>/);
    assert.match(html, /<time datetime="2015-08-21">21 August 2015<\/time>/);
    assert.match(html, /href="\/t\/assange\/2015"[^>]*rel="up"/);
    const loose = await get(`${base}/t/assange/2015-8`);
    assert.equal(loose.status, 303);
    assert.equal(loose.headers.get('location'), '/t/assange/2015-08');
    const range = await get(`${base}/t/assange/2012..2015`);
    assert.equal(range.status, 200);
    assert.match(await range.text(), /2012 to 2015/);
    const bad = await get(`${base}/t/assange/2015-02-30`);
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /February 2015 has 28 days/);
    for (const path of ['/t/nobody/2012', '/t/assange/latest', '/t/assange/2012/extra', '/t/assange/2012.gif', '/etc/passwd', '/t/assange/2012-13.png']) {
      assert.equal((await get(`${base}${path}`)).status, 404, path);
    }
    assert.equal((await get(`${base}/t/assange/2012`, { method: 'POST' })).status, 405);
    const head = await get(`${base}/t/assange/2012`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  });
});

test('search uses the chat query language; a period typed in the box moves to its page', async () => {
  await withServer({}, async (base) => {
    const moved = await get(`${base}/t/assange?q=${encodeURIComponent('prosecutors aug 2015')}`);
    assert.equal(moved.status, 303);
    assert.equal(moved.headers.get('location'), '/t/assange/2015-08?q=prosecutors');
    const found = await (await get(`${base}/t/assange/2015-08?q=prosecutors`)).text();
    assert.match(found, /Swedish prosecutors/);
    assert.doesNotMatch(found, /Jesse Jackson/);
    const nothing = await get(`${base}/t/assange?q=${encodeURIComponent('!!!')}`);
    assert.equal(nothing.status, 400);
    assert.match(await nothing.text(), /no letters or digits/);
  });
});

test('long periods page through 25 events at a time, and text is escaped', async () => {
  await withServer({ bare: true }, async (base, app) => {
    const topic = app.store.topics.save({ name: 'harbour', title: 'Harbour <works>', keywords: ['harbour'] }, NOW());
    app.store.transaction(() => {
      for (let day = 1; day <= 60; day++) {
        const date = makeDate(2021, 1 + Math.floor((day - 1) / 28), 1 + ((day - 1) % 28));
        app.store.events.insert(OPERATOR, { topicId: topic.id, date, summary: `Crane ${day} <script>alert(1)</script> lifted`, origin: 'manual' }, NOW());
      }
    });
    const first = await (await get(`${base}/t/harbour/2021`)).text();
    assert.equal(first.match(/<li class="event/g)?.length, 25);
    assert.match(first, /60 events in 2021, page 1 of 3/);
    assert.match(first, /Harbour &lt;works&gt;/);
    assert.doesNotMatch(first, /<script>alert/);
    assert.match(first, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(first, /<a href="\/t\/harbour\/2021\?page=2" rel="next"/);
    const last = await (await get(`${base}/t/harbour/2021?page=3`)).text();
    assert.equal(last.match(/<li class="event/g)?.length, 10);
    assert.match(last, /Crane 60 /);
    assert.match(last, /<a href="\/t\/harbour\/2021\?page=2" rel="prev"/);
    // The zoom level counts each month's events.
    assert.match(first, /<span class="label">January<\/span> <span class="count">28 events<\/span>/);
    assert.match(first, /<span class="label">March<\/span> <span class="count">4 events<\/span>/);
    assert.equal((await get(`${base}/t/harbour/2021?page=two`)).headers.get('location'), '/t/harbour/2021');
  });
});

test('the PNG of a period is the picture chat makes, served with a validator', async () => {
  await withServer({}, async (base, app) => {
    const response = await get(`${base}/t/assange/2012.png`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/png');
    const png = Buffer.from(await response.arrayBuffer());
    const chat = await runCommandLine('/assange 2012', app.registry(), app.context(caller), app.log);
    assert.deepEqual(png, renderTimelinePng(chat));
    const etag = response.headers.get('etag')!;
    assert.ok(etag);
    const again = await get(`${base}/t/assange/2012.png`, { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
  });
});

test('with a public URL, look-up and timeline replies link to the matching page on every platform', async () => {
  await withServer({ env: { DATELINE_PUBLIC_URL: 'https://dateline.example.org/news/' } }, async (base, app) => {
    const reply = await runCommandLine('/assange prosecutors 2015-08', app.registry(), app.context(caller), app.log);
    assert.deepEqual(reply.link, { label: 'Open the full timeline', url: 'https://dateline.example.org/news/t/assange/2015-08?q=prosecutors' });
    // The same path on this server is the page with the same events.
    const page = await (await get(`${base}${new URL(reply.link!.url).pathname.replace('/news', '')}${new URL(reply.link!.url).search}`)).text();
    for (const item of reply.items) assert.ok(page.includes(`datetime="${item.date}"`), item.date);
    assert.match(renderText(reply), /Open the full timeline: https:\/\/dateline\.example\.org\/news\/t\/assange\/2015-08\?q=prosecutors/);
    const button = renderDiscord(reply).components.flatMap((row) => row.components).find((c) => c.type === ComponentType.Button && 'url' in c) as APIButtonComponentWithURL;
    assert.equal(button.url, reply.link!.url);
    assert.ok(JSON.stringify(renderSlack(reply).blocks).includes('<https://dateline.example.org/news/t/assange/2015-08?q=prosecutors|Open the full timeline>'));
    const timeline = await runCommandLine('/dateline timeline topic:assange from:2012 to:2015', app.registry(), app.context(caller), app.log);
    assert.equal(timeline.link?.url, 'https://dateline.example.org/news/t/assange/2012..2015');
    const refused = await runCommandLine('/assange 2012-13', app.registry(), app.context(caller), app.log);
    assert.equal(refused.link, undefined);
  });
  const app = tempApp({ now: NOW });
  try {
    const reply = await runCommandLine('/assange 2012', app.registry(), app.context(caller), app.log);
    assert.equal(reply.link, undefined, 'no link without a public URL');
    assert.deepEqual(renderDiscord(reply).components, []);
  } finally {
    app.remove();
  }
  assert.throws(() => tempApp({ env: { DATELINE_PUBLIC_URL: 'javascript:alert(1)' } }), (error) => error instanceof ConfigError && /DATELINE_PUBLIC_URL must be an http\(s\) URL/.test(error.message));
});

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    }).on('error', fail);
  });
}

test('npm start serves the web timeline beside the chat when WEB_PORT is set', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-web-'));
  const port = await freePort();
  const child = spawn(process.execPath, [resolve(import.meta.dirname, '../bin/dateline.js'), 'start', '--db', join(dir, 'd.db')], {
    env: { ...process.env, WEB_PORT: String(port), DATELINE_LOG_LEVEL: 'warn' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((done) => child.on('close', done));
  try {
    let status = 0;
    for (let attempt = 0; attempt < 150 && status !== 200; attempt++) {
      status = await fetch(`http://127.0.0.1:${port}/t/assange/2012`).then((r) => r.status, () => 0);
      if (status !== 200) await new Promise((done) => setTimeout(done, 100));
    }
    assert.equal(status, 200, stderr);
    child.stdin.end();
    assert.equal(await exited, 0, stderr);
    const after = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.status, () => 'closed');
    assert.equal(after, 'closed', 'the web server stops with the bot');
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a server\'s own topic is private on the web: 404 without its link, readable with it until unpublished', async () => {
  await withServer({ env: { DATELINE_PUBLIC_URL: 'https://dateline.example.org/' } }, async (base, app) => {
    const admin = { tenant: 'discord:77', channel: 'discord:7701', userId: 'a1', canManage: true, isAdmin: true };
    const ask = async (who: typeof admin, line: string) => {
      const reply = await runCommandLine(line, app.registry(who.tenant), app.context(who), app.log);
      return { text: [reply.title, reply.text ?? ''].join('\n'), link: reply.link?.url };
    };
    await ask(admin, '/dateline topic follow from:assange name:embassy');
    const missing = await (await get(`${base}/t/nobody`)).text();
    const hidden = await get(`${base}/t/embassy/2015`);
    assert.equal(hidden.status, 404);
    assert.equal(await hidden.text(), missing, 'a private topic looks like no topic at all');
    assert.equal((await ask(admin, '/embassy 2015')).link, undefined, 'chat does not link to a page nobody may see');
    assert.doesNotMatch(await (await get(`${base}/`)).text(), /\/t\/embassy/);

    const published = await ask(admin, '/dateline topic publish name:embassy');
    const address = /https:\/\/dateline\.example\.org(\/t\/embassy~[A-Za-z0-9_-]{32})/.exec(published.text)?.[1];
    assert.ok(address, published.text);
    assert.equal((await ask(admin, '/dateline topic publish name:embassy')).text.includes(address), true, 'publishing again keeps the link');
    const page = await get(`${base}${address}/2015`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /Swedish prosecutors drop part of the allegations/);
    assert.ok(html.includes(`href="${address}/2015-08"`), 'the zoom links keep the token');
    assert.equal((await get(`${base}${address}/2015.png`)).status, 200);
    assert.equal((await ask(admin, '/embassy 2015')).link, `https://dateline.example.org${address}/2015`);
    assert.equal((await get(`${base}/t/embassy~${'x'.repeat(32)}/2015`)).status, 404, 'a guessed token');
    // Another server cannot publish it, and learns nothing of it.
    assert.match((await ask({ ...admin, tenant: 'discord:88' }, '/dateline topic publish name:embassy')).text, /No topic "embassy"/);

    assert.match((await ask(admin, '/dateline topic unpublish name:embassy')).text, /private again/);
    assert.equal((await get(`${base}${address}/2015`)).status, 404, 'a revoked link');
    const again = /\/t\/embassy~[A-Za-z0-9_-]{32}/.exec((await ask(admin, '/dateline topic publish name:embassy')).text)?.[0];
    assert.ok(again && again !== address, 'publishing after a revoke gives a new link');
  });
});

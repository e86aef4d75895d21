import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { runCommandLine } from '../src/core/commands/run.js';
import { startWebServer, type WebServer } from '../src/web/server.js';
import { fixedClock, tempApp } from './helpers/app.js';

// The web timeline in a real headless Chromium (Debian's chromium package; .ci/run installs it).

const CHROMIUM_CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => Boolean(p));
const chromiumPath = CHROMIUM_CANDIDATES.find((path) => existsSync(path));
const skip = chromiumPath ? false : `no Chromium found (looked at ${CHROMIUM_CANDIDATES.join(', ')}); install Debian's chromium package, as .ci/run does`;

const REFERENCES = resolve(import.meta.dirname, 'fixtures/web');
const README_SCREENSHOT = resolve(import.meta.dirname, '../docs/web-timeline.png');
/** UPDATE_SCREENSHOTS=1 rewrites the reference pictures (and the README's) instead of comparing. */
const UPDATE = process.env.UPDATE_SCREENSHOTS === '1';
const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;

let app: ReturnType<typeof tempApp>;
let server: WebServer;
let browser: Browser;

before(async () => {
  if (skip) return;
  app = tempApp({ now: fixedClock('2026-08-13T09:00:00Z') });
  server = await startWebServer(app, { port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--font-render-hinting=none', '--force-color-profile=srgb'],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
  app?.remove();
});

async function openPage(path: string, viewport: { width: number; height: number } = WIDTHS.desktop, options: { bypassCSP?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, reducedMotion: 'reduce', ...options });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  page.on('pageerror', (error) => problems.push(error.message));
  const response = await page.goto(`${server.url}${path}`);
  assert.ok(response, `no response for ${path}`);
  (page as Page & { problems: string[] }).problems = problems;
  return page;
}

const problemsOf = (page: Page): string[] => (page as Page & { problems: string[] }).problems;

test('the 2012 page lists the bundled topic\'s 2012 events at their precision, the key event marked', { skip }, async () => {
  const page = await openPage('/t/assange/2012');
  try {
    assert.equal(await page.title(), '2012 · Julian Assange and the Ecuador embassy · Dateline');
    const events = page.locator('ol.timeline > li');
    assert.equal(await events.count(), 2);
    assert.deepEqual(await events.locator('time').evaluateAll((times) => times.map((t) => [t.getAttribute('datetime'), t.textContent])),
      [['2012', '2012'], ['2012-06', 'June 2012']]);
    assert.match(await events.nth(0).innerText(), /political asylum/);
    assert.match(await events.nth(1).innerText(), /skips bail/);
    // The most-reported event stands out, in words as well as colour.
    assert.equal(await events.nth(0).locator('.badge').innerText(), 'Key event');
    assert.equal(await events.nth(1).locator('.badge').count(), 0);
    assert.match(await events.nth(0).locator('.sources').innerText(), /4 sources/);
    assert.deepEqual(problemsOf(page), [], 'no script or CSP errors');
  } finally {
    await page.context().close();
  }
});

test('zoom in and out with the keyboard: + focuses the finer periods, Enter opens one, - goes back up', { skip }, async () => {
  const page = await openPage('/t/assange/2015');
  try {
    await page.keyboard.press('+');
    assert.equal(await page.evaluate(() => document.activeElement?.querySelector('.label')?.textContent), 'August');
    await Promise.all([page.waitForURL('**/t/assange/2015-08'), page.keyboard.press('Enter')]);
    assert.equal(await page.locator('h1 .period').innerText(), 'August 2015');
    assert.deepEqual(await page.locator('ol.timeline time').allInnerTexts(), ['13 August 2015', '21 August 2015']);
    // Days with events are the next zoom level; the arrow keys move between them.
    await page.keyboard.press('+');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement?.querySelector('.label')?.textContent), '21 August');
    await Promise.all([page.waitForURL('**/t/assange/2015-08-21'), page.keyboard.press('Enter')]);
    assert.equal(await page.locator('ol.timeline > li').count(), 1);
    await Promise.all([page.waitForURL('**/t/assange/2015-08'), page.keyboard.press('-')]);
    await Promise.all([page.waitForURL('**/t/assange/2015'), page.keyboard.press('-')]);
    await Promise.all([page.waitForURL(/\/t\/assange$/), page.keyboard.press('-')]);
    assert.equal(await page.locator('h1 .period').innerText(), 'All years');
    // Tab reaches the zoom links too, without the shortcuts.
    let label: string | null | undefined;
    for (let presses = 0; presses < 20 && label !== '2016'; presses++) {
      await page.keyboard.press('Tab');
      label = await page.evaluate(() => document.activeElement?.querySelector('.label')?.textContent);
    }
    assert.equal(label, '2016');
    await Promise.all([page.waitForURL('**/t/assange/2016'), page.keyboard.press('Enter')]);
    assert.deepEqual(problemsOf(page), []);
  } finally {
    await page.context().close();
  }
});

test('search by keyboard with the chat query language: words, and words with a period', { skip }, async () => {
  const page = await openPage('/t/assange');
  try {
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'q');
    await page.keyboard.type('embassy');
    await Promise.all([page.waitForURL('**/t/assange?q=embassy'), page.keyboard.press('Enter')]);
    const found = await page.locator('ol.timeline .summary').allInnerTexts();
    assert.ok(found.length >= 2, `found ${found.length}`);
    for (const summary of found) assert.match(summary, /embass/i);
    // A period typed in the box moves to that period's page and keeps the words.
    await page.keyboard.press('/');
    await page.keyboard.type('prosecutors 2015');
    await Promise.all([page.waitForURL('**/t/assange/2015?q=prosecutors'), page.keyboard.press('Enter')]);
    assert.deepEqual(await page.locator('ol.timeline time').allInnerTexts(), ['13 August 2015']);
    assert.deepEqual(problemsOf(page), []);
    // Bad input gets the chat's explanation (a 400), with the text kept in the box.
    await page.keyboard.press('/');
    await page.keyboard.type('2012-13');
    await Promise.all([page.waitForURL('**/t/assange/2015?q=2012-13'), page.keyboard.press('Enter')]);
    assert.match(await page.locator('.message').innerText(), /months run from 01 to 12/);
    assert.equal(await page.locator('#q').inputValue(), '2012-13');
  } finally {
    await page.context().close();
  }
});

/** Share of pixels that differ beyond anti-aliasing between two same-sized PNGs. */
function pixelDifference(actual: Buffer, expected: Buffer): number | string {
  const a = PNG.sync.read(actual);
  const b = PNG.sync.read(expected);
  if (a.width !== b.width || a.height !== b.height) return `size ${a.width}x${a.height}, reference ${b.width}x${b.height}`;
  const differing = pixelmatch(a.data, b.data, null, a.width, a.height, { threshold: 0.2, includeAA: false });
  return differing / (a.width * a.height);
}

test('the 2012 page looks like the stored reference on a desktop and on a phone', { skip }, async () => {
  for (const [name, viewport] of Object.entries(WIDTHS)) {
    const page = await openPage('/t/assange/2012', viewport);
    try {
      const shot = await page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' });
      const reference = resolve(REFERENCES, `assange-2012-${name}.png`);
      if (UPDATE) {
        mkdirSync(dirname(reference), { recursive: true });
        writeFileSync(reference, shot);
        if (name === 'desktop') writeFileSync(README_SCREENSHOT, shot);
        continue;
      }
      assert.ok(existsSync(reference), `no reference ${reference}: run UPDATE_SCREENSHOTS=1 node scripts/run-tests.js test/web-browser.test.ts`);
      const difference = pixelDifference(shot, readFileSync(reference));
      assert.equal(typeof difference, 'number', `${name}: ${difference}`);
      assert.ok((difference as number) < 0.01, `${name}: ${((difference as number) * 100).toFixed(2)}% of pixels differ from ${reference}`);
    } finally {
      await page.context().close();
    }
  }
});

test('axe-core finds no serious accessibility violation, on a desktop and on a phone', { skip }, async () => {
  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // Every kind of page once (topics, all years, a year with a key event, a search, a refused period), at both widths.
  const pages: [string, keyof typeof WIDTHS][] = [
    ['/', 'desktop'], ['/t/assange', 'phone'], ['/t/assange/2012', 'desktop'], ['/t/assange/2012', 'phone'],
    ['/t/assange/2015-08?q=prosecutors', 'phone'], ['/t/assange/2012-13', 'desktop'],
  ];
  for (const [path, name] of pages) {
    const viewport = WIDTHS[name];
    {
      // axe is injected as an inline script, which the page's own CSP refuses: this context lets it in.
      const page = await openPage(path, viewport, { bypassCSP: true });
      try {
        await page.addScriptTag({ content: axeSource });
        const { passes, violations } = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(options: object): Promise<{ passes: unknown[]; violations: { id: string; impact: string; help: string; nodes: unknown[] }[] }> } }).axe;
          const result: { passes: unknown[]; violations: { id: string; impact: string; help: string; nodes: unknown[] }[] } = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
          return { passes: result.passes.length, violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length })) };
        });
        assert.ok(passes > 10, `axe ran its checks on ${path}`);
        const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        assert.deepEqual(serious, [], `${path} (${name})`);
      } finally {
        await page.context().close();
      }
    }
  }
});

test('an unknown topic or period is a 404 page, and the page runs under its CSP with no inline script', { skip }, async () => {
  const page = await openPage('/t/assange/2012');
  try {
    const missing = await page.goto(`${server.url}/t/secret-tenant-topic/2012`);
    assert.equal(missing?.status(), 404);
    assert.match(await page.locator('h1').innerText(), /Not found/);
    assert.equal((await page.goto(`${server.url}/t/assange/latest`))?.status(), 404);
    assert.equal(await page.locator('script:not([src])').count(), 0);
  } finally {
    await page.context().close();
  }
});

test('a server\'s own topic: its URL is a 404 without its link; with it, the page reads and zooms by keyboard', { skip }, async () => {
  const admin = { tenant: 'discord:77', channel: 'discord:7701', userId: 'a1', canManage: true, isAdmin: true };
  const run = async (line: string) => {
    const reply = await runCommandLine(line, app.registry(admin.tenant), app.context(admin), app.log);
    return reply.text ?? '';
  };
  await run('/dateline topic follow from:assange name:embassy');
  const hidden = await openPage('/t/assange/2015');
  try {
    assert.equal((await hidden.goto(`${server.url}/t/embassy/2015`))?.status(), 404);
    assert.match(await hidden.locator('h1').innerText(), /Not found/);
  } finally {
    await hidden.context().close();
  }
  const address = /\/t\/embassy~[A-Za-z0-9_-]+/.exec(await run('/dateline topic publish name:embassy'))![0];
  const page = await openPage(`${address}/2015`);
  try {
    assert.match(await page.locator('h1').innerText(), /Julian Assange/);
    await page.keyboard.press('+');
    await Promise.all([page.waitForURL(`**${address}/2015-08`), page.keyboard.press('Enter')]);
    assert.deepEqual(await page.locator('ol.timeline time').allInnerTexts(), ['13 August 2015', '21 August 2015']);
    assert.deepEqual(problemsOf(page), []);
  } finally {
    await page.context().close();
  }
  await run('/dateline topic unpublish name:embassy');
  assert.equal((await fetch(`${server.url}${address}/2015`)).status, 404);
});

// parseFeed, decodeBody, repairs, JSON Feed, autodiscovery and item normalisation on small inline documents.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { discoverFeedLinks, parseFeed, type ParsedFeed, type ParseFailure } from '../src/feeds/parse.js';
import { decodeBody, detectEncoding } from '../src/feeds/decode.js';
import { canonicalUrl, htmlToText, normalizeItem } from '../src/feeds/normalize.js';

const RSS = (items: string, head = '<rss version="2.0">') =>
  `<?xml version="1.0" encoding="utf-8"?>${head}<channel><title>News</title><link>https://example.org/</link>${items}</channel></rss>`;

function assertFeed(result: ParsedFeed | ParseFailure): asserts result is ParsedFeed {
  assert.equal(result.kind, 'feed', JSON.stringify(result));
}

describe('parseFeed', () => {
  test('RSS 2.0 item fields', async () => {
    const feed = await parseFeed(
      RSS(`<item><title>One</title><link>/a?utm_source=x</link><guid isPermaLink="false">id-1</guid>
        <pubDate>Thu, 11 Apr 2019 10:15:00 GMT</pubDate><description>&lt;p&gt;Lead.&lt;/p&gt;</description><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">Ann</dc:creator></item>`),
      { url: 'https://example.org/feed.xml' },
    );
    assertFeed(feed);
    assert.equal(feed.format, 'rss');
    assert.deepEqual(feed.items[0], {
      guid: 'id-1',
      title: 'One',
      link: 'https://example.org/a?utm_source=x',
      published: '2019-04-11T10:15:00.000Z',
      summaryHtml: '<p>Lead.</p>',
      contentHtml: undefined,
      author: 'Ann',
    });
  });

  test('Atom, with an entry date that is not a date (rss-parser would reject the feed)', async () => {
    const feed = await parseFeed(
      `<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><link href="https://example.org/"/>
       <entry><title>Good</title><link href="https://example.org/1"/><updated>2019-04-11T10:00:00Z</updated><summary>S</summary></entry>
       <entry><title>Bad date</title><link>https://example.org/2</link><updated>yesterday-ish</updated></entry></feed>`,
    );
    assertFeed(feed);
    assert.equal(feed.format, 'atom');
    assert.deepEqual(feed.items.map((i) => [i.title, i.link, i.published, i.summaryHtml]), [
      ['Good', 'https://example.org/1', '2019-04-11T10:00:00.000Z', 'S'],
      ['Bad date', 'https://example.org/2', undefined, undefined],
    ]);
  });

  test('repairs: HTML entities, bare ampersands, missing version, truncated end, junk before the declaration', async () => {
    const broken =
      '\u0000junk<?xml version="1.0"?><rss><channel><title>Caf&eacute; &amp; more&hellip; &check;&NotEqualTilde;</title>' +
      '<item><title>Q&A &doesnotexist;</title><link>https://example.org/?a=1&b=2</link></item></channel></rss';
    const feed = await parseFeed(broken);
    assertFeed(feed);
    assert.equal(feed.title, 'Café & more… ✓≂̸'); // HTML5 names too, one of them two code points
    assert.deepEqual(feed.items.map((i) => [i.title, i.link]), [['Q&A &doesnotexist;', 'https://example.org/?a=1&b=2']]);
  });

  test('a truncated download keeps the items before the cut', async () => {
    const feed = await parseFeed(RSS('<item><title>Kept</title></item><item><title>Cut') .slice(0, -20));
    assertFeed(feed);
    assert.equal(feed.items[0]?.title, 'Kept');
  });

  test('internal DTD entities are never expanded', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
      <rss version="2.0"><channel><title>&b;</title></channel></rss>`;
    const feed = await parseFeed(bomb);
    assert.ok(feed.kind !== 'feed' || !feed.title.includes('aaaa'));
  });

  test('JSON Feed', async () => {
    const feed = await parseFeed(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'J',
        home_page_url: 'https://example.org/',
        items: [{ id: 1, url: 'https://example.org/1', title: 'T', content_html: '<p>x</p>', date_published: '2019-04-11T10:00:00+01:00', authors: [{ name: 'B' }] }],
      }),
    );
    assertFeed(feed);
    assert.equal(feed.format, 'json');
    assert.deepEqual(feed.items[0], {
      guid: '1', title: 'T', link: 'https://example.org/1', published: '2019-04-11T09:00:00.000Z', summaryHtml: undefined, contentHtml: '<p>x</p>', author: 'B',
    });
  });

  test('failures are values, never exceptions', async () => {
    assert.equal((await parseFeed('<!doctype html><html><body>hi</body></html>')).kind, 'not-a-feed');
    assert.equal((await parseFeed('<note><to>x</to></note>')).kind, 'not-a-feed');
    assert.equal((await parseFeed('{"a": 1}')).kind, 'not-a-feed');
    assert.equal((await parseFeed('')).kind, 'invalid');
    assert.equal((await parseFeed('<rss version="2.0"><channel><title>x</ti')).kind, 'feed');
    assert.equal((await parseFeed('<rss version="2.0"><channel><item><title>a<b</title></item></channel></rss>')).kind, 'invalid');
    assert.equal((await parseFeed(Buffer.alloc(2_000, 'a'), { maxBytes: 1_000 })).kind, 'invalid');
    const deep = `<rss version="2.0"><channel><item><description>${'<b>'.repeat(5_000)}</description></item></channel></rss>`;
    assert.ok(['feed', 'invalid'].includes((await parseFeed(deep)).kind));
  });
});

describe('decodeBody', () => {
  const xml = '<?xml version="1.0"?><rss><channel><title>Café “x”</title></channel></rss>';
  const cases: Array<[string, Buffer, string | undefined, string]> = [
    ['UTF-8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml)]), 'text/xml; charset=windows-1252', 'utf-8'],
    ['UTF-16LE BOM', iconv.encode(xml, 'utf-16le', { addBOM: true }), undefined, 'utf-16le'],
    ['UTF-16BE without BOM', iconv.encode(xml, 'utf-16be'), undefined, 'utf-16be'],
    ['UTF-32LE without BOM', iconv.encode(xml, 'utf-32le'), undefined, 'utf-32le'],
    ['declaration beats header', iconv.encode(xml.replace('?>', ' encoding="windows-1252"?>'), 'windows-1252'), 'text/xml; charset=utf-8', 'windows-1252'],
    ['header charset', iconv.encode(xml, 'windows-1252'), 'text/xml; charset=ISO-8859-1', 'windows-1252'],
    ['mislabelled as UTF-8', iconv.encode(xml, 'windows-1252'), 'text/xml; charset=utf-8', 'windows-1252'],
    ['default UTF-8', Buffer.from(xml), undefined, 'utf-8'],
  ];
  for (const [name, bytes, contentType, encoding] of cases) {
    test(name, () => {
      assert.equal(detectEncoding(bytes, contentType), encoding);
      assert.ok(decodeBody(bytes, contentType).startsWith('<?xml'));
      assert.ok(decodeBody(bytes, contentType).includes('Café “x”'));
    });
  }
});

test('discoverFeedLinks', () => {
  const html = `<html><head><base href="https://example.org/news/">
    <link rel="alternate" type="application/rss+xml" href="rss.xml">
    <LINK REL="Alternate feed" TYPE="application/atom+xml" HREF="/atom.xml?a=1&amp;b=2">
    <link rel="alternate" type="application/feed+json" href="https://cdn.example.org/feed.json">
    <link rel="stylesheet" type="text/css" href="s.css"><link rel="alternate" hreflang="de" href="/de/">
    <!-- <link rel="alternate" type="application/rss+xml" href="old.xml"> --></head></html>`;
  assert.deepEqual(discoverFeedLinks(html, 'https://example.org/'), [
    'https://example.org/news/rss.xml',
    'https://example.org/atom.xml?a=1&b=2',
    'https://cdn.example.org/feed.json',
  ]);
});

describe('normalize', () => {
  test('canonicalUrl', () => {
    assert.equal(
      canonicalUrl('HTTPS://News.Example.ORG:443/a/b?utm_source=tw&z=1&fbclid=x&a=2&ref=rss&gclid=g&mc_cid=1&mc_eid=2&_ga=1&igshid=i&ref_src=s#top'),
      'https://news.example.org/a/b?a=2&z=1',
    );
    assert.equal(canonicalUrl('http://example.org:80/?utm_medium=x'), 'http://example.org/');
    assert.equal(canonicalUrl('javascript:alert(1)'), undefined);
  });

  test('htmlToText', () => {
    assert.equal(
      htmlToText('<style>p{}</style><p>Caf&eacute;&nbsp;&amp; <b>bar</b></p><script>x()</script><p>Next&#8230;</p>'),
      'Café & bar Next…',
    );
    assert.equal(htmlToText('<p>a</p><p>b</p>a<br>b<li>c</li>'), 'a b a b c');
    // A table's cells and a definition list's terms read as separate words, as a browser lays them out.
    assert.equal(htmlToText('<table><tr><th>Date</th><th>Event</th></tr><tr><td>12 April</td><td>Arrest</td></tr></table>'), 'Date Event 12 April Arrest');
    assert.equal(htmlToText('<dl><dt>Where</dt><dd>London</dd></dl>'), 'Where London');
  });

  test('htmlToText: plain text with a stray < or & reads as written', () => {
    assert.equal(htmlToText('a < b & c'), 'a < b & c');
    assert.equal(htmlToText('1<2, x <= y, AT&T, Q&A, a &lt; b'), '1<2, x <= y, AT&T, Q&A, a < b');
    // As in a browser, a tag cut off at the end (a truncated summary) shows nothing.
    assert.equal(htmlToText('Read more <a href="https://exa'), 'Read more');
  });

  test('htmlToText: entities as a browser shows them', () => {
    // Legacy names without a semicolon, HTML5 names, and Windows-1252 numeric references.
    assert.equal(htmlToText('Tom &amp Jerry &copy 2024 &hearts;&nbsp;&NotEqualTilde; don&#146;t'), 'Tom & Jerry © 2024 ♥ ≂̸ don’t');
    assert.equal(htmlToText('&doesnotexist; &'), '&doesnotexist; &');
  });

  test('htmlToText: hidden elements, nested and with markup-like content, are dropped', () => {
    assert.equal(htmlToText('a<div><noscript>x<div>y</div>z</noscript></div>b'), 'a b');
    assert.equal(htmlToText('<p>a<script>if (a<b) document.write("</p>")</script>b</p>'), 'ab');
    assert.equal(htmlToText('<svg><title>icon</title><g><text>t</text></g></svg>Caption'), 'Caption');
    assert.equal(htmlToText('<head><title>Page</title></head><body>Body</body>'), 'Body');
    // An XHTML-style empty iframe ends there; it does not hide the rest of the item.
    assert.equal(htmlToText('Video: <iframe src="https://example.org/v"/> More text'), 'Video: More text');
  });

  test('htmlToText: a CDATA section is read as the HTML it wraps; comments are dropped', () => {
    assert.equal(htmlToText('<![CDATA[<p>Caf&eacute;</p><script>x()</script>]]>Next<!-- <p>hidden</p> -->'), 'Café Next');
  });

  test('dedupe key: guid, then canonical URL, then content hash; first-seen date', () => {
    const firstSeen = new Date('2024-01-01T00:00:00Z');
    const withGuid = normalizeItem({ guid: 'g1', title: 'T', link: 'https://x.org/a?utm_source=1' }, { firstSeen, outlet: 'X' });
    assert.equal(withGuid.key, 'guid:g1');
    assert.equal(withGuid.url, 'https://x.org/a');
    assert.equal(withGuid.published, '2024-01-01T00:00:00.000Z');
    assert.equal(withGuid.publishedIsFirstSeen, true);
    assert.equal(withGuid.outlet, 'X');
    assert.equal(normalizeItem({ title: 'T', link: 'https://x.org/a#c' }, { firstSeen }).key, 'url:https://x.org/a');
    const a = normalizeItem({ title: ' Same  title', summaryHtml: '<p>Body</p>' }, { firstSeen });
    const b = normalizeItem({ title: 'same title', summaryHtml: 'body', published: '2019-04-11T10:00:00Z' }, { firstSeen });
    assert.match(a.key, /^sha256:[0-9a-f]{64}$/);
    assert.equal(a.key, b.key);
    assert.equal(b.publishedIsFirstSeen, false);
    assert.equal(b.published, '2019-04-11T10:00:00.000Z');
  });

  test('an item whose UTF-8 was once read as Windows-1252 reads as written; its key is the one it was stored under', () => {
    const raw = { title: 'Mayorâ€™s plan â€“ cafÃ©s reopen', summaryHtml: '<p>The mayorâ€™s â€œplanâ€\uFFFD</p>' };
    const item = normalizeItem(raw, { firstSeen: new Date(0) });
    assert.equal(item.title, 'Mayor’s plan – cafés reopen');
    assert.equal(item.text, 'The mayor’s “plan”');
    assert.notEqual(item.key, normalizeItem({ title: item.title, summaryHtml: item.text }, { firstSeen: new Date(0) }).key);
  });

  test('a title-less item is titled by the start of its text', () => {
    const item = normalizeItem({ title: '', summaryHtml: `<p>${'word '.repeat(60)}</p>` }, { firstSeen: new Date(0) });
    assert.ok(item.title.endsWith('…') && item.title.length <= 121);
  });
});

// Text-level repairs for feed documents that rss-parser rejects or misreads but feed readers accept.
// Each step is a pure string → string function that leaves a clean document unchanged. `tidyXml`
// steps are cheap and always run; `repairXml` steps change markup and run only after a parse failed.
import { decodeHTMLStrict, decodeXML } from 'entities';

/** The first element name of an XML document, skipping the declaration, comments, PIs and DOCTYPE. */
export function rootElement(xml: string): string | undefined {
  const skip = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^>[]|\[[\s\S]*?\])*>)/i;
  let rest = xml.slice(0, 64 * 1024);
  for (let match = skip.exec(rest); match; match = skip.exec(rest)) rest = rest.slice(match[0].length);
  return /^<([A-Za-z_][\w:.-]*)/.exec(rest)?.[1];
}

/** Anything before the XML declaration (or before the first tag) — e.g. stray bytes from a CMS. */
function dropLeadingJunk(xml: string): string {
  const declaration = xml.indexOf('<?xml');
  if (declaration > 0) return xml.slice(declaration);
  if (declaration === 0) return xml;
  const firstTag = xml.search(/<[A-Za-z!?]/);
  return firstTag > 0 ? xml.slice(firstTag) : xml;
}

/** C0 controls (other than tab/LF/CR) and noncharacters are not allowed anywhere in XML 1.0. */
function dropControlCharacters(xml: string): string {
  return xml.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

/**
 * `&name;` as XML: XML's own five as they are, an HTML (5) named entity as numeric references (some
 * name two code points), anything else undefined. Strict decoding: only the name with its semicolon.
 */
function xmlReference(name: string): string | undefined {
  const reference = `&${name};`;
  if (decodeXML(reference) !== reference) return reference;
  const text = decodeHTMLStrict(reference);
  return text === reference ? undefined : [...text].map((char) => `&#${char.codePointAt(0)};`).join('');
}

/**
 * HTML named entities become numeric references; unknown names (including entities from an internal
 * DTD, which we never expand) and bare ampersands become literal text.
 */
function repairAmpersands(xml: string): string {
  return outsideCdataAndComments(xml, (text) => text.replace(/&(?:(#\d+|#[xX][0-9a-fA-F]+)|([A-Za-z][\w.-]*))?(;?)/g, (whole, numeric, name, semicolon) => {
    if (numeric && semicolon) return whole;
    return (name && semicolon && xmlReference(name)) || `&amp;${whole.slice(1)}`;
  }));
}

/** Applies `fix` to the markup between CDATA sections and comments, whose content is literal. */
function outsideCdataAndComments(xml: string, fix: (text: string) => string): string {
  return xml
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->)/)
    .map((part, i) => (i % 2 === 1 ? part : fix(part)))
    .join('');
}

/** rss-parser rejects a whole Atom feed when one published/updated value is not a date. */
function dropInvalidAtomDates(xml: string): string {
  return xml.replace(/<(published|updated)(\s[^>]*)?>([^<]*)<\/\1>/g, (_whole, name: string, attrs: string | undefined, value: string) =>
    Number.isNaN(Date.parse(value.trim())) ? '' : `<${name}${attrs ?? ''}>${value.trim()}</${name}>`,
  );
}

/** `<a:feed xmlns:a="…Atom">`: rss-parser only knows unprefixed feed elements, so drop the root's prefix throughout. */
function unprefixFeedElements(xml: string): string {
  const [, prefix] = /^([A-Za-z_][\w.-]*):(?:feed|rss)$/.exec(rootElement(xml) ?? '') ?? [];
  if (!prefix) return xml;
  return xml.replace(new RegExp(`<(/?)${prefix}:`, 'g'), '<$1').replace(new RegExp(`xmlns:${prefix}=`), 'xmlns=');
}

/** Atom links: text-content links (an RSS habit) get an href, links without one are dropped (rss-parser throws on them). */
function repairAtomStructure(xml: string): string {
  if (rootElement(xml) !== 'feed') return xml;
  return xml
    .replace(/<link(\s[^>]*)?>\s*([^<\s]+)\s*<\/link>/g, (whole, attrs: string | undefined, href: string) =>
      /\bhref\s*=/.test(attrs ?? '') ? whole : `<link${attrs ?? ''} href="${href}"/>`,
    )
    .replace(/<link\b(?![^>]*\bhref\s*=)[^>]*?(?:\/>|>\s*<\/link>)/g, '')
    // xml2js turns an empty entry into a string, which rss-parser then misreads; give it an (empty) child.
    .replace(/<entry(\s[^>]*)?(?:\/>|>\s*<\/entry>)/g, '<entry$1><id></id></entry>');
}

/** `<rss>` with items but no `<channel>` (or nothing at all): wrap the content so it is a channel. */
function ensureRssChannel(xml: string): string {
  if (rootElement(xml) !== 'rss' || /<channel[\s>]/.test(xml)) return xml;
  return xml.replace(/(<rss\b[^>]*?)(\/>|>)([\s\S]*?)(<\/rss>|$)/, (_w, open: string, end: string, body: string, close: string) =>
    end === '/>' ? `${open}><channel></channel></rss>` : `${open}><channel>${body}</channel>${close}`,
  );
}

const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<![^>]*>|<\?[\s\S]*?\?>|<(\/?)([A-Za-z_][\w:.-]*)(?:[^>"']|"[^"]*"|'[^']*')*?(\/?)>/g;

/**
 * A truncated download: drop a trailing partial tag, finish an open comment or CDATA section, and append
 * end tags for every element still open.
 */
function closeTruncatedDocument(xml: string): string {
  let text = xml.replace(/\s+$/, '');
  const openCdata = text.lastIndexOf('<![CDATA[');
  if (openCdata > text.lastIndexOf(']]>')) text += ']]>';
  const openComment = text.lastIndexOf('<!--');
  if (openComment > text.lastIndexOf('-->')) text += '-->';
  text = text.replace(/<[^>]*$/, '');

  const open: string[] = [];
  for (const [, closing, name, selfClosing] of text.matchAll(TOKEN)) {
    if (!name || selfClosing) continue;
    if (!closing) open.push(name);
    else if (open.lastIndexOf(name) >= 0) open.length = open.lastIndexOf(name);
  }
  return text + open.reverse().map((name) => `</${name}>`).join('');
}

type Step = (xml: string) => string;
const pipeline = (steps: ReadonlyArray<Step>): Step => (xml) => steps.reduce((text, step) => step(text), xml);

/** Before the first parse: quirks that make rss-parser throw a TypeError or drop data silently. */
export const tidyXml = pipeline([
  dropLeadingJunk,
  dropControlCharacters,
  unprefixFeedElements,
  dropInvalidAtomDates,
  repairAtomStructure,
  ensureRssChannel,
]);

/** After a failed parse: documents that are not well-formed XML. Run it before `tidyXml`, which assumes closed tags. */
export const repairXml = pipeline([repairAmpersands, closeTruncatedDocument]);

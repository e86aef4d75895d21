import { Resvg } from '@resvg/resvg-js';
import { formatDate, type Precision } from '../core/dates.js';
import type { Reply } from '../core/reply.js';

// A reply's timeline as an image, for chat platforms that take attachments and for `dateline timeline --png`:
// dates down a vertical axis, each summary wrapped beside its date, with how many sources report it.
// Built as SVG, rasterized with resvg (system fonts; text degrades to nothing, not to an error, without any).

const WIDTH = 960;
const MARGIN = 32;
const AXIS_X = 200;
const TEXT_X = AXIS_X + 24;
const TEXT_WIDTH = WIDTH - TEXT_X - MARGIN;
const TITLE_SIZE = 24;
const BODY_SIZE = 16;
const LINE_HEIGHT = 22;
const SMALL_SIZE = 13;
/** Average advance of a character as a share of the font size (DejaVu Sans / Arial body text). */
const CHAR_WIDTH = 0.55;
const FONT = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif";
const MAX_LINES_PER_EVENT = 6;

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch]!);
}

/** Greedy word wrap to a width in characters; a last line that does not fit ends with an ellipsis. */
export function wrapText(text: string, maxChars: number, maxLines = Number.POSITIVE_INFINITY): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const pieces = word.length > maxChars ? word.match(new RegExp(`.{1,${maxChars}}`, 'gu')) ?? [word] : [word];
    for (const piece of pieces) {
      if (line === '') line = piece;
      else if (line.length + 1 + piece.length <= maxChars) line += ` ${piece}`;
      else {
        lines.push(line);
        line = piece;
      }
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, maxChars - 1).trimEnd()}…`;
    return kept;
  }
  return lines;
}

export function buildTimelineSvg(reply: Reply): string {
  const bodyChars = Math.floor(TEXT_WIDTH / (BODY_SIZE * CHAR_WIDTH));
  const titleLines = wrapText(reply.title, Math.floor((WIDTH - 2 * MARGIN) / (TITLE_SIZE * CHAR_WIDTH)), 2);
  const parts: string[] = [];
  let y = MARGIN + TITLE_SIZE;
  for (const line of titleLines) {
    parts.push(`<text x="${MARGIN}" y="${y}" font-size="${TITLE_SIZE}" font-weight="bold" fill="#1a1a1a">${escapeXml(line)}</text>`);
    y += TITLE_SIZE + 8;
  }
  y += 16;
  const axisTop = y - 8;
  if (reply.items.length === 0) {
    parts.push(`<text x="${MARGIN}" y="${y + BODY_SIZE}" font-size="${BODY_SIZE}" fill="#444">${escapeXml(reply.text ?? 'No events.')}</text>`);
    y += BODY_SIZE + LINE_HEIGHT;
  }
  for (const item of reply.items) {
    const lines = wrapText(item.summary, bodyChars, MAX_LINES_PER_EVENT);
    const date = formatDate({ value: item.date, precision: item.precision as Precision });
    const firstBaseline = y + BODY_SIZE;
    parts.push(`<circle cx="${AXIS_X}" cy="${firstBaseline - BODY_SIZE * 0.35}" r="6" fill="#c0392b" stroke="#fff" stroke-width="2"/>`);
    parts.push(`<text x="${AXIS_X - 16}" y="${firstBaseline}" font-size="${BODY_SIZE}" font-weight="bold" text-anchor="end" fill="#1a1a1a">${escapeXml(date)}</text>`);
    lines.forEach((line, index) => {
      parts.push(`<text x="${TEXT_X}" y="${firstBaseline + index * LINE_HEIGHT}" font-size="${BODY_SIZE}" fill="#222">${escapeXml(line)}</text>`);
    });
    y = firstBaseline + (lines.length - 1) * LINE_HEIGHT;
    const count = item.note && /\bsources?\b/.test(item.note) ? item.note : `${item.sources.length} source${item.sources.length === 1 ? '' : 's'}`;
    y += SMALL_SIZE + 8;
    parts.push(`<text x="${TEXT_X}" y="${y}" font-size="${SMALL_SIZE}" fill="#777">${escapeXml(count)}</text>`);
    y += 26;
  }
  const axisBottom = y - 20;
  if (reply.items.length > 0) {
    parts.unshift(`<line x1="${AXIS_X}" y1="${axisTop}" x2="${AXIS_X}" y2="${axisBottom}" stroke="#bbb" stroke-width="3"/>`);
  }
  if (reply.footer) {
    y += 4;
    parts.push(`<text x="${MARGIN}" y="${y}" font-size="${SMALL_SIZE}" fill="#777">${escapeXml(reply.footer)}</text>`);
  }
  const height = Math.ceil(y + MARGIN);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${escapeXml(FONT)}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
  ].join('\n');
}

/** The reply's timeline as a PNG image. */
export function renderTimelinePng(reply: Reply): Buffer {
  const svg = buildTimelineSvg(reply);
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return Buffer.from(resvg.render().asPng());
}

import { formatDate, type Precision } from '../core/dates.js';
import type { Reply } from '../core/reply.js';

// Plain-text rendering of a reply, for the terminal.

const DATE_WIDTH = 18;

function sourceLine(sources: Reply['items'][number]['sources']): string {
  if (sources.length === 0) return '';
  const cited = sources.map((s) => `${s.title}${s.published ? ` (${s.published})` : ''}${s.url ? ` <${s.url}>` : ''}`);
  return `Sources: ${cited.join('; ')}`;
}

export function renderText(reply: Reply): string {
  const lines = [reply.error ? `! ${reply.title}` : reply.title];
  if (reply.mention) lines.unshift(`@${reply.mention}`);
  if (reply.text) lines.push(...reply.text.split('\n').map((line) => `  ${line}`));
  for (const item of reply.items) {
    const date = formatDate({ value: item.date, precision: item.precision as Precision });
    const label = item.note ? `${date} (${item.note})` : date;
    const pad = ' '.repeat(DATE_WIDTH + 2);
    if (label.length > DATE_WIDTH) lines.push(`  ${label}`, `${pad}${item.summary}`);
    else lines.push(`  ${label.padEnd(DATE_WIDTH)}${item.summary}`);
    const sources = sourceLine(item.sources);
    if (sources) lines.push(`${pad}${sources}`);
  }
  if (reply.footer) lines.push(`  — ${reply.footer}${reply.page && reply.page.number < reply.page.count ? ' · type /more for the next page' : ''}`);
  if (reply.link) lines.push(`  ${reply.link.label}: ${reply.link.url}`);
  return `${lines.join('\n')}\n`;
}

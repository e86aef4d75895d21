import type { types } from '@slack/bolt';
import { clip } from '../core/clip.js';
import { formatDate } from '../core/dates.js';
import type { Reply, ReplyItem, ReplySource } from '../core/reply.js';

type KnownBlock = types.KnownBlock;
type SectionBlock = types.SectionBlock;

// A neutral Reply as Block Kit: a header, a section per event with its sources, a context line, paging buttons.

export interface SlackMessage {
  /** Fallback for notifications and clients without blocks. */
  text: string;
  blocks: KnownBlock[];
}

export const PAGE_ACTION = { prev: 'dateline_page_prev', next: 'dateline_page_next' } as const;

// Slack's limits: header 150 characters, section text 3000, context 10 elements, 50 blocks.
const LIMIT = { header: 150, section: 3000, context: 10, fallback: 3000 } as const;
const SOURCES_SHOWN = 3;
// Keeps a long text well inside the 50-block message limit.
const TEXT_BLOCKS_MAX = 10;

// mrkdwn has no escape character, so formatting marks in foreign text become look-alikes.
const LOOKALIKE: Record<string, string> = { '*': '\u2217', _: '\u02cd', '~': '\u223c', '`': '\u02cb' };

/**
 * Makes text from articles (or typed by users) inert in mrkdwn: &, < and > escaped, so no
 * <!channel>, <@U…> or link can form; @channel/@here/@everyone broken; formatting marks neutralised.
 */
export function inert(text: string): string {
  return text
    .replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
    .replace(/@(channel|here|everyone)/gi, '@\u200b$1')
    .replace(/[*_~`]/g, (mark) => LOOKALIKE[mark]!);
}

function sourceLink(source: ReplySource): string {
  const label = inert(source.title).replaceAll('|', '\u2223');
  if (source.url) {
    try {
      const url = new URL(source.url);
      if (url.protocol === 'https:' || url.protocol === 'http:') {
        const href = url.href.replaceAll('&', '&amp;').replaceAll('|', '%7C').replaceAll('<', '%3C').replaceAll('>', '%3E');
        return `<${href}|${label}>`;
      }
    } catch {
      // Not a URL: shown as plain text below.
    }
  }
  return source.published ? `${label} (${source.published})` : label;
}

function itemBlocks(item: ReplyItem): KnownBlock[] {
  const date = formatDate({ value: item.date, precision: item.precision });
  const heading = item.note ? `*${date}* (${inert(item.note)})` : `*${date}*`;
  const section: SectionBlock = { type: 'section', text: { type: 'mrkdwn', text: clip(`${heading}\n${inert(item.summary)}`, LIMIT.section) } };
  if (item.sources.length === 0) return [section];
  const links = item.sources.slice(0, SOURCES_SHOWN).map(sourceLink);
  if (item.sources.length > SOURCES_SHOWN) links.push(`and ${item.sources.length - SOURCES_SHOWN} more`);
  const sources: types.ContextBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: clip(`Sources: ${links.join(' · ')}`, LIMIT.section) }] };
  return [section, sources];
}

/** Section blocks for a paragraph, split at line breaks to respect the per-block limit. */
function textBlocks(text: string): SectionBlock[] {
  const chunks: string[] = [];
  for (const line of inert(text).split('\n')) {
    const last = chunks.length - 1;
    if (last >= 0 && chunks[last]!.length + line.length + 1 <= LIMIT.section) chunks[last] += `\n${line}`;
    else chunks.push(clip(line || ' ', LIMIT.section));
  }
  return chunks.slice(0, TEXT_BLOCKS_MAX).map((chunk) => ({ type: 'section', text: { type: 'mrkdwn', text: chunk } }));
}

function pagingBlock(reply: Reply): types.ActionsBlock | null {
  const page = reply.page;
  if (!page || page.count < 2) return null;
  // The button value carries the state (up to 2000 characters), so buttons work after a restart.
  const button = (actionId: string, label: string, target: number): types.Button => ({
    type: 'button', action_id: actionId, text: { type: 'plain_text', text: label }, value: JSON.stringify({ page: target, command: page.command }),
  });
  const buttons: types.Button[] = [];
  if (page.number > 1) buttons.push(button(PAGE_ACTION.prev, '◀ Previous', page.number - 1));
  if (page.number < page.count) buttons.push(button(PAGE_ACTION.next, 'Next ▶', page.number + 1));
  return { type: 'actions', elements: buttons };
}

export function renderReply(reply: Reply): SlackMessage {
  const title = clip(inert(reply.title), LIMIT.header);
  const header: types.HeaderBlock = { type: 'header', text: { type: 'plain_text', text: title, emoji: false } };
  const blocks: KnownBlock[] = [header];
  if (reply.text) blocks.push(...textBlocks(reply.text));
  for (const item of reply.items) blocks.push(...itemBlocks(item));
  const footer = reply.footer ?? (reply.items.length > 0 ? `${reply.items.length} events` : undefined);
  if (footer) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: inert(footer) }] });
  if (reply.link) {
    const link = sourceLink({ title: reply.link.label, url: reply.link.url, published: null });
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: link }] });
  }
  const paging = pagingBlock(reply);
  if (paging) blocks.push(paging);
  const fallback = [title, ...reply.items.map((item) => `${formatDate({ value: item.date, precision: item.precision })}: ${inert(item.summary)}`)];
  // The opted-in user group pings from the notification text and shows first; article text cannot form one.
  const ping = reply.mention && /^S[A-Z0-9]+$/.test(reply.mention) ? `<!subteam^${reply.mention}>` : undefined;
  if (ping) {
    blocks.splice(1, 0, { type: 'section', text: { type: 'mrkdwn', text: ping } });
    fallback.unshift(ping);
  }
  return { text: clip(fallback.join('\n'), LIMIT.fallback), blocks };
}

/** Reads a paging button's value back; null if it is not ours. */
export function decodePageValue(value: string | undefined): { page: number; command: string } | null {
  try {
    const parsed = JSON.parse(value ?? '') as { page?: unknown; command?: unknown };
    if (typeof parsed.command !== 'string' || !Number.isInteger(parsed.page)) return null;
    return { page: Math.max(1, parsed.page as number), command: parsed.command };
  } catch {
    return null;
  }
}

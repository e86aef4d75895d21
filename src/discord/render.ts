import { deflateRawSync, inflateRawSync } from 'node:zlib';
import {
  ButtonStyle,
  ComponentType,
  escapeMarkdown,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import { clip } from '../core/clip.js';
import { formatDate } from '../core/dates.js';
import type { Reply, ReplyItem, ReplySource } from '../core/reply.js';
import { renderTimelinePng } from '../render/timeline-png.js';

// A neutral Reply as a Discord message: one embed, and prev/next buttons for a long answer.

export interface DiscordMessage {
  /** Only the role an alert pings, when its subscription opted in; everything else is in the embed. */
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  /** Nothing parsed from the text can ping; only the opted-in role is named. */
  allowedMentions: { parse: []; roles?: string[] };
  /** The timeline picture, sent as a multipart attachment and shown inside the embed. */
  files?: { attachment: Buffer; name: string }[];
}

export const PICTURE_NAME = 'timeline.png';

const COLOR = { normal: 0x3b6ea5, error: 0xc0392b } as const;
// Discord's embed limits (title 256, description 4096, field 256/1024, all text 6000).
const LIMIT = { title: 256, description: 4096, fieldName: 256, fieldValue: 1024, footer: 2048, total: 6000 } as const;
const SOURCES_SHOWN = 3;
const FIELDS_MAX = 25;
const MIN_FIELD_VALUE = 40;
/** Room kept for " · and N more" after the source links. */
const MORE_RESERVE = 16;
const CUSTOM_ID_MAX = 100;

/**
 * Makes text from articles (or typed by users) inert: markdown escaped, and no mention can form,
 * even if allowed_mentions were ignored. A zero-width space after @ breaks @everyone, @here and <@…>.
 */
export function inert(text: string): string {
  return escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true })
    // Every bracket, not only those of a complete [text](url): text also goes inside our own link labels.
    .replace(/[[\]]/g, '\\$&')
    .replace(/^(\s*)>/gm, '$1\\>')
    .replaceAll('@', '@\u200b')
    .replace(/<(?=[@#/:]|a:|t:)/g, '\\<');
}

/** A masked link only for http(s) URLs; the link text is escaped, the URL cannot close the link early. */
function sourceLink(source: ReplySource): string {
  const label = inert(source.title);
  // Not an http(s) URL: shown as plain text.
  const href = source.url && httpUrl(source.url);
  if (href) return `[${label}](${href.replaceAll('(', '%28').replaceAll(')', '%29')})`;
  return source.published ? `${label} (${source.published})` : label;
}

/** One event as an embed field whose name and value together stay within `budget` characters. */
function field(item: ReplyItem, budget: number): APIEmbedField {
  const date = formatDate({ value: item.date, precision: item.precision });
  const name = clip(item.note ? `${date} (${item.note})` : date, LIMIT.fieldName);
  const room = Math.min(LIMIT.fieldValue, Math.max(budget - name.length, MIN_FIELD_VALUE));
  let value = clip(inert(item.summary) || '-', room);
  // Source links go in whole while they fit (a cut link is a broken link), keeping room for "and N more".
  let shown = 0;
  for (const link of item.sources.slice(0, SOURCES_SHOWN).map(sourceLink)) {
    const next = `${shown === 0 ? '\n' : ' · '}${link}`;
    if (value.length + next.length > room - MORE_RESERVE) break;
    value += next;
    shown += 1;
  }
  if (shown > 0 && shown < item.sources.length) value += ` · and ${item.sources.length - shown} more`;
  return { name, value };
}

export function renderReply(reply: Reply): DiscordMessage {
  const title = clip(inert(reply.title), LIMIT.title);
  const footerText = reply.footer ?? (reply.items.length > 0 ? `${reply.items.length} events` : undefined);
  const footer = footerText ? clip(inert(footerText), LIMIT.footer) : undefined;
  const items = reply.items.slice(0, FIELDS_MAX);
  // Share the 6000-character embed budget between the events, so many long source URLs cannot overflow it.
  const perField = Math.floor((LIMIT.total - title.length - (footer?.length ?? 0)) / Math.max(1, items.length));
  const fields = items.map((item) => field(item, perField));
  const embed: APIEmbed = { title, color: reply.error ? COLOR.error : COLOR.normal };
  if (fields.length > 0) embed.fields = fields;
  if (footer) embed.footer = { text: footer };
  const used = title.length + (footer?.length ?? 0) + fields.reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  const room = Math.min(LIMIT.description, LIMIT.total - used);
  if (reply.text && room > 1) embed.description = clip(inert(reply.text), room);
  const message: DiscordMessage = { embeds: [embed], components: buttonRows(reply), allowedMentions: { parse: [] } };
  if (reply.picture) {
    message.files = [{ attachment: renderTimelinePng(reply), name: PICTURE_NAME }];
    embed.image = { url: `attachment://${PICTURE_NAME}` };
  }
  if (reply.mention && /^\d{17,20}$/.test(reply.mention)) {
    message.content = `<@&${reply.mention}>`;
    message.allowedMentions = { parse: [], roles: [reply.mention] };
  }
  return message;
}

/** The paging buttons, and a link button to the web timeline when the reply has one (link buttons send no interaction). */
function buttonRows(reply: Reply): DiscordMessage['components'] {
  const rows = pagingRow(reply);
  const url = reply.link && httpUrl(reply.link.url);
  if (!reply.link || !url) return rows;
  const link: APIButtonComponent = { type: ComponentType.Button, style: ButtonStyle.Link, url, label: clip(reply.link.label, 80) };
  if (rows.length > 0) rows[0]!.components.push(link);
  else rows.push({ type: ComponentType.ActionRow, components: [link] });
  return rows;
}

function httpUrl(text: string): string | null {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

function pagingRow(reply: Reply): DiscordMessage['components'] {
  const page = reply.page;
  if (!page || page.count < 2) return [];
  const prev = encodePageId(page.number - 1, page.command);
  const next = encodePageId(page.number + 1, page.command);
  if (!prev || !next) return [];
  const button = (customId: string, label: string, disabled: boolean): APIButtonComponent => ({
    type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: customId, label, disabled,
  });
  return [{
    type: ComponentType.ActionRow,
    components: [
      button(prev, '◀ Previous', page.number <= 1),
      button(next, 'Next ▶', page.number >= page.count),
    ],
  }];
}

// The button's custom id carries the whole state (page and command), so buttons work after a restart.
// "pg:<page>:<command>" when it fits in 100 characters, else "pz:<page>:<deflated command, base64url>".

export function encodePageId(page: number, command: string): string | null {
  const plain = `pg:${page}:${command}`;
  if (plain.length <= CUSTOM_ID_MAX) return plain;
  const packed = `pz:${page}:${deflateRawSync(command).toString('base64url')}`;
  return packed.length <= CUSTOM_ID_MAX ? packed : null;
}

export function decodePageId(customId: string): { page: number; command: string } | null {
  const match = /^(pg|pz):(\d{1,6}):([\s\S]+)$/.exec(customId);
  if (!match) return null;
  const [, kind, page, payload] = match;
  try {
    const command = kind === 'pg' ? payload! : inflateRawSync(Buffer.from(payload!, 'base64url'), { maxOutputLength: 2000 }).toString('utf8');
    return { page: Math.max(1, Number(page)), command };
  } catch {
    return null;
  }
}

// A delivered post (alert, digest, on this day) carries its delivery tag in the custom id of an "Open timeline"
// button: history returns components but not nonces, so this is how the bot finds its own posts again.
// "dl:<tag>:<command>" when the command fits in 100 characters, else "dl:<tag>" (the button then offers help).

const DELIVERY_ID = /^dl:([\w-]{1,32})(?::([\s\S]+))?$/;

export function deliveryRow(tag: string, command: string | undefined): DiscordMessage['components'][number] {
  const withCommand = command ? `dl:${tag}:${command}` : undefined;
  const customId = withCommand && withCommand.length <= CUSTOM_ID_MAX ? withCommand : `dl:${tag}`;
  return {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: customId, label: 'Open timeline' }],
  };
}

export function decodeDeliveryId(customId: string): { tag: string; command?: string } | null {
  const match = DELIVERY_ID.exec(customId);
  return match ? { tag: match[1]!, command: match[2] } : null;
}

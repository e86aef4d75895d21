import { formatDate } from '../dates.js';
import type { Reply, ReplyItem } from '../reply.js';

// Message templates: a subscription's own wording for its alerts, with {placeholders} filled from the story.
// Checked when set (unknown placeholders and over-length text refused), rendered when the alert is queued.

export const PLACEHOLDERS = {
  title: 'the headline',
  date: 'the date (13 August 2015)',
  summary: 'what happened (for a story alert, its headline)',
  sources: 'the reporting outlets\' headlines',
  topic: 'the topic\'s title',
  link: 'the first source\'s address',
} as const;

export type Placeholder = keyof typeof PLACEHOLDERS;
export type TemplateValues = Record<Placeholder, string>;

/** Longest template accepted: room for wording around the placeholders, well inside every platform's limit. */
export const MAX_TEMPLATE_LENGTH = 500;
const SOURCES_LISTED = 3;
const PLACEHOLDER = /\{([^{}\s]*)\}/g;

export const allowedPlaceholders = (): string => Object.keys(PLACEHOLDERS).map((name) => `{${name}}`).join(' ');

function isPlaceholder(name: string): name is Placeholder {
  return Object.hasOwn(PLACEHOLDERS, name);
}

/** A template as typed, checked: the cleaned text, or a message showing what is allowed. */
export function checkTemplate(raw: string): { ok: true; template: string } | { ok: false; message: string } {
  // Slack and some keyboards type \n literally; a template may span lines.
  const template = raw.trim().replaceAll('\\n', '\n');
  const allowed = `Placeholders: ${Object.entries(PLACEHOLDERS).map(([name, what]) => `{${name}} ${what}`).join('; ')}.`;
  if (template === '') return { ok: false, message: `A template needs some text, for example template:"{title} ({date}) {link}". ${allowed}` };
  if (template.length > MAX_TEMPLATE_LENGTH) {
    return { ok: false, message: `That template is ${template.length} characters long; keep it under ${MAX_TEMPLATE_LENGTH}. ${allowed}` };
  }
  const unknown = [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1]!).filter((name) => !isPlaceholder(name.toLowerCase())))];
  if (unknown.length > 0) {
    const names = unknown.map((name) => `{${name.slice(0, 30)}}`).join(', ');
    return { ok: false, message: `I don't know ${unknown.length === 1 ? 'the placeholder' : 'the placeholders'} ${names}. ${allowed}` };
  }
  if (template.match(PLACEHOLDER) === null) return { ok: false, message: `That template has no placeholder, so every alert would say the same. ${allowed}` };
  return { ok: true, template };
}

/** The values a story or event offers its template. */
export function valuesOf(item: ReplyItem, topicTitle: string): TemplateValues {
  const sources = item.sources.slice(0, SOURCES_LISTED).map((source) => source.title);
  if (item.sources.length > SOURCES_LISTED) sources.push(`and ${item.sources.length - SOURCES_LISTED} more`);
  return {
    title: item.summary,
    date: formatDate({ value: item.date, precision: item.precision }),
    summary: item.summary,
    sources: sources.join('; '),
    topic: topicTitle,
    link: item.sources.find((source) => source.url)?.url ?? '',
  };
}

export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const key = name.toLowerCase();
    return isPlaceholder(key) ? values[key] : whole;
  });
}

/** A reply worded by a template: its items become the template's text (each platform escapes and clips it). */
export function applyTemplate(reply: Reply, template: string, topicTitle: string): Reply {
  const text = reply.items.map((item) => renderTemplate(template, valuesOf(item, topicTitle))).join('\n\n');
  return { ...reply, items: [], text };
}

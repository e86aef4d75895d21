// Reader for TimeML (.tml) files: DCT, plain text of <TEXT>, gold TIMEX3 with offsets into that text.
import { readFileSync } from 'node:fs';
import type { TimexType } from './index.js';

export interface GoldTimex {
  start: number;
  end: number;
  text: string;
  type: TimexType;
  value: string;
}

export interface TimeMLDoc {
  dct: string;
  text: string;
  timexes: GoldTimex[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[body] ?? m;
  });
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return m ? unescapeXml(m[2] ?? m[3] ?? '') : undefined;
}

const TYPES = new Set<TimexType>(['DATE', 'TIME', 'DURATION', 'SET']);

export function parseTimeML(xml: string): TimeMLDoc {
  const dctTag = /<TIMEX3\b[^>]*functionInDocument\s*=\s*"CREATION_TIME"[^>]*>/.exec(xml);
  const dct = dctTag ? (attr(dctTag[0], 'value') ?? '').slice(0, 10) : '';
  const open = xml.indexOf('<TEXT>');
  const close = xml.lastIndexOf('</TEXT>');
  const body = open >= 0 && close > open ? xml.slice(open + 6, close) : '';
  let text = '';
  const timexes: GoldTimex[] = [];
  const stack: { start: number; type: TimexType; value: string }[] = [];
  const tagRe = /<[^>]*>/g;
  let last = 0;
  for (let m = tagRe.exec(body); m; m = tagRe.exec(body)) {
    text += unescapeXml(body.slice(last, m.index));
    last = m.index + m[0].length;
    const tag = m[0];
    if (/^<TIMEX3\b/.test(tag)) {
      const rawType = (attr(tag, 'type') ?? 'DATE') as TimexType;
      const entry = { start: text.length, type: TYPES.has(rawType) ? rawType : 'DATE', value: attr(tag, 'value') ?? '' };
      if (tag.endsWith('/>')) continue; // empty timex: not in the text
      stack.push(entry);
    } else if (/^<\/TIMEX3\s*>/.test(tag)) {
      const e = stack.pop();
      if (e) timexes.push({ start: e.start, end: text.length, text: text.slice(e.start, text.length), type: e.type, value: e.value });
    }
  }
  text += unescapeXml(body.slice(last));
  timexes.sort((a, b) => a.start - b.start || a.end - b.end);
  return { dct, text, timexes };
}

export function readTimeML(file: string): TimeMLDoc {
  return parseTimeML(readFileSync(file, 'utf8'));
}

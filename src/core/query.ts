import { daysInMonth, formatDate, makeDate, monthFromName, spanOf, type DaySpan, type PartialDate } from './dates.js';

// What a topic command's free text asks for: /assange 2012, aug 2015, 2012..2015, sweden 2015, today, latest.

export interface Period {
  span: DaySpan;
  /** How to show it: "2012", "August 2015", "2012 to 2015". */
  label: string;
}

export type TopicQuery =
  | { kind: 'help' }
  | { kind: 'today' }
  | { kind: 'latest'; keywords: string[] }
  /** allByDate: list every match in date order ("all"), instead of the most important first. */
  | { kind: 'search'; period?: Period; keywords: string[]; allByDate?: boolean };

export type QueryResult = { ok: true; query: TopicQuery } | { ok: false; message: string };

const MIN_YEAR = 1000;
const MAX_YEAR = 2999;

type DateParse = { date: PartialDate } | { problem: string } | null;

const MONTH_WORD = /^[a-z]{3,9}\.?$/;

/** Reads one date written as 2015, 2015-08, 2015-08-13, aug 2015, 13 aug 2015 or aug 13 2015 (words joined by spaces). */
function readDate(words: string[]): DateParse {
  const text = words.join(' ').replace(/,/g, ' ').replace(/\s+/g, ' ').trim();
  let match = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(text);
  if (match) return checkedDate(Number(match[1]), match[2], match[3], text);
  match = /^(?:(\d{1,2}) )?([a-z]+\.?) (?:(\d{1,2}) )?(\d{4})$/.exec(text);
  if (match && !(match[1] && match[3])) {
    const month = monthFromName(match[2]!);
    if (month === undefined) return null;
    return checkedDate(Number(match[4]), String(month), match[1] ?? match[3], text);
  }
  return null;
}

function checkedDate(year: number, month: string | undefined, day: string | undefined, text: string): DateParse {
  if (year < MIN_YEAR || year > MAX_YEAR) return { problem: `${text} is outside the years I can look up (${MIN_YEAR}-${MAX_YEAR}).` };
  if (month === undefined) return { date: makeDate(year) };
  const m = Number(month);
  if (m < 1 || m > 12) {
    return { problem: `${text} is not a date: months run from 01 to 12. Try ${year}-12, or a range such as ${year}..${year + 1}.` };
  }
  if (day === undefined) return { date: makeDate(year, m) };
  const d = Number(day);
  const last = daysInMonth(year, m);
  if (d < 1 || d > last) {
    const monthName = new Date(Date.UTC(year, m - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' });
    return { problem: `${text} is not a date: ${monthName} ${year} has ${last} days.` };
  }
  return { date: makeDate(year, m, d) };
}

/**
 * Finds the longest run of words that reads as a date or a range, and returns the rest as keywords.
 * Ranges are written a..b (a, b any date form), or yyyy-yyyy.
 */
function extractPeriod(words: string[]): { period?: Period; rest: string[] } | { problem: string } {
  const joined = words.join(' ');
  // A range: split on ".." first, so "aug 2015..sep 2015" works with spaces on either side.
  const range = /^(.*?)\s*\.\.\s*(.*)$/.exec(joined);
  if (range) {
    const left = findDateRun(range[1]!.split(' ').filter(Boolean), 'end');
    const right = findDateRun(range[2]!.split(' ').filter(Boolean), 'start');
    if ('problem' in left) return left;
    if ('problem' in right) return right;
    if (!left.date || !right.date) {
      return { problem: 'A range needs a date on each side of "..", for example 2012..2015 or aug 2015..mar 2016.' };
    }
    const from = spanOf(left.date);
    const to = spanOf(right.date);
    if (from.start > to.end) {
      return { problem: `That range runs backwards. Did you mean ${right.date.value}..${left.date.value}?` };
    }
    return {
      period: { span: { start: from.start, end: to.end }, label: `${formatDate(left.date)} to ${formatDate(right.date)}` },
      rest: [...left.rest, ...right.rest],
    };
  }
  const yearRange = words.findIndex((w) => /^\d{4}-\d{4}$/.test(w));
  if (yearRange >= 0) {
    const [a, b] = words[yearRange]!.split('-');
    return extractPeriod([...words.slice(0, yearRange), `${a}..${b}`, ...words.slice(yearRange + 1)]);
  }
  const run = findDateRun(words, 'any');
  if ('problem' in run) return run;
  if (!run.date) return { rest: words };
  return { period: { span: spanOf(run.date), label: formatDate(run.date) }, rest: run.rest };
}

/** Looks for 1-3 consecutive words that read as a date; 'end'/'start' require the run to touch that end. */
function findDateRun(words: string[], anchor: 'start' | 'end' | 'any'): { date?: PartialDate; rest: string[] } | { problem: string } {
  for (let length = Math.min(3, words.length); length >= 1; length--) {
    for (let from = 0; from + length <= words.length; from++) {
      if (anchor === 'start' && from !== 0) break;
      if (anchor === 'end' && from + length !== words.length) continue;
      const run = words.slice(from, from + length);
      if (length > 1 && !run.some((w) => MONTH_WORD.test(w))) continue;
      const parsed = readDate(run);
      if (!parsed) continue;
      if ('problem' in parsed) return parsed;
      return { date: parsed.date, rest: [...words.slice(0, from), ...words.slice(from + length)] };
    }
  }
  // Something shaped like a number date that did not parse (2012-13-45, 20155) deserves a specific answer.
  const odd = words.find((w) => /^\d{3,}(-\d+)*$/.test(w) && !/^\d{1,2}$/.test(w));
  if (odd) return { problem: `I can't read "${odd}" as a date. Use a year (2012), a month (2015-08 or aug 2015), a day (2015-08-13) or a range (2012..2015).` };
  return { rest: words };
}

export function parseTopicQuery(text: string): QueryResult {
  const words = text.normalize('NFKC').toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 1 && words[0] === 'help') return { ok: true, query: { kind: 'help' } };
  if (words.length === 1 && words[0] === 'today') return { ok: true, query: { kind: 'today' } };
  if (words[0] === 'latest') return { ok: true, query: { kind: 'latest', keywords: words.slice(1) } };
  const allByDate = words.includes('all');
  const found = extractPeriod(words.filter((word) => word !== 'all'));
  if ('problem' in found) return { ok: false, message: found.problem };
  return { ok: true, query: { kind: 'search', period: found.period, keywords: found.rest, ...(allByDate ? { allByDate } : {}) } };
}

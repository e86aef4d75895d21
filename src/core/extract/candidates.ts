import { tagTimexes, timexPrecision, type Timex } from '../timex/index.js';
import { makeDate, parsePartialDate, type PartialDate } from '../dates.js';
import { splitSentences } from './sentences.js';

// Step one of extraction: every sentence that places something at a calendar date becomes a candidate event.

export interface ArticleText {
  title: string;
  body: string;
  /** Publication date, 'YYYY-MM-DD': relative expressions resolve against it. */
  published: string;
}

export interface Candidate {
  date: PartialDate;
  sentence: string;
  /** 0 for the title, then the sentence number in the body. */
  position: number;
  /** The temporal expression that dated it. */
  expression: string;
}

/** Longest sentence kept as an extracted event's summary. */
const MAX_SUMMARY = 280;

/**
 * The calendar date a TIMEX3 value names, at its precision; null for durations, sets, vague references.
 * Weeks become the month that holds their Thursday (the ISO rule for which month a week belongs to).
 */
export function dateOfTimex(timex: Pick<Timex, 'type' | 'value'>): PartialDate | null {
  if (timex.type !== 'DATE' && timex.type !== 'TIME') return null;
  const precision = timexPrecision(timex.value);
  switch (precision) {
    case 'day':
      return parsePartialDate(timex.value.slice(0, 10));
    case 'month':
      return parsePartialDate(timex.value.slice(0, 7));
    case 'year':
      return parsePartialDate(timex.value.slice(0, 4));
    case 'week': {
      const match = /^(\d{4})-W(\d{2})/.exec(timex.value);
      if (!match) return null;
      const thursday = isoWeekThursday(Number(match[1]), Number(match[2]));
      return makeDate(thursday.getUTCFullYear(), thursday.getUTCMonth() + 1);
    }
    default:
      return null;
  }
}

function isoWeekThursday(year: number, week: number): Date {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const mondayOfWeek1 = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000;
  return new Date(mondayOfWeek1 + ((week - 1) * 7 + 3) * 86_400_000);
}

export function extractCandidates(article: ArticleText): Candidate[] {
  // Title and body are tagged as one text, so an anchor set in one sentence carries to the next.
  const text = `${article.title}\n${article.body}`;
  const titleEnd = article.title.length;
  const timexes = tagTimexes(text, article.published);
  const sentences = splitSentences(text);
  const candidates: Candidate[] = [];
  let timexIndex = 0;
  let bodyPosition = 0;
  for (const sentence of sentences) {
    const position = sentence.start < titleEnd ? 0 : ++bodyPosition;
    const seen = new Set<string>();
    while (timexIndex < timexes.length && timexes[timexIndex]!.start < sentence.end) {
      const timex = timexes[timexIndex++]!;
      if (timex.start < sentence.start) continue;
      const date = dateOfTimex(timex);
      if (!date || seen.has(date.value)) continue;
      seen.add(date.value);
      candidates.push({ date, sentence: clip(sentence.text), position, expression: timex.text });
    }
  }
  return candidates;
}

function clip(sentence: string): string {
  if (sentence.length <= MAX_SUMMARY) return sentence;
  const cut = sentence.slice(0, MAX_SUMMARY);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 200 ? cut.lastIndexOf(' ') : MAX_SUMMARY)}…`;
}

import { tagTimexes, timexPrecision, type Timex } from '../timex/index.js';
import { parsePartialDate, type PartialDate } from '../dates.js';
import { splitSentences } from './sentences.js';
import { cleanSentence, isFurniture, isQuestionOrHypothetical } from './clean.js';

// Step one of extraction: every sentence that places something at a calendar date becomes a candidate event.

export interface ArticleText {
  title: string;
  body: string;
  /** Publication date, 'YYYY-MM-DD': relative expressions resolve against it. */
  published: string;
}

export interface Candidate {
  date: PartialDate;
  /** The sentence, cleaned for display (cleanSentence). */
  sentence: string;
  /** 0 for the title, then the sentence number in the body. */
  position: number;
  /** The temporal expression that dated it; empty when the publication day dates it. */
  expression: string;
  /** Dated by the publication day: a title or lead with no date word, reporting what is new. */
  implicit: boolean;
}

/** Sentences of the lead (after the title) that speak of the publication day when they name no date. */
const IMPLICIT_LEAD_SENTENCES = 1;
/** Shortest title or lead taken as an undated report of the day's news. */
const MIN_IMPLICIT_LENGTH = 30;

/**
 * The calendar date a TIMEX3 value names, at its precision; null for durations, sets, vague references and
 * weeks ("this week" says too little to be an event's date).
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
    default:
      return null;
  }
}

/**
 * Candidate events of one article: each sentence that places a happening at a calendar date, and its title
 * and lead when they report the day's news without a date word. Furniture, questions and hypotheticals are
 * not events.
 */
export function extractCandidates(article: ArticleText): Candidate[] {
  // Title and body are tagged as one text, so an anchor set in one sentence carries to the next.
  const text = `${article.title}\n${article.body}`;
  const titleEnd = article.title.length;
  const timexes = tagTimexes(text, article.published);
  const sentences = splitSentences(text);
  const published = parsePartialDate(article.published);
  const candidates: Candidate[] = [];
  let timexIndex = 0;
  let bodyPosition = 0;
  for (const sentence of sentences) {
    const position = sentence.start < titleEnd ? 0 : ++bodyPosition;
    const dates: { date: PartialDate; expression: string }[] = [];
    let namesTime = false;
    while (timexIndex < timexes.length && timexes[timexIndex]!.start < sentence.end) {
      const timex = timexes[timexIndex++]!;
      if (timex.start < sentence.start) continue;
      if (timex.type === 'DATE' || timex.type === 'TIME') namesTime = true;
      const date = dateOfTimex(timex);
      if (date && !dates.some((d) => d.date.value === date.value)) dates.push({ date, expression: timex.text });
    }
    const mayBeImplicit = !namesTime && published !== null && position <= IMPLICIT_LEAD_SENTENCES;
    // Most sentences name no date and are past the lead: nothing to clean.
    if (dates.length === 0 && !mayBeImplicit) continue;
    if (isFurniture(sentence.text) || isQuestionOrHypothetical(sentence.text)) continue;
    const cleaned = cleanSentence(sentence.text);
    if (cleaned.length === 0) continue;
    for (const { date, expression } of dates) candidates.push({ date, sentence: cleaned, position, expression, implicit: false });
    if (mayBeImplicit && cleaned.length >= MIN_IMPLICIT_LENGTH) {
      candidates.push({ date: published, sentence: cleaned, position, expression: '', implicit: true });
    }
  }
  return candidates;
}

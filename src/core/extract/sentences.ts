// Sentence splitting for news text: paragraphs first, then sentence ends that are not abbreviations.

export interface Sentence {
  text: string;
  /** Offsets into the text that was split. */
  start: number;
  end: number;
}

// Words that end with a period without ending a sentence.
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'jr', 'sr', 'gen', 'sen', 'rep', 'gov', 'lt', 'col', 'capt', 'sgt', 'rev',
  'inc', 'corp', 'co', 'ltd', 'no', 'vs', 'etc', 'al', 'approx', 'dept', 'est', 'fig', 'mt', 'ft',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'u.s', 'u.k', 'u.n', 'e.g', 'i.e', 'a.m', 'p.m', 'd.c',
]);

// A candidate boundary: sentence punctuation, optional closing quotes/brackets, white space, then an opener.
const BOUNDARY = /([.!?])["'”’)\]]*\s+(?=["'“‘(\[]?[\p{Lu}\p{N}])/gu;

export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  const paragraph = /[^\n]+/g;
  for (const block of text.matchAll(paragraph)) {
    splitParagraph(block[0], block.index!, sentences);
  }
  return sentences;
}

function splitParagraph(paragraph: string, offset: number, out: Sentence[]): void {
  let start = 0;
  for (const match of paragraph.matchAll(BOUNDARY)) {
    const punctuationAt = match.index!;
    if (match[1] === '.' && isAbbreviation(paragraph, punctuationAt)) continue;
    const end = punctuationAt + match[0].trimEnd().length;
    push(paragraph, start, end, offset, out);
    start = punctuationAt + match[0].length;
  }
  push(paragraph, start, paragraph.length, offset, out);
}

function isAbbreviation(paragraph: string, periodAt: number): boolean {
  const word = /([\p{L}.]+)$/u.exec(paragraph.slice(Math.max(0, periodAt - 12), periodAt))?.[1] ?? '';
  if (word.length === 1 && /\p{Lu}/u.test(word)) return true; // an initial, as in "Julian P. Assange"
  return ABBREVIATIONS.has(word.toLowerCase());
}

function push(paragraph: string, start: number, end: number, offset: number, out: Sentence[]): void {
  const raw = paragraph.slice(start, end);
  const leading = raw.length - raw.trimStart().length;
  const text = raw.trim();
  if (text.length === 0) return;
  out.push({ text, start: offset + start + leading, end: offset + start + leading + text.length });
}

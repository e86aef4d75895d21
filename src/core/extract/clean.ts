import { DAYNUM, MONTH, YEAR4 } from '../timex/lexicon.js';

// What in a news sentence is not the news: page furniture, and the datelines, bylines, credits and bracket
// tokens around a sentence that is. Used when choosing which sentences can be events, and to clean the one
// shown as an event's summary.

/** Longest summary shown for an event. */
export const MAX_SUMMARY = 280;

// Navigation, captions, credits, share and sign-up prompts: the words that give such lines away.
const FURNITURE = [
  /\b(click|tap|scroll|swipe)\b[^.]*\b(here|below|above|link|cards?|button|image|photo|arrows?|to (?:see|view|watch|read|play|enlarge))\b/i,
  /\b(sign up|subscribe to|newsletter|follow us|share your|send (?:us )?your (?:photos|videos|stories)|ireport|follow (?:him|her|them|the \w+) on|like us on|share (?:this|on|via)|email this|print this|bookmark)\b/i,
  /\b(read more|more on this story|related (?:articles?|stories|links?|content)|see also|top stories|most (?:read|popular|viewed)|in pictures|watch the video|video:|audio:|listen:|live blog)\b/i,
  /\b(all rights reserved|copyright|©|terms of (?:use|service)|privacy policy|cookies?\b.*\bpolicy|advertisement)\b/i,
  /\b(photo(?:graph)?|picture|image|caption|illustration)s?\s*(?:credit)?\s*[:/]/i,
  /\b(getty images|ap photo|afp\/|reuters\/|pa wire|epa\/)\b/i,
  /\bhave your say\b|\bcomments? \(\d+\)|\bposted (?:by|at)\b|\blast updated\b|\bpublished at\b/i,
  // Reader comments and social embeds, whose own timestamps would otherwise become dates:
  // "April 1, 2011 at 10:46 pm | Reply", "9:32 am ET February 11, 2013 RETWEET", "Credit: Reuters/State TV".
  /\b\d{4},? at \d{1,2}:\d{2}\s*[ap]\.?m\b|\|\s*(?:reply|report abuse)\b|\bretweet\b|\bcredit:\s/i,
  // A page's contact footer, whose phone number reads as a year: "… please call the main switchboard on 020 3353 2000".
  /\b(?:inquiries|enquiries)\b[^.]*\b(?:call|contact|e-?mail|write to)\b|\bswitchboard on \+?\d/i,
];

/** True for a line that is page furniture rather than reporting. */
export function isFurniture(sentence: string): boolean {
  return FURNITURE.some((pattern) => pattern.test(sentence));
}

/** True for a question, or a hypothetical ("if …, it would …"): neither reports a happening. */
export function isQuestionOrHypothetical(sentence: string): boolean {
  const text = sentence.trim().replace(/["'”’)\]]+$/, '');
  if (text.endsWith('?')) return true;
  if (/^(?:if|unless|should|suppose|imagine)\b/i.test(text)) return true;
  return /\bif\b/i.test(text) && /\b(?:would|could|might)\b/i.test(text);
}

// "LONDON (Reuters) -", "WASHINGTON —", "NEW YORK, May 3 (AP) --", "CAIRO, Egypt:".
const DATELINE = /^(?:[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3})(?:,\s*[A-Z][\w.]*(?:\s+[A-Z0-9][\w.]*){0,3})?\s*(?:\([^)]{1,40}\))?\s*(?:-{1,2}|–|—|:)\s+/;
// "By Jane Smith, BBC News", "By JANE SMITH and JOHN DOE |".
const BYLINE = /^By\s+(?:[A-Z][\w.'’-]+\s*){1,4}(?:(?:and|&)\s+(?:[A-Z][\w.'’-]+\s*){1,4})?(?:[,|–—-]\s*(?:[A-Z][\w.'’-]*\s*){0,4})?(?=[,|–—-]|\s+[A-Z])[,|–—-]?\s*/;
// Wire and web timestamps that open a flattened page: "MEXICO CITY | Fri Apr 24, 2009 7:50 pm EDT",
// "Sunday 26 April 2009 11.25 BST", "Jane Roe | 18:00 UK time, Saturday, 25 April 2009".
const TIMESTAMP = /^(?:[\p{L}][\p{L} .,\/'’-]{0,40}\|\s*)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:(?:[a-z]{3,9}\s+\d{1,2}|\d{1,2}\s+[a-z]{3,9}),?\s+\d{4}\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]m)?\s*(?:UK time|[A-Z]{2,4})\b,?\s*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+\d{1,2}\s+[a-z]{3,9}\s+\d{4}\s*)?/iu;
// A wire dateline inside the text, "… Tripoli, Libya (CNN) -- The coalition …": a flattened page runs the story's
// highlights into its first sentence, so whatever comes before the dateline is furniture.
const INNER_DATELINE = /^[^]{0,400}?\((?:[A-Z][\w.]{1,15})(?:\s[A-Z][\w.]{1,15})?\)\s*(?:-{1,2}|–|—)\s+(?=["“‘]?\p{Lu})/u;
const CREDIT = /\s*\((?:photo|picture|image|pictured|file photo|ap|afp|reuters|getty)[^)]{0,60}\)/gi;
const BRACKET_TOKEN = /\s*\[[^\]]{0,40}\]|-[LR][RSC]B-/g;
// Wire-service labels that land inside a sentence when a page is flattened: "By the CNN Wire Staff", "NEW:",
// "(Updated: 1:38 a.m. Monday)", a live blog's "(Update 4:29 a.m. in Cairo, 9:29 p.m. ET) -" or "(1:23 p.m. Monday ET)",
// "Full Article", "Source:"; a slideshow's "BACK {current} of {total} NEXT".
const WIRE_LABEL = /\b(?:back|previous)\s+(?:\{current\}|\d+)\s+of\s+(?:\{total\}|\d+)\s+next\b\s*|\bBy (?:the )?(?:[A-Z][\w.'’-]*\s+){0,3}(?:Wire\s+)?Staff\b\s*|\bNEW:\s*|(?:\((?:updated?|last updated|posted)\b|^\(\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?)[^)]{0,80}\)\s*(?:(?:-{1,2}|–|—)\s+)?|^(?:full article|source|updated|update|breaking)\s*:?\s+(?=[A-Z])/gi;

/**
 * The sentence as a reader should see it: no dateline, byline, credits or bracket tokens, no trailing
 * fragment after its last full stop, at most MAX_SUMMARY characters (cut at a word, with an ellipsis).
 */
export function cleanSentence(sentence: string): string {
  let text = sentence.replace(/\s+/g, ' ').trim().replace(INNER_DATELINE, '');
  for (let pass = 0; pass < 2; pass++) text = text.replace(TIMESTAMP, '').replace(BYLINE, '').replace(DATELINE, '');
  text = text.replace(WIRE_LABEL, '').replace(CREDIT, '').replace(BRACKET_TOKEN, '').replace(/\s{2,}/g, ' ').trim();
  for (let pass = 0; pass < 2; pass++) text = text.replace(BYLINE, '').replace(DATELINE, '');
  text = text.replace(/^[\s:;,.–—-]+/, '');
  // A trailing fragment: text after the last sentence end that does not end a sentence itself.
  const lastStop = Math.max(text.lastIndexOf('. '), text.lastIndexOf('! '), text.lastIndexOf('? '));
  if (!/[.!?]["'”’)]*$/.test(text) && lastStop >= 20) text = text.slice(0, lastStop + 1);
  if (text.length > 0) text = text[0]!.toUpperCase() + text.slice(1);
  if (text.length <= MAX_SUMMARY) return text;
  const cut = text.slice(0, MAX_SUMMARY - 1);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > MAX_SUMMARY * 0.7 ? space : cut.length).replace(/[,;:–—-]+$/, '')}…`;
}

// A reader's comment under the article, "At 12:22 pm on 10 Jun 2010, someone wrote: …": it still dates the day it
// was posted (readers comment most on the days that matter), but it is a reader's words, not the news.
const READER_COMMENT = /^At \d{1,2}[:.]\d{2}\b[^,]{0,40},\s*[^,:]{1,40}\swrote:/i;

// A chronicle's entry: day and month (and year), then a dash or colon, then the entry's text, which starts with a
// capital (checked apart: the tagger's fragments are written for the 'i' flag).
const CHRONICLE_DATE = new RegExp(String.raw`^(?:${MONTH}\s+${DAYNUM}(?:,?\s+${YEAR4})?|${DAYNUM}\s+${MONTH}(?:\s+${YEAR4})?)\s*[-–—:]\s+`, 'i');

/**
 * The text of a chronicle's entry ("Aug. 23 - Rebels take the compound." gives "Rebels take the compound."), as the
 * timelines and factboxes inside news articles write them, without its date, which the event it tells of shows; or
 * undefined when the sentence is no such entry.
 */
export function chronicleEntry(cleaned: string): string | undefined {
  const date = CHRONICLE_DATE.exec(cleaned);
  const text = date ? cleaned.slice(date[0].length) : '';
  return /^\p{Lu}/u.test(text) ? text : undefined;
}

/**
 * How readable a cleaned sentence is as a summary: whole, of a useful length, starting like a sentence, and not a
 * reader's comment.
 */
export function readability(cleaned: string): number {
  let score = READER_COMMENT.test(cleaned) ? -1 : 1;
  if (!/^["“‘(]?[\p{Lu}\p{N}]/u.test(cleaned)) score -= 0.3;
  if (!/[.!?]["'”’)]*$/.test(cleaned)) score -= 0.3;
  if (cleaned.length < 40) score -= 0.4;
  if (cleaned.length > 240) score -= 0.2;
  return score;
}

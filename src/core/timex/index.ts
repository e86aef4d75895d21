// Temporal expression tagger (TIMEX3, TempEval-3 conventions): rule tables in rules.ts, this file runs them.
import { type Cal, parseCal, parseDct } from './calendar.js';
import { type Ctx, type Groups, type Rule, type Tense, RULES } from './rules.js';

export type TimexType = 'DATE' | 'TIME' | 'DURATION' | 'SET';
export interface Timex {
  start: number;
  end: number;
  text: string;
  type: TimexType;
  value: string;
}

interface Candidate {
  start: number;
  end: number;
  rule: Rule;
  order: number;
  groups: Groups;
}

/**
 * Tense cues. The one nearest the expression decides (news defaults to past): "said Friday" is past,
 * "will meet Bush on Thursday" future, even when the sentence holds both.
 */
const FUTURE_CUE = /\b(?:will|won't|wo|shall|'ll|would|might|going\s+to|plans?|planned|planning|scheduled|expected\s+to|expects?\s+to|intends?\s+to|is\s+to|are\s+to|set\s+to|due\s+to|as\s+(?:soon|early)\s+as|next|upcoming|tomorrow)\b/gi;
const PAST_CUE = /\b(?:said|says|was|were|had|did|told|met|came|went|began|left|took|gave|made|held|won|lost|got|found|fell|rose|sent|brought|saw|spoke|ago|last|yesterday|since|[a-z]{2,}ed)\b/gi;
/** Future cues that cannot be read as past narration ("plans to", not "planned to" or "vacation plans"). */
const PRESENT_FUTURE_CUE = /\b(?:will|won't|shall|'ll|(?:plans|intends|expects|hopes|aims)\s+to|(?:is|are)\s+(?:going|scheduled|expected|set|due)\s+to)\b/gi;
const NOT_PAST = /^(?:scheduled|expected|planned|need|speed|feed|seed|bed|red|shed|hundred|indeed|proceed|succeed|exceed|united|limited|based|related|concerned|interested|armed|detailed|alleged)$/i;

const isSpace = (ch: string | undefined): boolean => ch === undefined || ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r';
const isStop = (ch: string | undefined): boolean => ch === '.' || ch === '!' || ch === '?' || ch === '\n';
const isQuote = (ch: string | undefined): boolean => ch === '"' || ch === "'" || ch === '`';

/** Bounds of the sentence around [start, end), at most 250 characters each way. */
function sentenceAround(text: string, start: number, end: number): [number, number] {
  let s = start;
  for (; s > 0 && start - s < 250; s--) {
    if (!isSpace(text[s])) continue;
    let k = s - 1;
    while (k >= 0 && isQuote(text[k])) k--;
    if (isStop(text[k])) break;
  }
  let e = end;
  while (e < text.length && e - end < 250 && !(isStop(text[e]) && isSpace(text[e + 1]))) e++;
  return [s, e];
}

function nearestCue(rx: RegExp, text: string, s: number, e: number, start: number, end: number, skip?: RegExp): number {
  rx.lastIndex = s;
  let best = Infinity;
  for (let m = rx.exec(text); m && m.index < e; m = rx.exec(text)) {
    if (m.index >= start && m.index < end) continue;
    if (skip?.test(m[0])) continue;
    // A participle after an auxiliary ("will be held", "is expected") carries no tense of its own.
    if (skip && /\b(?:be|been|being|is|are|am|to)\s+$/i.test(text.slice(Math.max(0, m.index - 7), m.index))) continue;
    // "-ed" words after an article or adverb are adjectives ("a still unspecified date").
    if (skip && /ed$/i.test(m[0]) && (/^un/i.test(m[0]) || /\b(?:a|an|the|its|their|his|her|still|newly|so-called)\s+$/i.test(text.slice(Math.max(0, m.index - 10), m.index)))) continue;
    const d = m.index < start ? start - (m.index + m[0].length) : m.index - end;
    if (d < best) best = d;
  }
  return best;
}

function tenseAt(text: string, start: number, end: number): Tense {
  const [s, e] = sentenceAround(text, start, end);
  // "Wednesday's ruling" names something that already happened.
  if (/^'s\b/.test(text.slice(end, end + 3))) return 'past';
  // Deadlines look ahead: "by February", "effective Feb. 1", "through January".
  // Unless the clause goes on in the past: "Until Thursday, they had not named him", "by Monday, officials were".
  if (/\b(?:until|till|by|through|effective|starting|beginning|due)(?:\s+on)?\s+$/i.test(text.slice(Math.max(0, start - 14), start))) {
    return /^\s*,\s*(?:\w+\s+){0,3}?(?:had|were|was)\b/i.test(text.slice(end, end + 40)) ? 'past' : 'future';
  }
  // Cues before the expression ("will meet on Thursday", "said Friday") decide when close; future cues after it
  // mostly belong to another clause, past verbs after it often not ("the court Thursday refused").
  const futBefore = nearestCue(FUTURE_CUE, text, s, start, start, end);
  const pastBefore = nearestCue(PAST_CUE, text, s, start, start, end, NOT_PAST);
  const near = Math.min(futBefore, pastBefore);
  if (near <= 60) return futBefore < pastBefore ? 'future' : 'past';
  const pastAfter = nearestCue(PAST_CUE, text, end, e, start, end, NOT_PAST);
  // Nothing before it ("On Tuesday, the league plans to ..."): the clause that follows is its own.
  if (near === Infinity) {
    const futAfter = nearestCue(PRESENT_FUTURE_CUE, text, end, e, start, end);
    if (futAfter < pastAfter) return 'future';
  }
  if (pastAfter <= 40) return 'past';
  if (near < Infinity) return futBefore < pastBefore ? 'future' : 'past';
  return pastAfter < Infinity ? 'past' : 'none';
}

function collect(text: string): Candidate[] {
  const out: Candidate[] = [];
  RULES.forEach((rule, order) => {
    if (rule.trigger && !rule.trigger.test(text)) return;
    const rx = rule.re;
    rx.lastIndex = 0;
    for (let m = rx.exec(text); m; m = rx.exec(text)) {
      if (m[0].length === 0) {
        rx.lastIndex++;
        continue;
      }
      const groups: Groups = m.groups ?? {};
      const start = m.index;
      const end = start + m[0].length;
      if (rule.check && !rule.check(groups, text, start, end)) {
        // Another match may start inside this one (e.g. without an optional modifier): retry just after its start.
        rx.lastIndex = start + 1;
        continue;
      }
      out.push({ start, end, rule, order, groups });
    }
  });
  return out;
}

/** Longest candidates win; ties go to the rule listed first. */
function select(cands: Candidate[], length: number): Candidate[] {
  const sorted = [...cands].sort((a, b) => b.end - b.start - (a.end - a.start) || a.order - b.order || a.start - b.start);
  const taken = new Uint8Array(length + 1);
  const chosen: Candidate[] = [];
  for (const c of sorted) {
    let free = true;
    for (let i = c.start; i < c.end; i++) if (taken[i]) { free = false; break; }
    if (!free) continue;
    taken.fill(1, c.start, c.end);
    chosen.push(c);
  }
  return chosen.sort((a, b) => a.start - b.start);
}

/**
 * Tags temporal expressions. dct is 'YYYY-MM-DD' (document creation time). Offsets are JS string indices
 * into text; text === input.slice(start, end). Sorted by start, non-overlapping.
 */
export function tagTimexes(text: string, dct: string): Timex[] {
  const dctCal = parseDct(dct);
  if (!dctCal) throw new Error(`invalid DCT "${dct}": expected YYYY-MM-DD`);
  const chosen = select(collect(text), text.length);
  const out: Timex[] = [];
  let anchor: Cal = dctCal;
  let anchorEnd = -Infinity;
  for (const c of chosen) {
    let tense: Tense | undefined;
    const ctx: Ctx = {
      dct: dctCal,
      anchor,
      anchorDistance: c.start - anchorEnd,
      tense: () => (tense ??= tenseAt(text, c.start, c.end)),
      before: text.slice(Math.max(0, c.start - 40), c.start),
      after: text.slice(c.end, c.end + 40),
    };
    const match = text.slice(c.start, c.end);
    const norm = c.rule.norm(c.groups, ctx, match);
    if (!norm) continue;
    out.push({ start: c.start, end: c.end, text: match, type: norm.type, value: norm.value });
    if (norm.setsAnchor !== false && (norm.type === 'DATE' || norm.type === 'TIME')) {
      const cal = parseCal(norm.value);
      if (cal) {
        anchor = cal;
        anchorEnd = c.end;
      }
    }
  }
  return out;
}

/** Calendar precision of a value: null for durations, sets, *_REF, decades, seasons, quarters and the like. */
export function timexPrecision(value: string): 'day' | 'week' | 'month' | 'year' | null {
  if (/^\d{4}-\d{2}-\d{2}(?:T.*)?$/.test(value)) return 'day';
  if (/^\d{4}-W\d{1,2}$/.test(value)) return 'week';
  if (/^\d{4}-\d{2}$/.test(value)) return 'month';
  if (/^\d{4}$/.test(value)) return 'year';
  return null;
}

// Is an article about a topic? A small additive score whose every contribution is listed in `reasons`,
// so a user can see why an item was (not) taken. Mentions in the title count most, then the lead
// (first sentences), then repeated mentions in the body; full names add a little; exclusion terms
// (another case that shares the vocabulary) subtract.

export interface RelevanceTopic {
  name: string;
  keywords: string[];
  aliases: string[];
  exclude: string[];
}

export interface RelevanceOptions {
  /** `related` when score >= threshold. */
  threshold?: number;
  /** How many sentences make the lead. */
  leadSentences?: number;
}

export interface Relevance {
  score: number;
  related: boolean;
  reasons: string[];
}

/** Points per feature; caps keep a long article from scoring on repetition alone. */
const WEIGHTS = {
  title: 3,
  lead: 2.5,
  leadRepeat: 1,
  bodyMention: 0.5,
  bodyCap: 3,
  fullName: 1,
  keepsToSubject: 1,
  excludedInTitle: -3,
  excludedInLead: -1.5,
  excludedInBody: -0.5,
  excludedBodyCap: -1.5,
} as const;

const DEFAULT_THRESHOLD = 3;
/** The share of the body's sentences that name the subject for the body to be about it. */
const KEEPS_TO_SUBJECT = 0.3;

// Hyphens match spaces and spaced hyphens ("Strauss-Kahn", "Strauss Kahn", "Strauss - Kahn").
const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/\s*[-‐‑]\s*/g, ' ').toLowerCase();
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whole-word, case- and accent-insensitive matches of any phrase, longest first, not overlapping;
 * each match is reported as the phrase was written in the topic.
 */
function matcher(phrases: string[]): (text: string) => string[] {
  const byFolded = new Map(phrases.map((p) => p.trim()).filter(Boolean).map((p) => [fold(p), p] as const));
  const terms = [...byFolded.keys()].sort((a, b) => b.length - a.length);
  if (terms.length === 0) return () => [];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${terms.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'gu');
  return (text) => (fold(text).match(pattern) ?? []).map((match) => byFolded.get(match) ?? match);
}

function splitLead(text: string, sentences: number): { lead: string; body: string; bodySentences: string[] } {
  const parts = text.split(/(?<=[.!?]["”’)]?)\s+(?=[\p{Lu}"“‘(])/u);
  return { lead: parts.slice(0, sentences).join(' '), body: parts.slice(sentences).join(' '), bodySentences: parts.slice(sentences) };
}

const quoteAll = (terms: string[]) => [...new Set(terms)].map((t) => `"${t}"`).join(', ');
const signed = (points: number) => (points >= 0 ? `+${points}` : `${points}`);

export function scoreRelevance(item: { title: string; text: string }, topic: RelevanceTopic, opts: RelevanceOptions = {}): Relevance {
  const { threshold = DEFAULT_THRESHOLD, leadSentences = 2 } = opts;
  const terms = [topic.name, ...topic.keywords, ...topic.aliases];
  const mentions = matcher(terms);
  const excluded = matcher(topic.exclude);
  const fullNames = new Set(terms.map((t) => t.trim()).filter((t) => /\s/.test(t)));
  const { lead, body, bodySentences } = splitLead(item.text, leadSentences);

  const reasons: string[] = [];
  let score = 0;
  const add = (points: number, reason: string) => {
    if (points === 0) return;
    score += points;
    reasons.push(`${reason} ${signed(points)}`);
  };

  const inTitle = mentions(item.title);
  const inLead = mentions(lead);
  const inBody = mentions(body);
  if (inTitle.length > 0) add(WEIGHTS.title, `title has ${quoteAll(inTitle)}`);
  if (inLead.length > 0) add(WEIGHTS.lead, `lead has ${quoteAll(inLead)}`);
  if (inLead.length > 1) add(WEIGHTS.leadRepeat, `lead mentions it ${inLead.length}×`);
  add(Math.min(WEIGHTS.bodyCap, inBody.length * WEIGHTS.bodyMention), `body mentions it ${inBody.length}×`);
  // A short body that keeps coming back to the subject is about it, however few its sentences.
  const naming = bodySentences.filter((sentence) => mentions(sentence).length > 0).length;
  if (naming >= 2 && naming / bodySentences.length >= KEEPS_TO_SUBJECT) add(WEIGHTS.keepsToSubject, `${naming} of the body's ${bodySentences.length} sentences name it`);
  const names = [...inTitle, ...inLead, ...inBody].filter((m) => fullNames.has(m));
  if (names.length > 0) add(WEIGHTS.fullName, `full name ${quoteAll(names)}`);

  const exTitle = excluded(item.title);
  const exLead = excluded(lead);
  const exBody = excluded(body);
  if (exTitle.length > 0) add(WEIGHTS.excludedInTitle * new Set(exTitle).size, `title has excluded ${quoteAll(exTitle)}`);
  if (exLead.length > 0) add(WEIGHTS.excludedInLead * new Set(exLead).size, `lead has excluded ${quoteAll(exLead)}`);
  add(Math.max(WEIGHTS.excludedBodyCap, exBody.length * WEIGHTS.excludedInBody), `body has excluded ${quoteAll(exBody)}`);

  const related = score >= threshold;
  reasons.push(`score ${score} ${related ? '>=' : '<'} threshold ${threshold}`);
  return { score, related, reasons };
}

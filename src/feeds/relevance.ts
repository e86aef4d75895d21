// Is an article about a topic? A small additive score whose every contribution is listed in `reasons`,
// so a user can see why an item was (not) taken. Mentions in the title count most, then the lead
// (first sentences), then repeated mentions in the body; full names add a little; so does the subject being one of
// the names the article keeps coming back to, or being named early; a subject buried under many other names loses;
// exclusion terms (another case that shares the vocabulary) subtract.

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

/** What the score is made of: the mentions found, where, and how the subject stands among the article's names. */
export interface RelevanceFeatures {
  inTitle: string[];
  inLead: string[];
  inBody: string[];
  /** Sentences in the lead, and after it. */
  leadSentences: number;
  bodySentences: number;
  /** Body sentences that name the subject. */
  naming: number;
  /** Mentions that are a configured full name (a term of several words). */
  fullNames: string[];
  /** The article's sentence (0-based, lead included) that first names the subject; null when none does. */
  firstNamedAt: number | null;
  /** Other capitalised names (words) the article's text names more often than it names the subject. */
  outranking: number;
  exTitle: string[];
  exLead: string[];
  exBody: string[];
}

/** Points per feature; caps keep a long article from scoring on repetition alone. */
export const RELEVANCE_WEIGHTS = {
  title: 3,
  lead: 2.5,
  leadRepeat: 1,
  bodyMention: 0.5,
  bodyCap: 3,
  fullName: 1,
  keepsToSubject: 1,
  /** Named `focusMentions` times or more, and at most `focusOutranked` other names are named more often. */
  focus: 0.5,
  focusMentions: 3,
  focusOutranked: 1,
  /** At least `buriedOutranked` other names are named more often than the subject. */
  buried: -3,
  buriedOutranked: 20,
  /** Not in the lead, named twice or more, first in one of the `earlySentences` sentences after it. */
  early: 1,
  earlySentences: 2,
  excludedInTitle: -3,
  excludedInLead: -1.5,
  excludedInBody: -0.5,
  excludedBodyCap: -1.5,
};

export type RelevanceWeights = typeof RELEVANCE_WEIGHTS;

const DEFAULT_THRESHOLD = 3;
const DEFAULT_LEAD_SENTENCES = 2;
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

/**
 * The words that name the subject: its keywords and aliases. Not the topic's command name, which is chosen to be
 * typed and may be a common word (/jobs for Steve Jobs would take every article about jobs).
 */
const termsOf = (topic: RelevanceTopic) => [...topic.keywords, ...topic.aliases];

/** The topic's mentions in a text (its keywords and aliases), as the topic writes them. */
export const topicMentions = (topic: RelevanceTopic): ((text: string) => string[]) => matcher(termsOf(topic));

const splitSentences = (text: string) => text.split(/(?<=[.!?]["”’)]?)\s+(?=[\p{Lu}"“‘(])/u);

/**
 * How many other names the sentences name more often than `named` times: capitalised words not opening a sentence,
 * counted by word, the subject's own words left out.
 */
function outranking(sentences: string[], subjectWords: ReadonlySet<string>, named: number): number {
  const counts = new Map<string, number>();
  for (const sentence of sentences) {
    for (const word of (sentence.match(/\p{L}+/gu) ?? []).slice(1)) {
      if (word.length < 2 || !/^\p{Lu}/u.test(word)) continue;
      const folded = fold(word);
      if (!subjectWords.has(folded)) counts.set(folded, (counts.get(folded) ?? 0) + 1);
    }
  }
  return [...counts.values()].filter((count) => count > named).length;
}

export function relevanceFeatures(item: { title: string; text: string }, topic: RelevanceTopic, leadSentences = DEFAULT_LEAD_SENTENCES): RelevanceFeatures {
  const terms = termsOf(topic);
  const mentions = matcher(terms);
  const excluded = matcher(topic.exclude);
  const fullNames = new Set(terms.map((t) => t.trim()).filter((t) => /\s/.test(t)));
  const sentences = splitSentences(item.text);
  const lead = sentences.slice(0, leadSentences).join(' ');
  const bodySentences = sentences.slice(leadSentences);
  const body = bodySentences.join(' ');
  // Each sentence is matched once; the lead's and the body's mentions are their sentences'.
  const perSentence = sentences.map(mentions);
  const inTitle = mentions(item.title);
  const inLead = perSentence.slice(0, leadSentences).flat();
  const inBody = perSentence.slice(leadSentences).flat();
  const first = perSentence.findIndex((found) => found.length > 0);
  const subjectWords = new Set(terms.flatMap((term) => fold(term).match(/\p{L}+/gu) ?? []));
  return {
    inTitle,
    inLead,
    inBody,
    leadSentences,
    bodySentences: bodySentences.length,
    naming: perSentence.slice(leadSentences).filter((found) => found.length > 0).length,
    fullNames: [...inTitle, ...inLead, ...inBody].filter((m) => fullNames.has(m)),
    firstNamedAt: first < 0 ? null : first,
    outranking: inLead.length + inBody.length > 0 ? outranking(sentences, subjectWords, inLead.length + inBody.length) : 0,
    exTitle: excluded(item.title),
    exLead: excluded(lead),
    exBody: excluded(body),
  };
}

const quoteAll = (terms: string[]) => [...new Set(terms)].map((t) => `"${t}"`).join(', ');
const signed = (points: number) => (points >= 0 ? `+${points}` : `${points}`);
const ordinal = (n: number) => `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;

/** The score of an article's features, each contribution listed. */
export function scoreFeatures(f: RelevanceFeatures, opts: { threshold?: number; weights?: RelevanceWeights } = {}): Relevance {
  const { threshold = DEFAULT_THRESHOLD, weights: w = RELEVANCE_WEIGHTS } = opts;
  const reasons: string[] = [];
  let score = 0;
  const add = (points: number, reason: string) => {
    if (points === 0) return;
    score += points;
    reasons.push(`${reason} ${signed(points)}`);
  };

  if (f.inTitle.length > 0) add(w.title, `title has ${quoteAll(f.inTitle)}`);
  if (f.inLead.length > 0) add(w.lead, `lead has ${quoteAll(f.inLead)}`);
  if (f.inLead.length > 1) add(w.leadRepeat, `lead mentions it ${f.inLead.length}×`);
  add(Math.min(w.bodyCap, f.inBody.length * w.bodyMention), `body mentions it ${f.inBody.length}×`);
  // A short body that keeps coming back to the subject is about it, however few its sentences.
  if (f.naming >= 2 && f.naming / f.bodySentences >= KEEPS_TO_SUBJECT) add(w.keepsToSubject, `${f.naming} of the body's ${f.bodySentences} sentences name it`);
  if (f.fullNames.length > 0) add(w.fullName, `full name ${quoteAll(f.fullNames)}`);
  // How the subject stands among the names the article keeps naming: one of the first, or buried under many.
  const named = f.inLead.length + f.inBody.length;
  if (named >= w.focusMentions && f.outranking <= w.focusOutranked) {
    add(w.focus, f.outranking === 0 ? `named ${named}×, no other name more often` : `named ${named}×, ${f.outranking} other name${f.outranking > 1 ? 's' : ''} more often`);
  }
  if (named > 0 && f.outranking >= w.buriedOutranked) add(w.buried, `named ${named}×, ${f.outranking} other names more often`);
  if (named >= 2 && f.inLead.length === 0 && f.firstNamedAt !== null && f.firstNamedAt < f.leadSentences + w.earlySentences) {
    add(w.early, `first named in the ${ordinal(f.firstNamedAt + 1)} sentence`);
  }

  if (f.exTitle.length > 0) add(w.excludedInTitle * new Set(f.exTitle).size, `title has excluded ${quoteAll(f.exTitle)}`);
  if (f.exLead.length > 0) add(w.excludedInLead * new Set(f.exLead).size, `lead has excluded ${quoteAll(f.exLead)}`);
  add(Math.max(w.excludedBodyCap, f.exBody.length * w.excludedInBody), `body has excluded ${quoteAll(f.exBody)}`);

  const related = score >= threshold;
  reasons.push(`score ${score} ${related ? '>=' : '<'} threshold ${threshold}`);
  return { score, related, reasons };
}

export function scoreRelevance(item: { title: string; text: string }, topic: RelevanceTopic, opts: RelevanceOptions = {}): Relevance {
  return scoreFeatures(relevanceFeatures(item, topic, opts.leadSentences), opts);
}

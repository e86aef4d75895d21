import { contentWords, overlap } from './similarity.js';

// Step two: a candidate joins an existing event when the dates are compatible (checked by the caller's
// query) and the wording says it is the same happening.

/** Fewest shared content words, and smallest share of the shorter text, for two reports to be one event. */
export const MERGE_MIN_SHARED = 2;
export const MERGE_MIN_COEFFICIENT = 0.25;

export interface ExistingEvent {
  id: number;
  date: string;
  /** Summary and supporting sentences. */
  texts: string[];
}

export function chooseMergeTarget(
  candidate: { date: string; sentence: string },
  existing: ExistingEvent[],
  ignore: ReadonlySet<string>,
): ExistingEvent | undefined {
  const words = contentWords(candidate.sentence, ignore);
  let best: { event: ExistingEvent; score: number } | undefined;
  for (const event of existing) {
    const eventWords = contentWords(event.texts.join(' '), ignore);
    const { shared, coefficient } = overlap(words, eventWords);
    if (shared < MERGE_MIN_SHARED || coefficient < MERGE_MIN_COEFFICIENT) continue;
    const score = coefficient + (event.date === candidate.date ? 0.1 : 0);
    if (!best || score > best.score) best = { event, score };
  }
  return best?.event;
}

/** chooseMergeTarget over word sets the caller already has (ingest caches each event's words). */
export function chooseMergeTargetByWords<E extends { id: number; date: string; words: ReadonlySet<string> }>(
  candidate: { date: string; words: Set<string> },
  existing: E[],
): E | undefined {
  let best: { event: E; score: number } | undefined;
  for (const event of existing) {
    const { shared, coefficient } = overlap(candidate.words, event.words);
    if (shared < MERGE_MIN_SHARED || coefficient < MERGE_MIN_COEFFICIENT) continue;
    const score = coefficient + (event.date === candidate.date ? 0.1 : 0);
    if (!best || score > best.score) best = { event, score };
  }
  return best?.event;
}

import { overlap } from './similarity.js';

// Step two: a candidate joins an existing event when the dates are compatible (checked by the caller's
// query) and the wording says it is the same happening.

/** Fewest shared content words, and smallest share of the shorter text, for two reports to be one event. */
export const MERGE_MIN_SHARED = 2;
export const MERGE_MIN_COEFFICIENT = 0.25;

/**
 * The event a candidate reports, if any. Events on the candidate's very date are preferred: a day mention joins
 * a month or year event (or a month mention a finer one) only when nothing on its own date fits. A mention dated
 * only by its publication day joins events of that day alone.
 */
export function chooseMergeTargetByWords<E extends { words: ReadonlySet<string> }>(
  candidate: { words: Set<string>; implicit?: boolean },
  sameDate: E[],
  /** Events on other dates that hold the candidate's or lie inside it; read only when nothing on its date fits. */
  otherDates: () => E[],
): E | undefined {
  const best = (events: E[]): E | undefined => {
    let found: { event: E; score: number } | undefined;
    for (const event of events) {
      const { shared, coefficient } = overlap(candidate.words, event.words);
      if (shared < MERGE_MIN_SHARED || coefficient < MERGE_MIN_COEFFICIENT) continue;
      if (!found || coefficient > found.score) found = { event, score: coefficient };
    }
    return found?.event;
  };
  return best(sameDate) ?? (candidate.implicit ? undefined : best(otherDates()));
}

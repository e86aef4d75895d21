// TempEval-3 Task A scorer (see shared docs/evaluation.md §1): greedy one-to-one pairing by overlap in start order.
export interface ScoredTimex {
  start: number;
  end: number;
  type: string;
  value: string;
}

export interface Pair<G extends ScoredTimex, S extends ScoredTimex> {
  gold: G;
  sys: S;
}

export interface Counts {
  gold: number;
  sys: number;
  pairs: number;
  strict: number;
  value: number;
  type: number;
}

export interface Scores {
  relaxed: { p: number; r: number; f1: number };
  strict: { p: number; r: number; f1: number };
  valueF1: number;
  typeF1: number;
  counts: Counts;
}

const overlaps = (a: ScoredTimex, b: ScoredTimex): boolean => a.start < b.end && b.start < a.end;

/** Pairs gold and system timexes: walking both lists in order of start, each is paired with the first unpaired overlapping one. */
export function pairTimexes<G extends ScoredTimex, S extends ScoredTimex>(gold: G[], sys: S[]): Pair<G, S>[] {
  type Item = { kind: 'g'; t: G; i: number } | { kind: 's'; t: S; i: number };
  const items: Item[] = [
    ...gold.map((t, i): Item => ({ kind: 'g', t, i })),
    ...sys.map((t, i): Item => ({ kind: 's', t, i })),
  ].sort((a, b) => a.t.start - b.t.start || (a.kind === b.kind ? a.i - b.i : a.kind === 'g' ? -1 : 1));
  const usedG = new Set<number>();
  const usedS = new Set<number>();
  const pairs: Pair<G, S>[] = [];
  for (const it of items) {
    if (it.kind === 'g') {
      if (usedG.has(it.i)) continue;
      const j = sys.findIndex((s, k) => !usedS.has(k) && overlaps(it.t, s));
      if (j >= 0) {
        usedG.add(it.i);
        usedS.add(j);
        pairs.push({ gold: it.t, sys: sys[j]! });
      }
    } else {
      if (usedS.has(it.i)) continue;
      const j = gold.findIndex((g, k) => !usedG.has(k) && overlaps(g, it.t));
      if (j >= 0) {
        usedS.add(it.i);
        usedG.add(j);
        pairs.push({ gold: gold[j]!, sys: it.t });
      }
    }
  }
  return pairs;
}

export function countDoc(gold: ScoredTimex[], sys: ScoredTimex[]): Counts {
  const pairs = pairTimexes(gold, sys);
  return {
    gold: gold.length,
    sys: sys.length,
    pairs: pairs.length,
    strict: pairs.filter((p) => p.gold.start === p.sys.start && p.gold.end === p.sys.end).length,
    value: pairs.filter((p) => p.gold.value === p.sys.value).length,
    type: pairs.filter((p) => p.gold.type === p.sys.type).length,
  };
}

export function addCounts(a: Counts, b: Counts): Counts {
  return {
    gold: a.gold + b.gold,
    sys: a.sys + b.sys,
    pairs: a.pairs + b.pairs,
    strict: a.strict + b.strict,
    value: a.value + b.value,
    type: a.type + b.type,
  };
}

export const emptyCounts = (): Counts => ({ gold: 0, sys: 0, pairs: 0, strict: 0, value: 0, type: 0 });

const div = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** Micro-averaged scores from summed counts. */
export function scoresFromCounts(c: Counts): Scores {
  const total = c.gold + c.sys;
  return {
    relaxed: { p: div(c.pairs, c.sys), r: div(c.pairs, c.gold), f1: div(2 * c.pairs, total) },
    strict: { p: div(c.strict, c.sys), r: div(c.strict, c.gold), f1: div(2 * c.strict, total) },
    valueF1: div(2 * c.value, total),
    typeF1: div(2 * c.type, total),
    counts: c,
  };
}

export function scoreDocs(docs: { gold: ScoredTimex[]; sys: ScoredTimex[] }[]): Scores {
  return scoresFromCounts(docs.reduce((acc, d) => addCounts(acc, countDoc(d.gold, d.sys)), emptyCounts()));
}

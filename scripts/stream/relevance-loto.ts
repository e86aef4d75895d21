// The relevance weights of how the subject stands among the article's names (focus, buried) and of an early first
// mention, chosen leave one topic out (`npm run eval:stream -- --loto`): for each topic, the grid's weights that decide
// the other topics' articles best (F1; on a tie, the smaller weights) decide its own; the held-out decisions are
// pooled. Scored on the stream's articles as the feeds carry them (the replay takes the same ones), features computed
// once per article.
import { RELEVANCE_WEIGHTS, relevanceFeatures, scoreFeatures, type RelevanceFeatures, type RelevanceWeights } from '../../src/feeds/relevance.js';
import type { TopicStream } from './dev-stream.js';

const GRID: RelevanceWeights[] = [0, 0.5, 1, 1.5, 2].flatMap((focus) => [0, 1, 2].flatMap((focusOutranked) =>
  [0, -1, -3].flatMap((buried) => [10, 20, 30].flatMap((buriedOutranked) => [0, 0.5, 1].flatMap((early) =>
    [2, 4].map((earlySentences) => ({ ...RELEVANCE_WEIGHTS, focus, focusOutranked, buried, buriedOutranked, early, earlySentences })))))));

/** `positive`: by the corpus (the topic's own articles); `audited`: as read by hand where that was in doubt. */
interface Case { topic: string; positive: boolean; audited: boolean; features: RelevanceFeatures }
interface Counts { tp: number; fp: number; fn: number }

const describe = (w: RelevanceWeights) =>
  `focus ${w.focus} (≥ ${w.focusMentions}×, ≤ ${w.focusOutranked} outranking), buried ${w.buried} (≥ ${w.buriedOutranked}), early ${w.early} (${w.earlySentences} sentences)`;

/** `audit`: the hand-read labels (dev-stream.ts, readRelevanceAudit). */
export function relevanceLooTable(streams: TopicStream[], audit: ReadonlyMap<string, boolean>): string {
  const cases: Case[] = streams.flatMap((stream) => {
    const topic = { ...stream.topic, exclude: [] };
    return [...stream.positives.map((a) => [a, true] as const), ...stream.negatives.map((a) => [a, false] as const)]
      .map(([article, positive]) => ({ topic: stream.topic.dir, positive, audited: audit.get(`${stream.topic.dir}|${article.key}`) ?? positive, features: relevanceFeatures(article, topic) }));
  });
  const decisions = (weights: RelevanceWeights) => cases.map((c) => scoreFeatures(c.features, { weights }).related);
  const runs = GRID.map(decisions);
  const counts = (taken: boolean[], keep: (topic: string) => boolean, truth: (c: Case) => boolean = (c) => c.positive): Counts => {
    const n = { tp: 0, fp: 0, fn: 0 };
    cases.forEach((c, i) => {
      if (!keep(c.topic)) return;
      if (taken[i] && truth(c)) n.tp++;
      else if (taken[i]) n.fp++;
      else if (truth(c)) n.fn++;
    });
    return n;
  };
  const f1 = (n: Counts) => (2 * n.tp) / (2 * n.tp + n.fp + n.fn || 1);
  const size = (w: RelevanceWeights) => Math.abs(w.focus) + Math.abs(w.buried) + Math.abs(w.early);
  /** The grid's best weights on the topics `keep` admits. */
  const pick = (keep: (topic: string) => boolean) => {
    const objective = runs.map((taken) => f1(counts(taken, keep)));
    return GRID.map((_, i) => i).reduce((a, b) => (objective[b]! > objective[a]! || (objective[b] === objective[a] && size(GRID[b]!) < size(GRID[a]!)) ? b : a));
  };
  const lines: string[] = [];
  const held: Counts = { tp: 0, fp: 0, fn: 0 };
  const heldAudited: Counts = { tp: 0, fp: 0, fn: 0 };
  const add = (sum: Counts, n: Counts) => (sum.tp += n.tp, sum.fp += n.fp, sum.fn += n.fn);
  for (const stream of streams) {
    const dir = stream.topic.dir;
    const best = pick((topic) => topic !== dir);
    add(held, counts(runs[best]!, (topic) => topic === dir));
    add(heldAudited, counts(runs[best]!, (topic) => topic === dir, (c) => c.audited));
    lines.push(`held out ${stream.topic.name}: picked ${describe(GRID[best]!)}`);
  }
  lines.push(`all topics: picked ${describe(GRID[pick(() => true)]!)}`);
  const pr = (n: Counts) => `${(n.tp / (n.tp + n.fp || 1)).toFixed(3)} / ${(n.tp / (n.tp + n.fn || 1)).toFixed(3)}`;
  const row = (name: string, n: Counts, audited: Counts) => `| ${name} | ${pr(n)} | ${n.fp} | ${n.fn} | ${pr(audited)} |`;
  const all = (taken: boolean[]) => [counts(taken, () => true), counts(taken, () => true, (c) => c.audited)] as const;
  const without = decisions({ ...RELEVANCE_WEIGHTS, focus: 0, buried: 0, early: 0 });
  return [...lines, '', '| relevance | P / R | off-topic taken | on-topic left | P / R, audited labels |', '|---|---|---|---|---|',
    row('without focus, buried and early', ...all(without)),
    row(`weights in force (${describe(RELEVANCE_WEIGHTS)}), all topics`, ...all(decisions(RELEVANCE_WEIGHTS))),
    row('leave-one-topic-out, held-out topics pooled', held, heldAudited)].join('\n');
}

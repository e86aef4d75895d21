// Scores the TIMEX3 tagger on TimeML corpora (TempEval-3 Task A) beside a plain chrono-node pass, by TIMEX3 type and
// by document fold, and lists its errors by kind and pattern. --compare-tls runs it beside chrono-node and
// compromise-dates over the TLS dev articles and lists what they find and it does not (candidate misses).
// Usage: npm run eval:timex -- DIR... [--json] [--examples N] [--patterns N] [--folds K]
//        npm run eval:timex -- --compare-tls [TLS_DIR] [--sample N] [--examples N]
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tagTimexes, type Timex, type TimexType } from '../src/core/timex/index.js';
import { readTimeML, type GoldTimex, type TimeMLDoc } from '../src/core/timex/timeml.js';
import { type Counts, type Scores, addCounts, countDoc, emptyCounts, pairTimexes, scoresFromCounts } from '../src/core/timex/score.js';
import { chronoTimexes, compareTls, shape } from './timex-compare.js';

type Kind = 'missed' | 'spurious' | 'wrong extent' | 'wrong value' | 'wrong type';
interface ErrorItem { kind: Kind; pattern: string; example: string }

function docErrors(file: string, text: string, gold: GoldTimex[], sys: Timex[]): ErrorItem[] {
  const pairs = pairTimexes(gold, sys);
  const pg = new Set(pairs.map((p) => p.gold));
  const ps = new Set(pairs.map((p) => p.sys));
  const ctx = (s: number, e: number): string =>
    `${text.slice(Math.max(0, s - 30), s)}[[${text.slice(s, e)}]]${text.slice(e, e + 30)}`.replace(/\s+/g, ' ');
  const errs: ErrorItem[] = [];
  for (const g of gold) if (!pg.has(g)) errs.push({ kind: 'missed', pattern: `${g.type} ${shape(g.text)}`, example: `${file}: ${ctx(g.start, g.end)} gold=${g.value}` });
  for (const s of sys) if (!ps.has(s)) errs.push({ kind: 'spurious', pattern: `${s.type} ${shape(s.text)}`, example: `${file}: ${ctx(s.start, s.end)} sys=${s.value}` });
  for (const { gold: g, sys: s } of pairs) {
    if (g.start !== s.start || g.end !== s.end) errs.push({ kind: 'wrong extent', pattern: `"${shape(g.text)}" vs "${shape(s.text)}"`, example: `${file}: gold ${ctx(g.start, g.end)} sys "${s.text}"` });
    if (g.value !== s.value) errs.push({ kind: 'wrong value', pattern: `${shape(g.text)}: ${g.value.replace(/\d/g, 'D')} vs ${s.value.replace(/\d/g, 'D')}`, example: `${file}: ${ctx(g.start, g.end)} gold=${g.value} sys=${s.value}` });
    if (g.type !== s.type) errs.push({ kind: 'wrong type', pattern: `${shape(g.text)}: ${g.type} vs ${s.type}`, example: `${file}: "${g.text}" gold=${g.type} sys=${s.type} (${g.value}/${s.value})` });
  }
  return errs;
}

const TYPES: TimexType[] = ['DATE', 'TIME', 'DURATION', 'SET'];

/** Counts of one TIMEX3 type: gold and system timexes of that type, pairs by each side's type, value matches by gold type. */
interface TypeCounts { gold: number; sys: number; pairedGold: number; pairedSys: number; value: number }
type ByType = Record<TimexType, TypeCounts>;
const emptyByType = (): ByType => Object.fromEntries(TYPES.map((t) => [t, { gold: 0, sys: 0, pairedGold: 0, pairedSys: 0, value: 0 }])) as ByType;

function addByType(acc: ByType, gold: GoldTimex[], sys: Timex[]): void {
  for (const g of gold) acc[g.type].gold++;
  for (const s of sys) acc[s.type].sys++;
  for (const p of pairTimexes(gold, sys)) {
    acc[p.gold.type].pairedGold++;
    acc[p.sys.type].pairedSys++;
    if (p.gold.value === p.sys.value) acc[p.gold.type].value++;
  }
}

interface DocResult { file: string; counts: Counts; baseline: Counts }
export interface DirResult { dir: string; docs: DocResult[]; scores: Scores; baseline: Scores; byType: ByType; errors: ErrorItem[] }

export function evaluateDir(dir: string): DirResult {
  const files = readdirSync(dir).filter((f) => f.endsWith('.tml')).sort();
  const docs: DocResult[] = [];
  const byType = emptyByType();
  const errors: ErrorItem[] = [];
  for (const f of files) {
    const doc: TimeMLDoc = readTimeML(join(dir, f));
    const sys = tagTimexes(doc.text, doc.dct);
    docs.push({ file: f, counts: countDoc(doc.timexes, sys), baseline: countDoc(doc.timexes, chronoTimexes(doc.text, doc.dct)) });
    addByType(byType, doc.timexes, sys);
    errors.push(...docErrors(f, doc.text, doc.timexes, sys));
  }
  const sum = (pick: (d: DocResult) => Counts, of: DocResult[]): Scores => scoresFromCounts(of.reduce((acc, d) => addCounts(acc, pick(d)), emptyCounts()));
  return { dir, docs, scores: sum((d) => d.counts, docs), baseline: sum((d) => d.baseline, docs), byType, errors };
}

/** K folds by document (the i-th file of the sorted list goes to fold i mod K), scored with the rules as they are. */
export function foldScores(r: DirResult, k: number): Scores[] {
  return Array.from({ length: k }, (_, fold) =>
    scoresFromCounts(r.docs.filter((_, i) => i % k === fold).reduce((acc, d) => addCounts(acc, d.counts), emptyCounts())));
}

const pct = (x: number): string => (100 * x).toFixed(2);
const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

function typeTable(byType: ByType): string[] {
  const lines = ['type        gold  system  relaxed P  relaxed R  value F1'];
  for (const t of TYPES) {
    const c = byType[t];
    lines.push(`${t.padEnd(10)} ${String(c.gold).padStart(5)} ${String(c.sys).padStart(7)}  ${pct(ratio(c.pairedSys, c.sys)).padStart(9)}  ${pct(ratio(c.pairedGold, c.gold)).padStart(9)}  ${pct(ratio(2 * c.value, c.gold + c.sys)).padStart(8)}`);
  }
  return lines;
}

function foldTable(r: DirResult, k: number): string[] {
  const folds = foldScores(r, k);
  const lines = [`${k} folds by document, rules frozen:`, 'fold  docs  gold  value F1  relaxed P  relaxed R'];
  folds.forEach((s, i) => {
    const docs = r.docs.filter((_, j) => j % k === i).length;
    lines.push(`${String(i + 1).padStart(4)} ${String(docs).padStart(5)} ${String(s.counts.gold).padStart(5)}  ${pct(s.valueF1).padStart(8)}  ${pct(s.relaxed.p).padStart(9)}  ${pct(s.relaxed.r).padStart(9)}`);
  });
  const values = folds.map((s) => s.valueF1);
  const recalls = folds.map((s) => s.relaxed.r);
  lines.push(`min value F1 ${pct(Math.min(...values))}, max ${pct(Math.max(...values))}; min relaxed R ${pct(Math.min(...recalls))}, max ${pct(Math.max(...recalls))}`);
  return lines;
}

function report(r: DirResult, examples: number, patterns: number, folds: number): string {
  const s = r.scores;
  const b = r.baseline;
  const lines = [
    `== ${r.dir} (${r.docs.length} docs, gold ${s.counts.gold}, system ${s.counts.sys})`,
    `relaxed P ${pct(s.relaxed.p)}  R ${pct(s.relaxed.r)}  F1 ${pct(s.relaxed.f1)}`,
    `strict F1 ${pct(s.strict.f1)}   value F1 ${pct(s.valueF1)}   type F1 ${pct(s.typeF1)}`,
    `baseline (chrono-node casual, dates and times only): relaxed P ${pct(b.relaxed.p)}  R ${pct(b.relaxed.r)}  value F1 ${pct(b.valueF1)}`,
    '',
    ...typeTable(r.byType),
  ];
  if (folds > 1) lines.push('', ...foldTable(r, folds));
  const kinds: Kind[] = ['missed', 'spurious', 'wrong extent', 'wrong value', 'wrong type'];
  for (const kind of kinds) {
    const items = r.errors.filter((e) => e.kind === kind);
    lines.push('', `-- ${kind}: ${items.length}`);
    const byPattern = new Map<string, ErrorItem[]>();
    for (const e of items) byPattern.set(e.pattern, [...(byPattern.get(e.pattern) ?? []), e]);
    const sorted = [...byPattern.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
    for (const [pattern, list] of sorted.slice(0, patterns)) {
      lines.push(`  ${String(list.length).padStart(4)}  ${pattern}`);
      for (const e of list.slice(0, examples)) lines.push(`          ${e.example}`);
    }
    if (sorted.length > patterns) lines.push(`        … ${sorted.length - patterns} more patterns`);
  }
  return lines.join('\n');
}

const VALUE_FLAGS = ['--examples', '--patterns', '--folds', '--sample', '--compare-tls'];

function main(argv: string[]): number {
  const json = argv.includes('--json');
  const num = (flag: string, dflt: number): number => {
    const i = argv.indexOf(flag);
    return i >= 0 ? Number(argv[i + 1]) : dflt;
  };
  const examples = num('--examples', 2);
  const patterns = num('--patterns', 25);
  const folds = num('--folds', 5);
  const compare = argv.indexOf('--compare-tls');
  if (compare >= 0) {
    const dir = argv[compare + 1] && !argv[compare + 1]!.startsWith('--') ? argv[compare + 1]! : undefined;
    process.stdout.write(compareTls({ dir, sample: num('--sample', 400), examples, patterns }) + '\n');
    return 0;
  }
  const dirs = argv.filter((a, i) => !a.startsWith('--') && !VALUE_FLAGS.includes(argv[i - 1] ?? ''));
  if (dirs.length === 0) {
    process.stderr.write('usage: npm run eval:timex -- DIR... [--json] [--examples N] [--patterns N] [--folds K]\n'
      + '       npm run eval:timex -- --compare-tls [TLS_DIR] [--sample N] [--examples N] [--patterns N]\n');
    return 2;
  }
  // A file or a folder without TimeML (a shell glob over the corpus's folder takes its README too) gets a message.
  const notCorpora = dirs.filter((dir) => !existsSync(dir) || !statSync(dir).isDirectory() || !readdirSync(dir).some((f) => f.endsWith('.tml')));
  if (notCorpora.length > 0) {
    process.stderr.write(`not a folder of TimeML (.tml) files: ${notCorpora.join(', ')}\n`);
    return 2;
  }
  const results = dirs.map(evaluateDir);
  if (json) {
    const out = results.map((r) => ({
      dir: r.dir, docs: r.docs.length,
      relaxed: r.scores.relaxed, strictF1: r.scores.strict.f1, valueF1: r.scores.valueF1, typeF1: r.scores.typeF1,
      counts: r.scores.counts,
      byType: r.byType,
      folds: foldScores(r, folds).map((s) => ({ valueF1: s.valueF1, relaxed: s.relaxed })),
      baseline: { relaxed: r.baseline.relaxed, valueF1: r.baseline.valueF1 },
    }));
    process.stdout.write(JSON.stringify(out.length === 1 ? out[0] : out, null, 2) + '\n');
  } else {
    process.stdout.write(results.map((r) => report(r, examples, patterns, folds)).join('\n\n') + '\n');
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));

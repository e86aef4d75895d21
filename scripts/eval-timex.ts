// Scores the TIMEX3 tagger on TimeML corpora (TempEval-3 Task A) and lists its errors by kind and pattern.
// Usage: npm run eval:timex -- DIR... [--json] [--examples N]
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tagTimexes, type Timex } from '../src/core/timex/index.js';
import { readTimeML, type GoldTimex } from '../src/core/timex/timeml.js';
import { type Counts, type Scores, addCounts, countDoc, emptyCounts, pairTimexes, scoresFromCounts } from '../src/core/timex/score.js';

type Kind = 'missed' | 'spurious' | 'wrong extent' | 'wrong value' | 'wrong type';
interface ErrorItem { kind: Kind; pattern: string; example: string }

/** Shape of an expression, so that "March 3" and "June 12" group together. */
function shape(s: string): string {
  return s
    .toLowerCase()
    .replace(/\b(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?/g, 'MONTH')
    .replace(/\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/g, 'WEEKDAY')
    .replace(/\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty)\b/g, 'NUM')
    .replace(/\d+/g, 'D');
}

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

export interface DirResult { dir: string; docs: number; scores: Scores; errors: ErrorItem[] }

export function evaluateDir(dir: string): DirResult {
  const files = readdirSync(dir).filter((f) => f.endsWith('.tml')).sort();
  let counts: Counts = emptyCounts();
  const errors: ErrorItem[] = [];
  for (const f of files) {
    const doc = readTimeML(join(dir, f));
    const sys = tagTimexes(doc.text, doc.dct);
    counts = addCounts(counts, countDoc(doc.timexes, sys));
    errors.push(...docErrors(f, doc.text, doc.timexes, sys));
  }
  return { dir, docs: files.length, scores: scoresFromCounts(counts), errors };
}

const pct = (x: number): string => (100 * x).toFixed(2);

function report(r: DirResult, examples: number, patterns: number): string {
  const s = r.scores;
  const lines = [
    `== ${r.dir} (${r.docs} docs, gold ${s.counts.gold}, system ${s.counts.sys})`,
    `relaxed P ${pct(s.relaxed.p)}  R ${pct(s.relaxed.r)}  F1 ${pct(s.relaxed.f1)}`,
    `strict F1 ${pct(s.strict.f1)}   value F1 ${pct(s.valueF1)}   type F1 ${pct(s.typeF1)}`,
  ];
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

function main(argv: string[]): number {
  const json = argv.includes('--json');
  const num = (flag: string, dflt: number): number => {
    const i = argv.indexOf(flag);
    return i >= 0 ? Number(argv[i + 1]) : dflt;
  };
  const examples = num('--examples', 2);
  const patterns = num('--patterns', 25);
  const dirs = argv.filter((a, i) => !a.startsWith('--') && !['--examples', '--patterns'].includes(argv[i - 1] ?? ''));
  if (dirs.length === 0) {
    process.stderr.write('usage: npm run eval:timex -- DIR... [--json] [--examples N] [--patterns N]\n');
    return 2;
  }
  const results = dirs.map(evaluateDir);
  if (json) {
    const out = results.map((r) => ({
      dir: r.dir, docs: r.docs,
      relaxed: r.scores.relaxed, strictF1: r.scores.strict.f1, valueF1: r.scores.valueF1, typeF1: r.scores.typeF1,
      counts: r.scores.counts,
    }));
    process.stdout.write(JSON.stringify(out.length === 1 ? out[0] : out, null, 2) + '\n');
  } else {
    process.stdout.write(results.map((r) => report(r, examples, patterns)).join('\n\n') + '\n');
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));

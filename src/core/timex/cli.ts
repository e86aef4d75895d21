// `dateline timex`: tag temporal expressions in stdin (plain text, or JSON lines with --jsonl).
import { createInterface } from 'node:readline';
import { parseDct } from './calendar.js';
import { type Timex, tagTimexes } from './index.js';

const USAGE = 'usage: dateline timex --dct YYYY-MM-DD [--json] < text\n       dateline timex --jsonl < lines of {"id","dct","text"}\n';

async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: string[] = [];
  input.setEncoding?.('utf8');
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
  return chunks.join('');
}

const plain = (t: Timex): { start: number; end: number; text: string; type: string; value: string } => ({
  start: t.start, end: t.end, text: t.text, type: t.type, value: t.value,
});

/** Marks each expression in the text as [[text|TYPE|value]]. */
export function markTimexes(text: string, timexes: Timex[]): string {
  let out = '';
  let last = 0;
  for (const t of timexes) {
    out += text.slice(last, t.start) + `[[${t.text}|${t.type}|${t.value}]]`;
    last = t.end;
  }
  return out + text.slice(last);
}

function write(output: NodeJS.WritableStream, s: string): void {
  output.write(s);
}

async function runJsonl(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<number> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of rl) {
    lineNo++;
    if (line.trim() === '') continue;
    let id: unknown = null;
    try {
      const obj: unknown = JSON.parse(line);
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new Error('expected a JSON object');
      const rec = obj as Record<string, unknown>;
      id = rec.id ?? null;
      if (typeof rec.text !== 'string') throw new Error('"text" must be a string');
      if (typeof rec.dct !== 'string' || !parseDct(rec.dct)) throw new Error('"dct" must be a date YYYY-MM-DD');
      const timexes = tagTimexes(rec.text, rec.dct).map(plain);
      write(output, JSON.stringify({ id, timexes }) + '\n');
    } catch (error) {
      const msg = error instanceof SyntaxError ? `line ${lineNo}: invalid JSON (${error.message})` : `line ${lineNo}: ${(error as Error).message}`;
      write(output, JSON.stringify({ id, error: msg }) + '\n');
    }
  }
  // Bad lines are reported in-band, one error object each; the batch itself succeeded.
  return 0;
}

/** Runs `timex …`; returns the exit code (2 for usage errors). */
export async function runTimexCommand(args: string[], input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<number> {
  let dct: string | undefined;
  let json = false;
  let jsonl = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json') json = true;
    else if (a === '--jsonl') jsonl = true;
    else if (a === '--dct') dct = args[++i];
    else if (a.startsWith('--dct=')) dct = a.slice(6);
    else if (a === '--help' || a === '-h') {
      write(output, USAGE);
      return 0;
    } else {
      write(output, `timex: unknown argument "${a}"\n${USAGE}`);
      return 2;
    }
  }
  if (jsonl) {
    if (dct !== undefined || json) {
      write(output, `timex: --jsonl takes the DCT from each line; do not combine it with --dct or --json\n${USAGE}`);
      return 2;
    }
    return runJsonl(input, output);
  }
  if (dct === undefined) {
    write(output, `timex: missing --dct YYYY-MM-DD (the document creation date that relative dates resolve against)\n${USAGE}`);
    return 2;
  }
  if (!parseDct(dct)) {
    write(output, `timex: invalid --dct "${dct}": expected a calendar date YYYY-MM-DD\n${USAGE}`);
    return 2;
  }
  const text = await readAll(input);
  const timexes = tagTimexes(text, dct);
  if (json) for (const t of timexes) write(output, JSON.stringify(plain(t)) + '\n');
  else write(output, markTimexes(text, timexes));
  return 0;
}

import type { CommandInput } from './types.js';

/** Longest command text we read; longer input is refused before any work is done. */
export const MAX_COMMAND_LENGTH = 500;

export type ParseResult = { ok: true; input: CommandInput } | { ok: false; message: string };

export interface ArgumentShape {
  /** Option names this command takes as key:value; other words stay in the free text. */
  options: readonly string[];
  /** Whether the first free word names a subcommand (as in /dateline subscribe …). */
  hasSubcommands: boolean;
}

/** Splits "/assange sweden 2015" into the command name and the rest. Names are case-insensitive. */
export function splitCommandLine(line: string): { name: string; rest: string } | null {
  const match = /^\s*\/?([\p{L}\p{N}_-]+)(?:\s+([\s\S]*))?$/u.exec(line);
  if (!match) return null;
  return { name: match[1]!.toLowerCase(), rest: (match[2] ?? '').trim() };
}

// A word made only of symbols, emoji and their joiners (🙂, 🇪🇨, →, ❤️): nothing a command can read.
const SYMBOLS_ONLY = /^[\p{S}\p{M}\p{Cf}]+$/u;
// Sentence marks around a word (2015!, #2015, embassy?) that carry no meaning for a query.
const EDGE_MARKS = /^#+|[!?,;]+$/gu;

/**
 * A free word as a command reads it: emoji and other symbol-only words are dropped (''), and stray marks at
 * its edges trimmed, so "/assange 🙂 2015" answers for 2015 instead of finding nothing to search for.
 */
export function tidyWord(word: string): string {
  if (SYMBOLS_ONLY.test(word)) return '';
  return word.replace(EDGE_MARKS, '') || word;
}

/** Free text with every word tidied (the query of a Discord option arrives as one string). */
export function tidyText(text: string): string {
  return text.split(/\s+/).map(tidyWord).filter(Boolean).join(' ');
}

// A word, a "quoted phrase", or key:value / key:"quoted value".
const TOKEN = /([a-z]+):(?:"([^"]*)"|(\S*))|"([^"]*)"|(\S+)/giu;

/**
 * Reads the text after a command name, the way Slack and the console deliver it:
 * key:value options (values may be quoted) and free words.
 */
export function parseArguments(name: string, text: string, shape: ArgumentShape): ParseResult {
  if (text.length > MAX_COMMAND_LENGTH) {
    return { ok: false, message: `That is ${text.length} characters long; keep a command under ${MAX_COMMAND_LENGTH}.` };
  }
  const options: Record<string, string> = {};
  const words: string[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const [, key, quotedValue, plainValue, quotedWord, word] = match;
    if (key !== undefined && shape.options.includes(key.toLowerCase())) {
      const optionName = key.toLowerCase();
      if (optionName in options) return { ok: false, message: `The option ${optionName} is given twice.` };
      options[optionName] = (quotedValue ?? plainValue ?? '').trim();
    } else {
      const free = quotedWord !== undefined ? `"${quotedWord}"` : tidyWord(word ?? match[0]);
      if (free !== '') words.push(free);
    }
  }
  const subcommand = shape.hasSubcommands && words.length > 0 ? words.shift()!.toLowerCase() : undefined;
  return { ok: true, input: { name, subcommand, options, text: words.join(' ') } };
}

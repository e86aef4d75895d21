// UTF-8 text that was once read as Windows-1252 ("â€™" for "’", "Ã©" for "é", "â€“" for "–"): common in scraped
// news. Each such run is turned back into its bytes and read as UTF-8 again, where that gives one valid character
// (ftfy's approach); anything else is left as it is.
import iconv from 'iconv-lite';

/** Each byte 0x80–0xFF by the characters it reads as: in Windows-1252, and in Latin-1 (C1 controls); U+FFFD stands
 * for 0x9D, the last byte of "”", which lenient decoders replace. */
const BYTE_OF = new Map<string, number>([['\uFFFD', 0x9d]]);
for (let byte = 0x80; byte <= 0xff; byte++) {
  const char = iconv.decode(Buffer.from([byte]), 'win1252');
  if (char !== '\uFFFD') BYTE_OF.set(char, byte);
  BYTE_OF.set(String.fromCharCode(byte), byte);
}

/** A lead byte's character (0xC2–0xF4) and the characters of continuation bytes (0x80–0xBF) after it. */
const CONTINUATION = [...BYTE_OF].filter(([, byte]) => byte < 0xc0).map(([char]) => char).join('');
const RUN = new RegExp(`[\\u00C2-\\u00F4][${CONTINUATION}]{1,3}`, 'g');
/** The same, where a tokenizer set a space or a line break between its characters ("â€ ™ s", "â€\\n™"). */
const SPLIT_RUN = new RegExp(`[\\u00C2-\\u00F4](?:\\s?[${CONTINUATION}]){1,3}`, 'g');
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Mojibake repaired. `acrossSpaces`: for tokenized research text, whose tokenizer split the runs themselves (in the
 * TLS dev corpora, 9,667 "â€ ™" and 1,426 runs across a line break, against 12 whole "â€“"); the space goes with the run.
 */
export function repairMojibake(text: string, acrossSpaces = false): string {
  if (!/[\u00C2-\u00F4]/.test(text)) return text;
  return text.replace(acrossSpaces ? SPLIT_RUN : RUN, (run) => {
    const lead = run.charCodeAt(0);
    const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    // The run's first `length` characters, spaces skipped, and where they end in the run.
    let end = 0;
    const chars: string[] = [];
    while (end < run.length && chars.length < length) {
      if (!/\s/.test(run[end]!)) chars.push(run[end]!);
      end++;
    }
    if (chars.length < length) return run;
    const bytes = chars.map((char) => BYTE_OF.get(char) ?? char.charCodeAt(0));
    try {
      return UTF8.decode(Uint8Array.from(bytes)) + run.slice(end);
    } catch {
      return run;
    }
  });
}

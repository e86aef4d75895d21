// Penn Treebank tokenized text back to ordinary prose, so research corpora go through the same extraction
// as real articles: brackets, quotes, clitics ("n't", "'s"), UTF-8 read as Windows-1252 ("â€™"), escaped slashes
// and asterisks ("A\/H1N1") and punctuation spacing. Line breaks are kept.
import { repairMojibake } from './mojibake.js';

const BRACKETS: Record<string, string> = {
  '-LRB-': '(', '-RRB-': ')', '-LSB-': '[', '-RSB-': ']', '-LCB-': '{', '-RCB-': '}',
};

export function detokenize(text: string): string {
  return repairMojibake(text, true).split('\n').map(detokenizeLine).join('\n');
}

function detokenizeLine(line: string): string {
  let out = line.replace(/-[LR][RSC]B-/g, (token) => BRACKETS[token] ?? token).replace(/\\([/*])/g, '$1');
  // Plain double quotes, set apart on both sides: alternate opening and closing. Before the punctuation is joined
  // to its word, which would join a closing quote's comma to it ("attack " , then") and hide the quote.
  let open = false;
  out = out.replace(/(^|\s)"(\s|$)/g, (_match, before: string, after: string) => {
    open = !open;
    return open ? `${before}"` : `"${after}`;
  });
  out = out
    .replace(/(^|\s)“\s+/g, '$1“')
    .replace(/\s+”(?=\s|$|[.,;:!?)])/g, '”')
    .replace(/``\s*/g, '“')
    .replace(/(^|\s)`\s*/g, '$1‘')
    .replace(/\s*''/g, '”')
    .replace(/\s+(n't|'s|'re|'ve|'ll|'d|'m|')(?=\s|$)/gi, '$1')
    // A curly apostrophe kept with the word before it: "mayor’ s", "don’ t".
    .replace(/(\p{L})’\s+(s|re|ve|ll|d|m|t)(?=\s|$|[.,;:!?])/giu, '$1’$2')
    .replace(/\s+([.,;:!?%])(?=\s|$|[”"')\]])/g, '$1')
    .replace(/([(\[{$£€])\s+/g, '$1')
    .replace(/\s+([)\]}])/g, '$1');
  return out.replace(/\s{2,}/g, ' ').trim();
}

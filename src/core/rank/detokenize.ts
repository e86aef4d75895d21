// Penn Treebank tokenized text back to ordinary prose, so research corpora go through the same extraction
// as real articles: brackets, quotes, clitics ("n't", "'s"), escaped slashes and asterisks ("A\/H1N1") and
// punctuation spacing. Line breaks are kept.

const BRACKETS: Record<string, string> = {
  '-LRB-': '(', '-RRB-': ')', '-LSB-': '[', '-RSB-': ']', '-LCB-': '{', '-RCB-': '}',
};

export function detokenize(text: string): string {
  return text.split('\n').map(detokenizeLine).join('\n');
}

function detokenizeLine(line: string): string {
  let out = line.replace(/-[LR][RSC]B-/g, (token) => BRACKETS[token] ?? token).replace(/\\([/*])/g, '$1');
  out = out
    .replace(/``\s*/g, '“')
    .replace(/\s*''/g, '”')
    .replace(/\s+(n't|'s|'re|'ve|'ll|'d|'m|')(?=\s|$)/gi, '$1')
    .replace(/\s+([.,;:!?%])(?=\s|$|[”"')\]])/g, '$1')
    .replace(/([(\[{$£€])\s+/g, '$1')
    .replace(/\s+([)\]}])/g, '$1');
  // Plain double quotes: alternate opening and closing.
  let open = false;
  out = out.replace(/(^|\s)"(\s|$)/g, (_match, before: string, after: string) => {
    open = !open;
    return open ? `${before}"` : `"${after}`;
  });
  return out.replace(/\s{2,}/g, ' ').trim();
}

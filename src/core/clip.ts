/** Share of the limit a cut may give back to end at a word boundary instead of inside a word. */
const WORD_SLACK = 0.2;

/**
 * Text cut to at most `max` characters (UTF-16 units, as the platforms count) with an ellipsis: at the last word
 * boundary when one is near, never inside a surrogate pair, so a clipped message ends cleanly.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const space = text.lastIndexOf(' ', end);
  const newline = text.lastIndexOf('\n', end);
  const boundary = Math.max(space, newline);
  if (boundary >= end * (1 - WORD_SLACK)) end = boundary;
  else if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}

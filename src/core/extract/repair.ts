// Text as it was written, before extraction reads it: three ways scraped and research text differs from what its
// authors wrote, each repaired only where the text shows it.
import { decodeHTMLStrict } from 'entities';
import { detokenize } from './detokenize.js';
import { repairMojibake } from './mojibake.js';

/**
 * Scraped text often keeps HTML's character references ("R&amp;B", "AT&amp;T": 233 in the TLS dev corpora's
 * articles). Outside markup they are read as the characters they stand for, as ftfy does; only complete references
 * ("&amp;", "&#39;"), so "AT&T" and "Q&A" stay as they are. Text holding tags is left alone: it may mean them.
 */
export function decodeStrayReferences(text: string): string {
  if (!text.includes('&') || /<[A-Za-z/!]/.test(text)) return text;
  return decodeHTMLStrict(text);
}

/**
 * Whether text is Penn Treebank tokenized, as research corpora are: brackets written -LRB-, quotes ``, or most
 * punctuation set apart by spaces ("said , then"). Ordinary prose sets almost none apart.
 */
export function looksTokenized(text: string): boolean {
  if (/-[LR][RSC]B-|``/.test(text)) return true;
  const apart = text.match(/\s[,.;:?!](?=\s|$)/g)?.length ?? 0;
  if (apart < 3) return false;
  const attached = text.match(/[^\s,.;:?!][,.;:?!](?=\s|$)/g)?.length ?? 0;
  return apart > attached;
}

/** Stray HTML references decoded; then tokenized text back to prose, or else mojibake repaired (detokenize does both). */
export function repairText(text: string): string {
  const decoded = decodeStrayReferences(text);
  return looksTokenized(decoded) ? detokenize(decoded) : repairMojibake(decoded);
}

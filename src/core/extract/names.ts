// The proper names a text mentions, as wink-nlp's part-of-speech tagger reads them: runs of two or more proper
// nouns ("New York", "International Monetary Fund", "Dominique Strauss-Kahn"). A tagger rather than capitalised
// words, so a sentence's opening word ("The International Monetary Fund", "In New York") is not taken for part of
// a name. Measured on the dev stream (`npm run eval:stream`), see README, Stories and alerts.
import { createRequire } from 'node:module';
import type winkNLP from 'wink-nlp';

type Tagger = ReturnType<typeof winkNLP>;
let tagger: Tagger | undefined;

/** The model takes about 45 MB and a quarter of a second to load: only a bot that groups stories pays for it. */
function loadTagger(): Tagger {
  if (!tagger) {
    const require = createRequire(import.meta.url);
    const load = require('wink-nlp') as typeof winkNLP;
    tagger = load(require('wink-eng-lite-web-model'), ['sbd', 'pos']);
  }
  return tagger;
}

/**
 * Tagging costs about 0.2 ms a lead, and story grouping reads the same open stories' leads for every new
 * article, so each text's names are kept (the latest few thousand texts).
 */
const cache = new Map<string, ReadonlySet<string>>();
const CACHE_SIZE = 4096;

function tagNames(text: string): ReadonlySet<string> {
  const nlp = loadTagger();
  const doc = nlp.readDoc(text);
  const tokens = doc.tokens().out() as string[];
  const tags = doc.tokens().out(nlp.its.pos) as string[];
  const found = new Set<string>();
  let run: string[] = [];
  const close = () => {
    if (run.length >= 2) found.add(run.join(' ').toLowerCase());
    run = [];
  };
  for (const [i, token] of tokens.entries()) {
    if (tags[i] === 'PROPN') run.push(token);
    // A hyphen inside a name ("Strauss-Kahn") is its own token.
    else if (!(token === '-' && run.length > 0 && tags[i + 1] === 'PROPN')) close();
  }
  close();
  return found;
}

/** Lower-cased multi-word proper names in the text. */
export function properNames(text: string): ReadonlySet<string> {
  const known = cache.get(text);
  if (known) return known;
  const found = tagNames(text);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(text, found);
  return found;
}

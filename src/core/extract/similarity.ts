// Whether two sentences describe the same happening: shared content words, ignoring the topic's own
// name (every sentence about Assange says "Assange") and function words.

const STOPWORDS = new Set(
  ('a an and are as at be been being but by for from had has have he her his in into is it its of on or ' +
    'she that the their them they this to was were which who will with would after before over under about ' +
    'than then there these those when where while said says say also not no one two three year years month ' +
    'months week weeks day days today yesterday last next earlier later ago since during early late new ' +
    'january february march april may june july august september october november december monday tuesday ' +
    'wednesday thursday friday saturday sunday him himself our we you your all more most other some such ' +
    'could should can may might did does do what how why any out up down off again further once here very')
    .split(' '),
);

/** In how many of the documents (sets of words or names) each word occurs. */
export function documentFrequency(documents: Iterable<Iterable<string>>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const document of documents) for (const word of document) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/** Crude stemming: enough to make "allegations" meet "allegation" and "granted" meet "grant". */
function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && (word.endsWith('ing') || word.endsWith('ed'))) return word.replace(/(ing|ed)$/, '');
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

export function contentWords(text: string, ignore: ReadonlySet<string> = new Set()): Set<string> {
  const words = new Set<string>();
  for (const raw of text.toLowerCase().match(/\p{L}[\p{L}'’-]*/gu) ?? []) {
    const word = raw.replace(/['’]s$/, '');
    if (word.length < 3 || STOPWORDS.has(word) || ignore.has(word)) continue;
    words.add(stem(word));
  }
  return words;
}

/** Words of a topic's name, keywords and aliases, which say nothing about which event a sentence reports. */
export function topicWords(topic: { name: string; keywords: string[]; aliases: string[] }): Set<string> {
  return new Set([topic.name, ...topic.keywords, ...topic.aliases].flatMap((phrase) => phrase.toLowerCase().match(/\p{L}+/gu) ?? []));
}

export interface Overlap {
  shared: number;
  /** Shared words over the smaller set's size. */
  coefficient: number;
}

export function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): Overlap {
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  const smaller = Math.min(a.size, b.size);
  return { shared, coefficient: smaller === 0 ? 0 : shared / smaller };
}

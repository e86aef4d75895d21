import type { Store } from '../../store/index.js';
import { chronicleEntry, cleanSentence, MAX_SUMMARY, readability } from '../extract/clean.js';
import { contentWords, documentFrequency, overlap } from '../extract/similarity.js';
import { eventFeatures, type EventFeatures, type EventSentence } from './features.js';
import { FITTED_MODEL } from './importance-model.js';

// Importance: a logistic model over an event's reporting features (features.ts), fitted on the TLS dev topics
// (`npm run eval:tls -- --fit` writes importance-model.ts), stored on each event so look-ups can rank without
// scoring at read time. On one date, the best event keeps its score and the others are demoted, so a period's
// first page shows different days before it shows a second event of the same day.

export interface ImportanceModel {
  /** Per feature, in FEATURE_NAMES order: standardisation, then weight. */
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
  /**
   * What an event keeps of its score when none of its sentences names the topic's subject (features.ts,
   * subjectWords); in between, in proportion to the share that do. 1 (or absent) turns it off. Chosen with the
   * weights by `npm run eval:tls -- --fit`: off-subject dates (schedules, feast days, asides) were picked as key
   * dates, above all on long topics about a person.
   */
  offSubject?: number;
}

export interface ScoredEvent extends EventFeatures {
  /** The model's score (with the off-subject factor), before demotion within the date. */
  score: number;
  /** The factor the score took for being off the topic's subject (1: none). */
  subjectFactor: number;
  /** What each feature added to the score's logit (standardised value × weight), in FEATURE_NAMES order. */
  parts: number[];
}

/** Each further event on an already represented date counts this much less, so pages show different days first. */
const SAME_DATE_DEMOTION = 0.05;
/** A summary that leads its article (its first body sentence or earlier) is preferred by this much. */
const LEAD_POSITION = 1;
const LEAD_BONUS = 0.3;
/**
 * A longer sentence (up to MAX_SUMMARY) is preferred by this much per LENGTH_UNIT characters, and one in the topic's
 * usual wording by SALIENCE_WEIGHT times the summed share of the topic's events that use each of its words: the
 * overlap centrality alone favours short sentences contained in others, which tell less (ROUGE-2 on the TLS dev
 * topics, `npm run eval:tls`, rose on 23 of 27 timelines with these).
 */
const LENGTH_WEIGHT = 1;
const LENGTH_UNIT = 240;
const SALIENCE_WEIGHT = 2;
/** Most sentences compared when choosing an event's most central mention. */
const MAX_SENTENCES_COMPARED = 40;

/**
 * A chronicle's entry, a sentence that opens with its day and a dash or colon ("Aug. 23 - Rebels take the
 * compound."), as timelines and factboxes inside news articles write them, is preferred by this much: an editor's
 * one-line account of that day. On the TLS dev topics (`npm run eval:tls`), T17's ROUGE-2 rose from 1.18× to 1.22×
 * the busiest days', and its same-date agreement by 19%.
 */
const CHRONICLE_BONUS = 0.5;
/**
 * A sentence further into its article than DEEP_POSITION is preferred less, by DEEP_WEIGHT for each doubling of its
 * place (at most 1): deep in a page are background, asides and, on pages that carry them, readers' comments, which
 * were some events' summaries (a reader's reply under a news column, the page's 281st sentence). On the TLS dev
 * topics (`npm run eval:tls`), ROUGE-2 rose on both datasets for every setting tried from place 20 or 30.
 */
const DEEP_POSITION = 20;
const DEEP_WEIGHT = 0.5;
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

function logit(model: ImportanceModel, values: number[]): { logit: number; parts: number[] } {
  const parts = values.map((v, i) => ((v - model.mean[i]!) / (model.scale[i] || 1)) * model.weights[i]!);
  return { logit: model.bias + parts.reduce((a, b) => a + b, 0), parts };
}

export function scoreFeatures(features: EventFeatures[], model: ImportanceModel = FITTED_MODEL): ScoredEvent[] {
  const floor = model.offSubject ?? 1;
  return features.map((f) => {
    const { logit: z, parts } = logit(model, f.values);
    const subjectFactor = floor + (1 - floor) * f.onSubject;
    return { ...f, score: sigmoid(z) * subjectFactor, subjectFactor, parts };
  });
}

/** Scores with, per date, every event after the best demoted (the stored importance). */
function withSameDateDemotion(scored: ScoredEvent[]): Map<number, number> {
  const byDate = new Map<string, ScoredEvent[]>();
  for (const event of scored) {
    const key = `${event.precision}:${event.date}`;
    byDate.set(key, [...(byDate.get(key) ?? []), event]);
  }
  const importance = new Map<number, number>();
  for (const events of byDate.values()) {
    events.sort((a, b) => b.score - a.score || a.eventId - b.eventId);
    events.forEach((event, rank) => importance.set(event.eventId, event.score * SAME_DATE_DEMOTION ** rank));
  }
  return importance;
}

/** The topic's events scored, by the shipped model unless another is given. */
export function scoreTopic(store: Store, tenant: string, topicId: number, model?: ImportanceModel): ScoredEvent[] {
  return scoreFeatures(eventFeatures(store, tenant, topicId), model);
}

/**
 * Rescores every event of the topic and stores its importance; an extracted event whose sources have grown gets,
 * as its summary, the most central of their sentences. Called after each ingest batch and poll cycle.
 */
export function rescoreTopic(store: Store, tenant: string, topicId: number, model: ImportanceModel = FITTED_MODEL): number {
  const scored = scoreTopic(store, tenant, topicId, model);
  const importance = withSameDateDemotion(scored);
  const summaries = new Map(store.events.all(tenant, topicId).filter((e) => e.origin === 'extracted').map((e) => [e.id, e.summary]));
  // The topic's usual wording is read from each event's first mention, not from the summaries chosen before: those
  // would re-weight words by the last choice at every rescoring, and the summaries drifted from poll to poll.
  const salience = topicSalience(scored.filter((e) => summaries.has(e.eventId) && e.sentences.length > 0).map((e) => e.sentences[0]!.text));
  store.events.saveScores(tenant, scored.map((event) => {
    const current = summaries.get(event.eventId);
    const best = current !== undefined && event.sentences.length > 1 ? centralSentence(reportsElsePreviews(event.sentences), salience) : undefined;
    return { id: event.eventId, importance: importance.get(event.eventId)!, summary: best && best !== current ? best : undefined };
  }));
  return scored.length;
}

/**
 * The sentences a summary is chosen from. A report after the fact tells what happened; a preview (an article published
 * before the event's date: a plan, a schedule, a forecast, or a month's outlook merged into the day something happened
 * that month) tells what was expected, so it is the summary only of an event that nothing reports afterwards.
 */
function reportsElsePreviews(sentences: EventSentence[]): EventSentence[] {
  const reports = sentences.filter((sentence) => !sentence.preview);
  return reports.length > 0 ? reports : sentences;
}

/** For each word of the topic's events' sentences (one per event), the share of those sentences that use it. */
export function topicSalience(sentences: Iterable<string>): Map<string, number> {
  const words = [...sentences].map((sentence) => contentWords(sentence));
  return new Map([...documentFrequency(words)].map(([word, count]) => [word, count / words.length]));
}

/**
 * The most central of an event's sentences, cleaned: the one sharing most wording with the others (LexRank's
 * idea, on word overlap), with readable, longer whole sentences, those in the topic's usual wording (`salience`,
 * from topicSalience) and those that lead an article preferred, and those deep in a long one less.
 */
export function centralSentence(sentences: { text: string; position: number | null }[], salience: ReadonlyMap<string, number> = new Map()): string {
  const byText = new Map<string, number>();
  for (const { text, position } of sentences) {
    const cleaned = cleanSentence(text);
    if (cleaned === '' || byText.size >= MAX_SENTENCES_COMPARED) continue;
    byText.set(cleaned, Math.min(byText.get(cleaned) ?? Number.POSITIVE_INFINITY, position ?? Number.POSITIVE_INFINITY));
  }
  const distinct = [...byText.keys()];
  if (distinct.length === 0) return cleanSentence(sentences[0]?.text ?? '');
  const words = distinct.map((s) => contentWords(s));
  let best = { index: 0, score: Number.NEGATIVE_INFINITY };
  distinct.forEach((sentence, i) => {
    let centrality = 0;
    words.forEach((other, j) => {
      if (i !== j) centrality += overlap(words[i]!, other).coefficient;
    });
    const lead = (byText.get(sentence) ?? Number.POSITIVE_INFINITY) <= LEAD_POSITION ? LEAD_BONUS : 0;
    let typical = 0;
    for (const word of words[i]!) typical += salience.get(word) ?? 0;
    const length = LENGTH_WEIGHT * Math.min(sentence.length, MAX_SUMMARY) / LENGTH_UNIT;
    const chronicle = chronicleEntry(sentence) !== undefined ? CHRONICLE_BONUS : 0;
    const score = centrality / Math.max(1, distinct.length - 1) + readability(sentence) + lead + length + SALIENCE_WEIGHT * typical + chronicle - depthPenalty(byText.get(sentence));
    if (score > best.score) best = { index: i, score };
  });
  const chosen = distinct[best.index]!;
  return chronicleEntry(chosen) ?? chosen;
}

function depthPenalty(position: number | undefined): number {
  if (position === undefined || !Number.isFinite(position) || position <= DEEP_POSITION) return 0;
  return Math.min(1, DEEP_WEIGHT * Math.log2(position / DEEP_POSITION));
}


import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';
import { spanOf, type DaySpan, type PartialDate, type Precision } from '../core/dates.js';
import { SEES_TOPIC, TOPICS_OWNED, TOPICS_SEEN } from './scope.js';

export interface EventRecord {
  id: number;
  topicId: number;
  date: string;
  precision: Precision;
  summary: string;
  origin: 'bundled' | 'extracted' | 'manual';
  createdAt: string;
  /** How much the event mattered, as last scored (src/core/rank/importance.ts); higher is more. */
  importance: number;
}

export interface EventSource {
  eventId: number;
  articleId: number;
  title: string;
  url: string | null;
  outlet: string | null;
  published: string;
  sentence: string | null;
}

export interface EventQuery {
  topicId: number;
  /** Only events whose whole date lies inside this span. */
  within?: DaySpan;
  /** An FTS5 expression built by the store's caller with ftsQuery(); never raw user text. */
  match?: string;
  /** 'MM-DD': day-precision events on this month and day. */
  monthDay?: string;
  /** Only events that end before this ISO day (for "in past years"). */
  before?: string;
  /** Only events added to the store in (createdAfter, createdUntil]: what a digest reports as new. */
  createdAfter?: string;
  createdUntil?: string;
  /**
   * Newest first, from the topic's newest report back: an event dated after every article of the topic is a plan
   * or a forecast ("a 2015 debut", said in 2009), not the latest news.
   */
  newestFirst?: boolean;
  /** Most important first instead of date order (ignored with newestFirst). */
  byImportance?: boolean;
  limit: number;
  offset?: number;
}

/** One article's mention of one event: what the ranker counts. */
export interface EventMention {
  eventId: number;
  date: string;
  precision: Precision;
  articleId: number;
  /** The article's publication date, 'YYYY-MM-DD'. */
  published: string;
  outlet: string | null;
  /** Sentence index in the article (0 = title); null for bundled or manual sources. */
  position: number | null;
  /** The date the article dated it by its publication day alone (1), or by words of its own (0). */
  implicit: number;
  /** The event's own date, which may be finer or coarser than the date this mention gave. */
  eventDate: string;
  eventPrecision: Precision;
  /** The sentence that reports it; null for bundled or manual sources. */
  sentence: string | null;
  /** The event's origin: extracted from reporting, or written by hand (bundled, manual). */
  origin: EventRecord['origin'];
}

/**
 * An event as the merge step sees it: only what it compares (it reads many per article), with how many sources it
 * has, so cached word sets can be checked.
 */
export interface MergeCandidateEvent extends Pick<EventRecord, 'id' | 'date' | 'precision' | 'summary'> {
  sourceCount: number;
}

export interface EventPage {
  events: EventRecord[];
  total: number;
}

/** Most finer events a month or year candidate is compared with. */
const FINER_EVENTS_CONSIDERED = 100;

/** The event `alias` belongs to a topic the tenant @tenant sees. */
const SEES_EVENT = (alias: string) => `${alias}.topic_id IN (${TOPICS_SEEN})`;
/** The topic of the event `alias` is the tenant's own: what a change needs. */
const OWNS_EVENT = (alias: string) => `${alias}.topic_id IN (${TOPICS_OWNED})`;

const COLUMNS = `e.id, e.topic_id AS topicId, e.date, e.precision, e.summary, e.origin, e.created_at AS createdAt, e.importance`;
const MERGE_COLUMNS = `e.id, e.date, e.precision, e.summary, e.source_count AS sourceCount`;

/** The event starts by the publication day of its topic's newest article (any day when the topic has none). */
const REPORTED_BY_NOW = `e.date_start <= coalesce((SELECT max(substr(a.published, 1, 10))
  FROM article_topics t INDEXED BY article_topics_topic JOIN articles a ON a.id = t.article_id WHERE t.topic_id = @topicId), '9999-12-31')`;

/** A period with more events than this is paged by importance through the importance index, not sorted. */
const SORT_IN_MEMORY_UP_TO = 4000;

/**
 * Turns free words into a safe FTS5 query: every word becomes a quoted prefix term,
 * so operators, quotes and column filters in user text are inert. Returns null when nothing searchable is left.
 */
export function ftsQuery(words: string[]): string | null {
  const terms = words
    .flatMap((word) => word.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .slice(0, 16)
    .map((term) => `"${term.replaceAll('"', '""')}"*`);
  return terms.length > 0 ? terms.join(' ') : null;
}

export class EventStore {
  private readonly insertRow;
  private readonly updateDateRow;
  private readonly addSourceRow;
  private readonly overlapping;
  private readonly years;
  private readonly sourcesFor;
  private readonly byId;
  private readonly pageCache = new Map<string, { list: Statement; count: Statement }>();
  private readonly sameDateRows;
  private readonly nearDateRows;
  private readonly mentionRows;
  private readonly publicationRows;
  private readonly publicationSpanRow;
  private readonly sourcesOne;
  private readonly setImportanceRow;
  private readonly setSummaryRow;
  private readonly unindexedRow;
  private readonly indexRows;
  private readonly indexedRows;

  constructor(private readonly db: Db) {
    this.insertRow = db.prepare(`
      INSERT INTO events (topic_id, date, precision, date_start, date_end, month_day, summary, origin, created_at, updated_at)
      SELECT @topicId, @date, @precision, @start, @end, @monthDay, @summary, @origin, @now, @now FROM topics WHERE id = @topicId AND tenant = @tenant`);
    this.updateDateRow = db.prepare(`
      UPDATE events SET date = @date, precision = @precision, date_start = @start, date_end = @end,
        month_day = @monthDay, updated_at = @now WHERE id = @id AND ${OWNS_EVENT('events')}`);
    this.addSourceRow = db.prepare(`
      INSERT OR IGNORE INTO event_sources (event_id, article_id, sentence, position, mention_date, mention_precision, implicit)
      SELECT @eventId, @articleId, @sentence, @position, @mentionDate, @mentionPrecision, @implicit
      FROM events e WHERE e.id = @eventId AND ${OWNS_EVENT('e')}`);
    this.setImportanceRow = db.prepare(`UPDATE events SET importance = @importance WHERE id = @id AND importance IS NOT @importance AND ${OWNS_EVENT('events')}`);
    this.setSummaryRow = db.prepare(`UPDATE events SET summary = @summary WHERE id = @id AND ${OWNS_EVENT('events')}`);
    // Index upkeep for every tenant's events at once (migration 23): it changes no event, only what search finds.
    this.unindexedRow = db.prepare('SELECT 1 FROM events_unindexed LIMIT 1').pluck();
    this.indexRows = db.prepare('INSERT INTO events_fts(rowid, summary) SELECT e.id, e.summary FROM events_unindexed u JOIN events e ON e.id = u.id');
    this.indexedRows = db.prepare('DELETE FROM events_unindexed');
    // Calendar spans either nest or are disjoint, so overlap means one date contains the other.
    this.overlapping = db.prepare<Record<string, string | number>, EventRecord>(`
      SELECT ${COLUMNS} FROM events e
      WHERE e.topic_id = @topicId AND e.date_start <= @end AND e.date_end >= @start AND ${SEES_TOPIC}`);
    this.years = db.prepare<Record<string, string | number>, { year: string }>(`
      SELECT DISTINCT substr(date, 1, 4) AS year FROM events WHERE topic_id = @topicId AND ${SEES_TOPIC} ORDER BY year`);
    this.sourcesFor = db.prepare<Record<string, string>, EventSource>(`
      SELECT s.event_id AS eventId, a.id AS articleId, a.title, a.url, a.outlet, a.published, s.sentence
      FROM event_sources s JOIN articles a ON a.id = s.article_id JOIN events e ON e.id = s.event_id
      WHERE s.event_id IN (SELECT value FROM json_each(@ids)) AND ${SEES_EVENT('e')}
      ORDER BY substr(a.published, 1, 10) < e.date_start, a.published, a.id`);
    this.byId = db.prepare<Record<string, string | number>, EventRecord>(`SELECT ${COLUMNS} FROM events e WHERE e.id = @id AND ${SEES_EVENT('e')}`);
    // Events that may be the same happening as a candidate: those on its very date; then, read only when none of
    // those fits, the month and year that hold it and, for a month or year, the most-reported events inside it (a
    // vague "in 2010" is matched against the events that mattered then, not against every day of the year).
    this.sameDateRows = db.prepare<Record<string, string | number | null>, MergeCandidateEvent>(`
      SELECT ${MERGE_COLUMNS} FROM events e
      WHERE e.topic_id = @topicId AND ${SEES_TOPIC} AND e.date_start = @start AND e.date_end = @end`);
    this.nearDateRows = db.prepare<Record<string, string | number | null>, MergeCandidateEvent>(`
      SELECT * FROM (SELECT ${MERGE_COLUMNS} FROM events e
        WHERE e.topic_id = @topicId AND ${SEES_TOPIC} AND @start < @end AND e.date_start >= @start AND e.date_start <= @end AND e.date_end <= @end
          AND NOT (e.date_start = @start AND e.date_end = @end)
        ORDER BY e.source_count DESC LIMIT ${FINER_EVENTS_CONSIDERED})
      UNION ALL
      SELECT ${MERGE_COLUMNS} FROM events e
      WHERE e.topic_id = @topicId AND ${SEES_TOPIC} AND e.date_start = @monthStart AND e.date_end = @monthEnd AND @monthStart IS NOT NULL
      UNION ALL
      SELECT ${MERGE_COLUMNS} FROM events e
      WHERE e.topic_id = @topicId AND ${SEES_TOPIC} AND e.date_start = @yearStart AND e.date_end = @yearEnd AND @yearStart IS NOT NULL`);
    const mentionSql = `
      SELECT e.id AS eventId, coalesce(s.mention_date, e.date) AS date, coalesce(s.mention_precision, e.precision) AS precision,
        a.id AS articleId, substr(a.published, 1, 10) AS published,
        a.outlet, s.position, s.implicit, e.date AS eventDate, e.precision AS eventPrecision, s.sentence, e.origin
      FROM events e JOIN event_sources s ON s.event_id = e.id JOIN articles a ON a.id = s.article_id
      WHERE e.topic_id = @topicId AND ${SEES_TOPIC}`;
    this.mentionRows = db.prepare<Record<string, string | number>, EventMention>(mentionSql);
    const topicArticles = `FROM article_topics t JOIN articles a ON a.id = t.article_id WHERE t.topic_id = @topicId AND ${SEES_TOPIC}`;
    this.publicationRows = db.prepare<Record<string, string | number>, { day: string; n: number }>(
      `SELECT substr(a.published, 1, 10) AS day, count(*) AS n ${topicArticles} GROUP BY day`);
    this.publicationSpanRow = db.prepare<Record<string, string | number>, { start: string | null; end: string | null }>(
      `SELECT min(substr(a.published, 1, 10)) AS start, max(substr(a.published, 1, 10)) AS end ${topicArticles}`);
    this.sourcesOne = db.prepare<Record<string, string | number>, { sentence: string | null }>(
      `SELECT s.sentence FROM event_sources s JOIN events e ON e.id = s.event_id WHERE s.event_id = @id AND ${SEES_EVENT('e')}`);
  }

  /** Adds an event to one of the tenant's own topics; another tenant's (or the operator's, for a tenant) is refused with an error. */
  insert(tenant: string, input: { topicId: number; date: PartialDate; summary: string; origin: EventRecord['origin'] }, now: Date): number {
    const result = this.insertRow.run({
      tenant,
      topicId: input.topicId,
      summary: input.summary,
      origin: input.origin,
      now: now.toISOString(),
      ...dateColumns(input.date),
    });
    if (result.changes === 0) throw new Error('no such topic for this tenant');
    return Number(result.lastInsertRowid);
  }

  /** An event of a topic the tenant sees. */
  get(tenant: string, id: number): EventRecord | undefined {
    return this.byId.get({ tenant, id });
  }

  /** Redates an event of one of the tenant's own topics; returns whether it had one. */
  setDate(tenant: string, id: number, date: PartialDate, now: Date): boolean {
    return this.updateDateRow.run({ tenant, id, now: now.toISOString(), ...dateColumns(date) }).changes > 0;
  }

  /**
   * Records that an article reports the event; `mentioned` is the date the article itself gives, when it gives one,
   * and `implicit` says the article gave it only by its publication day.
   */
  addSource(tenant: string, eventId: number, articleId: number, sentence: string | null, position: number | null, mentioned?: PartialDate, implicit = false): boolean {
    return this.addSourceRow.run({
      tenant, eventId, articleId, sentence, position,
      mentionDate: mentioned?.value ?? null, mentionPrecision: mentioned?.precision ?? null, implicit: implicit ? 1 : 0,
    }).changes > 0;
  }

  /** Stores newly scored importance (and, where it changed, a better summary) for events of the tenant's own topics, in one transaction. */
  saveScores(tenant: string, scores: { id: number; importance: number; summary?: string }[]): void {
    this.db.transaction(() => {
      for (const score of scores) {
        this.setImportanceRow.run({ tenant, id: score.id, importance: score.importance });
        if (score.summary !== undefined) this.setSummaryRow.run({ tenant, id: score.id, summary: score.summary });
      }
      // Rescoring runs outside ingest's transaction; reworded summaries are searchable as soon as it commits.
      this.indexSummaries();
    })();
  }

  /**
   * Adds the events created or reworded since the last call to the keyword index, all at once (see migration 23).
   * Store.transaction calls it before committing, and a keyword search before reading the index.
   */
  indexSummaries(): void {
    if (this.unindexedRow.get() === undefined) return;
    this.db.transaction(() => {
      this.indexRows.run();
      this.indexedRows.run();
    })();
  }

  /** Events of the topic (one the tenant sees) whose date contains, or is contained by, the given date. */
  overlappingDates(tenant: string, topicId: number, date: PartialDate): EventRecord[] {
    const span = spanOf(date);
    return this.overlapping.all({ tenant, topicId, start: span.start, end: span.end });
  }

  /** The events of the topic on exactly this date: the first a candidate of that date may join. */
  sameDateEvents(tenant: string, topicId: number, date: PartialDate): MergeCandidateEvent[] {
    const span = spanOf(date);
    return this.sameDateRows.all({ tenant, topicId, start: span.start, end: span.end });
  }

  /**
   * The events a candidate may join when none on its own date fits: the month and year that hold its date, and the
   * most-reported events inside it.
   */
  nearDateEvents(tenant: string, topicId: number, date: PartialDate): MergeCandidateEvent[] {
    const span = spanOf(date);
    const month = date.precision === 'day' ? spanOf({ value: date.value.slice(0, 7), precision: 'month' }) : null;
    const year = date.precision !== 'year' ? spanOf({ value: date.value.slice(0, 4), precision: 'year' }) : null;
    return this.nearDateRows.all({
      tenant, topicId, start: span.start, end: span.end,
      monthStart: month?.start ?? null, monthEnd: month?.end ?? null,
      yearStart: year?.start ?? null, yearEnd: year?.end ?? null,
    });
  }

  /** The supporting sentences of one event. */
  sourceSentences(tenant: string, eventId: number): string[] {
    return this.sourcesOne.all({ tenant, id: eventId }).map((row) => row.sentence ?? '');
  }

  /** Every (event, article) mention of the topic. */
  mentions(tenant: string, topicId: number): EventMention[] {
    return this.mentionRows.all({ tenant, topicId });
  }

  /** How many of the topic's articles were published on each day. */
  publicationCounts(tenant: string, topicId: number): Map<string, number> {
    return new Map(this.publicationRows.all({ tenant, topicId }).map((row) => [row.day, row.n]));
  }

  /** The days of the topic's first and latest articles; undefined when it has none. */
  publicationSpan(tenant: string, topicId: number): DaySpan | undefined {
    const row = this.publicationSpanRow.get({ tenant, topicId });
    return row?.start && row.end ? { start: row.start, end: row.end } : undefined;
  }

  /**
   * The sources of events of topics the tenant sees (others' events have none): the reports first, oldest first, then
   * the articles published before the event's date (previews).
   */
  sources(tenant: string, eventIds: number[]): Map<number, EventSource[]> {
    const grouped = new Map<number, EventSource[]>();
    if (eventIds.length === 0) return grouped;
    for (const source of this.sourcesFor.all({ tenant, ids: JSON.stringify(eventIds) })) {
      const list = grouped.get(source.eventId) ?? [];
      list.push(source);
      grouped.set(source.eventId, list);
    }
    return grouped;
  }

  yearsWithEvents(tenant: string, topicId: number): string[] {
    return this.years.all({ tenant, topicId }).map((row) => row.year);
  }

  /** One page of matching events of a topic the tenant sees, in date order (or newest first), and how many match in all. */
  page(tenant: string, query: EventQuery): EventPage {
    const where = ['e.topic_id = @topicId', SEES_TOPIC];
    let from = 'events e';
    if (query.within) where.push('e.date_start >= @start AND e.date_start <= @end AND e.date_end <= @end');
    if (query.monthDay) where.push(`e.month_day = @monthDay`);
    if (query.before) where.push('e.date_end < @before');
    if (query.newestFirst) where.push(REPORTED_BY_NOW);
    if (query.createdAfter) where.push('e.created_at > @createdAfter AND e.created_at <= @createdUntil');
    if (query.match) {
      this.indexSummaries();
      from = 'events_fts f JOIN events e ON e.id = f.rowid';
      where.push('events_fts MATCH @match');
    }
    const byImportance = query.byImportance && !query.newestFirst;
    const order = query.newestFirst
      ? 'e.date_start DESC, e.date_end, e.id DESC'
      : byImportance ? 'e.importance DESC, e.date_start, e.id' : 'e.date_start, e.date_end DESC, e.id';
    const periodOnly = !(query.match || query.monthDay || query.before || query.createdAfter);
    // Period and whole-topic totals come from the per-date counts; other filters count the matching rows.
    const countSql = periodOnly
      ? `SELECT coalesce(sum(n), 0) FROM event_counts e WHERE ${where.join(' AND ')}`
      : `SELECT count(*) FROM ${from} WHERE ${where.join(' AND ')}`;
    const params = {
      tenant,
      topicId: query.topicId,
      start: query.within?.start,
      end: query.within?.end,
      monthDay: query.monthDay,
      before: query.before,
      createdAfter: query.createdAfter,
      createdUntil: query.createdUntil,
      match: query.match,
      limit: query.limit,
      offset: query.offset ?? 0,
    };
    const bound = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
    const countStatement = this.#statementsFor(`FROM ${from} WHERE ${where.join(' AND ')}`, order, countSql).count;
    const total = (countStatement.pluck().get(bound) as number) ?? 0;
    // A long period ranked by importance walks the importance index until a page is found, instead of sorting
    // every event of the period; a short one is sorted in memory.
    const table = byImportance && periodOnly && total > SORT_IN_MEMORY_UP_TO ? 'events e INDEXED BY events_topic_importance' : from;
    const events = this.#statementsFor(`FROM ${table} WHERE ${where.join(' AND ')}`, order, countSql).list.all(bound) as EventRecord[];
    return { events, total };
  }

  /** Every event of a topic the tenant sees in a span, in date order. */
  all(tenant: string, topicId: number, within?: DaySpan): EventRecord[] {
    return this.page(tenant, { topicId, within, limit: -1 }).events;
  }

  #statementsFor(sql: string, order: string, countSql: string) {
    const cacheKey = `${sql}|${order}|${countSql}`;
    let cached = this.pageCache.get(cacheKey);
    if (!cached) {
      cached = {
        list: this.db.prepare(`SELECT ${COLUMNS} ${sql} ORDER BY ${order} LIMIT @limit OFFSET @offset`),
        count: this.db.prepare(countSql),
      };
      this.pageCache.set(cacheKey, cached);
    }
    return cached;
  }
}

function dateColumns(date: PartialDate) {
  const span = spanOf(date);
  return {
    date: date.value,
    precision: date.precision,
    start: span.start,
    end: span.end,
    monthDay: date.precision === 'day' ? date.value.slice(5) : null,
  };
}

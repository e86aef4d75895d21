import type { Db } from './db.js';
import { SEES_TOPIC, TOPICS_OWNED, TOPICS_SEEN } from './scope.js';

export interface Story {
  id: number;
  topicId: number;
  title: string;
  firstSeen: string;
  lastSeen: string;
}

export interface StoryArticle {
  storyId: number;
  articleId: number;
  title: string;
  url: string | null;
  outlet: string | null;
  published: string;
}

/** One article of an open story, with what story grouping compares. */
export interface StoryClusterRow {
  storyId: number;
  articleId: number;
  title: string;
  /** The start of the article's text: its lead paragraphs. */
  lead: string;
  published: string;
  /** The article's news events (see StoryStore.newsEvents), as 'eventId@YYYY-MM-DD' joined by commas, or null. */
  newsEvents: string | null;
}

/** How much of an article's text story grouping reads (src/core/stories/cluster.ts). */
export const STORY_TEXT_CHARS = 1500;
/** A news event is reported in the title or lead (the first sentences)... */
const LEAD_POSITION = 4;
/** ...and dated from this many days before the article's publication to a day after it. */
const NEWS_DAYS_BEFORE = 3;

/**
 * Article `a`'s news events in one topic: day-precise events its title or lead reports, dated around its publication
 * (not the background it looks back on), as 'eventId@date'.
 */
const newsEventsOf = (topicId: string) => `(SELECT group_concat(DISTINCT e.id || '@' || e.date) FROM event_sources es JOIN events e ON e.id = es.event_id
  WHERE es.article_id = a.id AND e.topic_id = ${topicId} AND e.precision = 'day' AND es.implicit = 0 AND coalesce(es.position, 0) < ${LEAD_POSITION}
    AND e.date BETWEEN date(a.published, '-${NEWS_DAYS_BEFORE} days') AND date(a.published, '+1 day'))`;

/** Days the article's title or first sentence reports (named, or its publication day for news told without a date), in one topic. */
const LEAD_DAYS_WHERE = `SELECT DISTINCT coalesce(es.mention_date, e.date) FROM event_sources es JOIN events e ON e.id = es.event_id
  WHERE es.article_id = @articleId AND e.topic_id = @topicId AND coalesce(es.mention_precision, e.precision) = 'day' AND es.position <= 1`;

const COLUMNS = 'id, topic_id AS topicId, title, first_seen AS firstSeen, last_seen AS lastSeen';

/** The story `alias` belongs to a topic the tenant @tenant sees. */
const SEES_STORY = (alias: string) => `${alias}.topic_id IN (${TOPICS_SEEN})`;

/**
 * Stories: the articles from several feeds that report one happening, alerted once. Every function takes the
 * tenant: reads reach stories of the topics it sees (its own and the operator's), changes only its own topics'.
 */
export class StoryStore {
  private readonly insertRow;
  private readonly link;
  private readonly touch;
  private readonly byId;
  private readonly seenBetween;
  private readonly articleRows;
  private readonly clusterRows;
  private readonly newsEventsRow;
  private readonly leadDaysRows;
  private readonly storyDevelopment;

  constructor(db: Db) {
    this.insertRow = db.prepare<Record<string, string | number>>(`INSERT INTO stories (topic_id, title, first_seen, last_seen)
      SELECT id, @title, @at, @at FROM topics WHERE id = @topicId AND tenant = @tenant`);
    const owned = `SELECT id FROM stories WHERE id = @storyId AND topic_id IN (${TOPICS_OWNED})`;
    this.link = db.prepare<Record<string, string | number>>(
      `INSERT OR IGNORE INTO story_articles (story_id, article_id) SELECT id, @articleId FROM (${owned})`);
    this.touch = db.prepare<Record<string, string | number>>(`UPDATE stories SET last_seen = @at WHERE id IN (${owned})`);
    this.byId = db.prepare<Record<string, string | number>, Story>(`SELECT ${COLUMNS} FROM stories s WHERE id = @id AND ${SEES_STORY('s')}`);
    this.seenBetween = db.prepare<Record<string, string | number>, Story>(
      `SELECT ${COLUMNS} FROM stories WHERE topic_id = @topicId AND last_seen > @after AND last_seen <= @until AND ${SEES_TOPIC} ORDER BY first_seen, id`);
    this.articleRows = db.prepare<Record<string, string>, StoryArticle>(`
      SELECT sa.story_id AS storyId, a.id AS articleId, a.title, a.url, a.outlet, a.published
      FROM story_articles sa JOIN articles a ON a.id = sa.article_id JOIN stories s ON s.id = sa.story_id
      WHERE sa.story_id IN (SELECT value FROM json_each(@ids)) AND ${SEES_STORY('s')} ORDER BY a.published, a.id`);
    this.clusterRows = db.prepare<Record<string, string | number>, StoryClusterRow>(`
      SELECT s.id AS storyId, a.id AS articleId, a.title, substr(coalesce(a.body, ''), 1, ${STORY_TEXT_CHARS}) AS lead, a.published,
        ${newsEventsOf('s.topic_id')} AS newsEvents
      FROM stories s INDEXED BY stories_topic_last_seen JOIN story_articles sa ON sa.story_id = s.id JOIN articles a ON a.id = sa.article_id
      WHERE s.topic_id = @topicId AND s.last_seen > @since AND ${SEES_TOPIC} ORDER BY s.id, a.published, a.id`);
    this.newsEventsRow = db.prepare<Record<string, string | number>, string | null>(
      `SELECT ${newsEventsOf('@topicId')} FROM articles a WHERE a.id = @articleId AND ${SEES_TOPIC}`).pluck();
    this.leadDaysRows = db.prepare<Record<string, string | number>, string>(`${LEAD_DAYS_WHERE} AND ${SEES_TOPIC} ORDER BY 1`).pluck();
    this.storyDevelopment = db.prepare<Record<string, string | number>, string | null>(`SELECT max(coalesce(es.mention_date, e.date))
      FROM story_articles sa JOIN event_sources es ON es.article_id = sa.article_id JOIN events e ON e.id = es.event_id
      WHERE sa.story_id = @storyId AND e.topic_id = @topicId AND coalesce(es.mention_precision, e.precision) = 'day' AND es.position <= 1
        AND ${SEES_TOPIC}`).pluck();
  }

  /** Opens a story in one of the tenant's own topics; another's is refused with an error. */
  create(tenant: string, topicId: number, title: string, now: Date): number {
    const result = this.insertRow.run({ tenant, topicId, title, at: now.toISOString() });
    if (result.changes === 0) throw new Error('no such topic for this tenant');
    return Number(result.lastInsertRowid);
  }

  /** Adds an article to a story of the tenant's own topics; returns whether it was new to it. */
  addArticle(tenant: string, storyId: number, articleId: number, now: Date): boolean {
    const added = this.link.run({ tenant, storyId, articleId }).changes > 0;
    if (added) this.touch.run({ tenant, storyId, at: now.toISOString() });
    return added;
  }

  get(tenant: string, id: number): Story | undefined {
    return this.byId.get({ tenant, id });
  }

  /** Stories of a topic that were created or gained a source in (after, until]. */
  activeBetween(tenant: string, topicId: number, after: Date, until: Date): Story[] {
    return this.seenBetween.all({ tenant, topicId, after: after.toISOString(), until: until.toISOString() });
  }

  /** The articles of a topic's stories that gained one after `since` (its open stories): what a new article may join. */
  clusterCandidates(tenant: string, topicId: number, since: Date): StoryClusterRow[] {
    return this.clusterRows.all({ tenant, topicId, since: since.toISOString() });
  }

  /** The article's news events in the topic, as 'eventId@date' (see StoryClusterRow.newsEvents). */
  newsEvents(tenant: string, articleId: number, topicId: number): string[] {
    return this.newsEventsRow.get({ tenant, articleId, topicId })?.split(',') ?? [];
  }

  /** Days the article's title or first sentence reports, in the topic, e.g. ['2019-04-11']. */
  leadDays(tenant: string, articleId: number, topicId: number): string[] {
    return this.leadDaysRows.all({ tenant, articleId, topicId });
  }

  /** The latest day that the title or first sentence of one of the story's articles names (see leadDays). */
  latestLeadDay(tenant: string, storyId: number, topicId: number): string | undefined {
    return this.storyDevelopment.get({ tenant, storyId, topicId }) ?? undefined;
  }

  articles(tenant: string, storyIds: number[]): Map<number, StoryArticle[]> {
    const grouped = new Map<number, StoryArticle[]>();
    if (storyIds.length === 0) return grouped;
    for (const row of this.articleRows.all({ tenant, ids: JSON.stringify(storyIds) })) {
      const list = grouped.get(row.storyId);
      if (list) list.push(row);
      else grouped.set(row.storyId, [row]);
    }
    return grouped;
  }
}

import type { Db } from './db.js';

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

/** Enough text for the lead paragraphs story grouping reads. */
const LEAD_CHARS = 1500;
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
const LEAD_DAYS = `SELECT DISTINCT coalesce(es.mention_date, e.date) FROM event_sources es JOIN events e ON e.id = es.event_id
  WHERE es.article_id = ? AND e.topic_id = ? AND coalesce(es.mention_precision, e.precision) = 'day' AND es.position <= 1 ORDER BY 1`;

const COLUMNS = 'id, topic_id AS topicId, title, first_seen AS firstSeen, last_seen AS lastSeen';

/** Stories: the articles from several feeds that report one happening, alerted once. */
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
    this.insertRow = db.prepare('INSERT INTO stories (topic_id, title, first_seen, last_seen) VALUES (?, ?, ?, ?)');
    this.link = db.prepare('INSERT OR IGNORE INTO story_articles (story_id, article_id) VALUES (?, ?)');
    this.touch = db.prepare('UPDATE stories SET last_seen = ? WHERE id = ?');
    this.byId = db.prepare<[number], Story>(`SELECT ${COLUMNS} FROM stories WHERE id = ?`);
    this.seenBetween = db.prepare<[number, string, string], Story>(
      `SELECT ${COLUMNS} FROM stories WHERE topic_id = ? AND last_seen > ? AND last_seen <= ? ORDER BY first_seen, id`);
    this.articleRows = db.prepare<[string], StoryArticle>(`
      SELECT sa.story_id AS storyId, a.id AS articleId, a.title, a.url, a.outlet, a.published
      FROM story_articles sa JOIN articles a ON a.id = sa.article_id
      WHERE sa.story_id IN (SELECT value FROM json_each(?)) ORDER BY a.published, a.id`);
    this.clusterRows = db.prepare<[number, string], StoryClusterRow>(`
      SELECT s.id AS storyId, a.id AS articleId, a.title, substr(coalesce(a.body, ''), 1, ${LEAD_CHARS}) AS lead, a.published,
        ${newsEventsOf('s.topic_id')} AS newsEvents
      FROM stories s INDEXED BY stories_topic_last_seen JOIN story_articles sa ON sa.story_id = s.id JOIN articles a ON a.id = sa.article_id
      WHERE s.topic_id = ? AND s.last_seen > ? ORDER BY s.id, a.published, a.id`);
    this.newsEventsRow = db.prepare<[number, number], string | null>(`SELECT ${newsEventsOf('?')} FROM articles a WHERE a.id = ?`).pluck();
    this.leadDaysRows = db.prepare<[number, number], string>(LEAD_DAYS).pluck();
    this.storyDevelopment = db.prepare<[number, number], string | null>(`SELECT max(coalesce(es.mention_date, e.date))
      FROM story_articles sa JOIN event_sources es ON es.article_id = sa.article_id JOIN events e ON e.id = es.event_id
      WHERE sa.story_id = ? AND e.topic_id = ? AND coalesce(es.mention_precision, e.precision) = 'day' AND es.position <= 1`).pluck();
  }

  create(topicId: number, title: string, now: Date): number {
    const at = now.toISOString();
    return Number(this.insertRow.run(topicId, title, at, at).lastInsertRowid);
  }

  /** Adds an article to a story; returns whether it was new to it. */
  addArticle(storyId: number, articleId: number, now: Date): boolean {
    const added = this.link.run(storyId, articleId).changes > 0;
    if (added) this.touch.run(now.toISOString(), storyId);
    return added;
  }

  get(id: number): Story | undefined {
    return this.byId.get(id);
  }

  /** Stories of a topic that were created or gained a source in (after, until]. */
  activeBetween(topicId: number, after: Date, until: Date): Story[] {
    return this.seenBetween.all(topicId, after.toISOString(), until.toISOString());
  }

  /** The articles of a topic's stories that gained one after `since` (its open stories): what a new article may join. */
  clusterCandidates(topicId: number, since: Date): StoryClusterRow[] {
    return this.clusterRows.all(topicId, since.toISOString());
  }

  /** The article's news events in the topic, as 'eventId@date' (see StoryClusterRow.newsEvents). */
  newsEvents(articleId: number, topicId: number): string[] {
    return this.newsEventsRow.get(topicId, articleId)?.split(',') ?? [];
  }

  /** Days the article's title or first sentence reports, in the topic, e.g. ['2019-04-11']. */
  leadDays(articleId: number, topicId: number): string[] {
    return this.leadDaysRows.all(articleId, topicId);
  }

  /** The latest day that the title or first sentence of one of the story's articles names (see leadDays). */
  latestLeadDay(storyId: number, topicId: number): string | undefined {
    return this.storyDevelopment.get(storyId, topicId) ?? undefined;
  }

  articles(storyIds: number[]): Map<number, StoryArticle[]> {
    const grouped = new Map<number, StoryArticle[]>();
    if (storyIds.length === 0) return grouped;
    for (const row of this.articleRows.all(JSON.stringify(storyIds))) {
      const list = grouped.get(row.storyId);
      if (list) list.push(row);
      else grouped.set(row.storyId, [row]);
    }
    return grouped;
  }
}

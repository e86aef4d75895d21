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

/** One article of a recent story, with what story clustering compares. */
export interface StoryClusterRow {
  storyId: number;
  articleId: number;
  title: string;
  /** The start of the article's text. */
  lead: string;
  published: string;
  /** Comma-separated days of the article's extracted events in the story's topic, or null. */
  eventDays: string | null;
}

/** Enough text for the two-sentence lead clustering reads. */
const LEAD_CHARS = 1000;

/** Days of article `a`'s extracted, day-precise events in one topic. */
const eventDaysOf = (topicId: string) => `(SELECT group_concat(DISTINCT e.date) FROM event_sources es JOIN events e ON e.id = es.event_id
  WHERE es.article_id = a.id AND e.topic_id = ${topicId} AND e.precision = 'day')`;

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
  private readonly daysOf;

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
        ${eventDaysOf('s.topic_id')} AS eventDays
      FROM stories s JOIN story_articles sa ON sa.story_id = s.id JOIN articles a ON a.id = sa.article_id
      WHERE s.topic_id = ? AND s.last_seen > ? ORDER BY s.id, a.id`);
    this.daysOf = db.prepare<[number, number], string | null>(`SELECT ${eventDaysOf('?')} FROM articles a WHERE a.id = ?`).pluck();
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

  /** The articles of a topic's stories seen after `since`: what a new article may join. */
  clusterCandidates(topicId: number, since: Date): StoryClusterRow[] {
    return this.clusterRows.all(topicId, since.toISOString());
  }

  /** Days of the article's extracted events in the topic, e.g. ['2019-04-11']. */
  eventDays(articleId: number, topicId: number): string[] {
    return this.daysOf.get(topicId, articleId)?.split(',') ?? [];
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

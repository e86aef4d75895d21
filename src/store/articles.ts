import type { Db } from './db.js';
import { TOPICS_OWNED, TOPICS_SEEN } from './scope.js';

export interface Article {
  id: number;
  key: string;
  url: string | null;
  title: string;
  outlet: string | null;
  published: string;
  firstSeen: string;
  contentHash: string | null;
}

export interface ArticleInput {
  key: string;
  url?: string | null;
  title: string;
  outlet?: string | null;
  published: string;
  firstSeen: string;
  contentHash?: string | null;
  body?: string | null;
}

const COLUMNS = `id, key, url, title, outlet, published, first_seen AS firstSeen, content_hash AS contentHash`;

/**
 * Articles, stored once whoever's feed brought them (they are the outlets' text, no tenant's own). Filing one under
 * a topic, and listing the topics it is filed under, take the tenant: it files under its own topics and sees the
 * filings of the topics it sees.
 */
export class ArticleStore {
  private readonly byKey;
  private readonly byHash;
  private readonly insertRow;
  private readonly linkTopic;
  private readonly topicsOf;

  constructor(db: Db) {
    this.byKey = db.prepare<[string], Article>(`SELECT ${COLUMNS} FROM articles WHERE key = ?`);
    this.byHash = db.prepare<[string], Article>(`SELECT ${COLUMNS} FROM articles WHERE content_hash = ? LIMIT 1`);
    this.insertRow = db.prepare(`
      INSERT INTO articles (key, url, title, outlet, published, first_seen, content_hash, body)
      VALUES (@key, @url, @title, @outlet, @published, @firstSeen, @contentHash, @body)`);
    this.linkTopic = db.prepare<Record<string, string | number>>(`INSERT OR IGNORE INTO article_topics (article_id, topic_id)
      SELECT @articleId, @topicId WHERE @topicId IN (${TOPICS_OWNED})`);
    this.topicsOf = db.prepare<Record<string, string | number>, number>(
      `SELECT topic_id FROM article_topics WHERE article_id = @articleId AND topic_id IN (${TOPICS_SEEN})`).pluck();
  }

  findByKey(key: string): Article | undefined {
    return this.byKey.get(key);
  }

  findByContentHash(hash: string): Article | undefined {
    return this.byHash.get(hash);
  }

  insert(input: ArticleInput): number {
    const result = this.insertRow.run({
      url: null, outlet: null, contentHash: null, body: null, ...input,
    });
    return Number(result.lastInsertRowid);
  }

  /** The topics the tenant sees that the article is filed under. */
  topicIdsOf(tenant: string, articleId: number): number[] {
    return this.topicsOf.all({ tenant, articleId });
  }

  /** Files the article under one of the tenant's own topics; returns whether it was new there. */
  fileUnderTopic(tenant: string, articleId: number, topicId: number): boolean {
    return this.linkTopic.run({ tenant, articleId, topicId }).changes > 0;
  }
}

import type { Db } from './db.js';

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
    this.linkTopic = db.prepare('INSERT OR IGNORE INTO article_topics (article_id, topic_id) VALUES (?, ?)');
    this.topicsOf = db.prepare<[number], number>('SELECT topic_id FROM article_topics WHERE article_id = ?').pluck();
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

  /** The topics the article is filed under. */
  topicIdsOf(articleId: number): number[] {
    return this.topicsOf.all(articleId);
  }

  fileUnderTopic(articleId: number, topicId: number): void {
    this.linkTopic.run(articleId, topicId);
  }
}

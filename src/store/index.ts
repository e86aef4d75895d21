import { openDatabase, type Db } from './db.js';
import { TopicStore } from './topics.js';
import { ArticleStore } from './articles.js';
import { EventStore } from './events.js';

export type { Topic, TopicInput } from './topics.js';
export type { Article, ArticleInput } from './articles.js';
export type { EventRecord, EventSource, EventQuery, EventPage } from './events.js';
export { ftsQuery } from './events.js';

/** The one SQLite database: every table the bot keeps, behind typed methods. */
export class Store {
  readonly topics: TopicStore;
  readonly articles: ArticleStore;
  readonly events: EventStore;
  private readonly getMeta;
  private readonly setMetaRow;

  constructor(readonly db: Db) {
    this.topics = new TopicStore(db);
    this.articles = new ArticleStore(db);
    this.events = new EventStore(db);
    this.getMeta = db.prepare<[string], string>('SELECT value FROM meta WHERE key = ?').pluck();
    this.setMetaRow = db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  static open(path: string): Store {
    return new Store(openDatabase(path));
  }

  meta(key: string): string | undefined {
    return this.getMeta.get(key);
  }

  setMeta(key: string, value: string): void {
    this.setMetaRow.run(key, value);
  }

  /** Runs fn in one transaction: all of its writes land, or none. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  close(): void {
    this.db.close();
  }
}

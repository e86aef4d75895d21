import type { Db } from './db.js';

export interface Topic {
  id: number;
  name: string;
  title: string;
  keywords: string[];
  aliases: string[];
  exclude: string[];
}

export interface TopicInput {
  name: string;
  title: string;
  keywords: string[];
  aliases?: string[];
  exclude?: string[];
}

interface TopicRow {
  id: number;
  name: string;
  title: string;
  keywords: string;
  aliases: string;
  exclude: string;
}

/** A stored word list; a damaged one reads as empty rather than stopping every command that lists topics. */
function wordList(raw: string): string[] {
  try {
    const parsed = JSON.parse(raw) as unknown;
    return Array.isArray(parsed) ? parsed.filter((word): word is string => typeof word === 'string') : [];
  } catch {
    return [];
  }
}

const fromRow = (row: TopicRow): Topic => ({
  id: row.id,
  name: row.name,
  title: row.title,
  keywords: wordList(row.keywords),
  aliases: wordList(row.aliases),
  exclude: wordList(row.exclude),
});

export class TopicStore {
  private readonly byName;
  private readonly all;
  private readonly upsert;

  constructor(db: Db) {
    this.byName = db.prepare<[string], TopicRow>('SELECT * FROM topics WHERE name = ?');
    this.all = db.prepare<[], TopicRow>('SELECT * FROM topics ORDER BY name');
    this.upsert = db.prepare(`
      INSERT INTO topics (name, title, keywords, aliases, exclude, created_at)
      VALUES (@name, @title, @keywords, @aliases, @exclude, @now)
      ON CONFLICT (name) DO UPDATE SET title = excluded.title, keywords = excluded.keywords,
        aliases = excluded.aliases, exclude = excluded.exclude`);
  }

  get(name: string): Topic | undefined {
    const row = this.byName.get(name.toLowerCase());
    return row && fromRow(row);
  }

  list(): Topic[] {
    return this.all.all().map(fromRow);
  }

  /** Creates the topic, or updates its title and word lists. */
  save(input: TopicInput, now: Date): Topic {
    this.upsert.run({
      name: input.name.toLowerCase(),
      title: input.title,
      keywords: JSON.stringify(input.keywords),
      aliases: JSON.stringify(input.aliases ?? []),
      exclude: JSON.stringify(input.exclude ?? []),
      now: now.toISOString(),
    });
    return this.get(input.name)!;
  }
}

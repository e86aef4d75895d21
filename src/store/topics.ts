import type { Db } from './db.js';

/** The tenant that owns the bundled and configured topics: readable by every tenant. The console and CLI act as it. */
export const OPERATOR = 'operator';

export interface Topic {
  id: number;
  /** The tenant that owns it: OPERATOR, 'discord:<guild id>' or 'slack:<team id>'. */
  tenant: string;
  name: string;
  title: string;
  keywords: string[];
  aliases: string[];
  exclude: string[];
  /** The shared topic this one was seeded from ('operator/<name>'), or null. */
  seededFrom: string | null;
  /** Set while a tenant's topic is published on the web: the secret part of its address. */
  publishToken: string | null;
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
  tenant: string;
  name: string;
  title: string;
  keywords: string;
  aliases: string;
  exclude: string;
  seeded_from: string | null;
  publish_token: string | null;
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
  tenant: row.tenant,
  name: row.name,
  title: row.title,
  keywords: wordList(row.keywords),
  aliases: wordList(row.aliases),
  exclude: wordList(row.exclude),
  seededFrom: row.seeded_from,
  publishToken: row.publish_token,
});

/**
 * Topics and who owns them. A tenant sees its own topics and the operator's; `get` and `list` answer only within
 * that, so a command that passes its caller's tenant cannot reach another tenant's topic. `every` and `byId` are for
 * the machinery that serves all tenants (scheduling, polling), never for answering a caller.
 */
export class TopicStore {
  private readonly visibleByName;
  private readonly visible;
  private readonly owned;
  private readonly ownedByName;
  private readonly everyRow;
  private readonly oneById;
  private readonly upsert;
  private readonly stamp;
  private readonly bump;
  private readonly setToken;
  private readonly byToken;

  constructor(db: Db) {
    // Names are kept distinct when a tenant adds a topic; should the operator configure one of the same name later,
    // the operator's (a global command on Discord) hides the tenant's until the tenant renames it.
    this.visibleByName = db.prepare<[string, string], TopicRow>(
      `SELECT * FROM topics WHERE name = ? AND tenant IN (?, '${OPERATOR}') ORDER BY tenant = '${OPERATOR}' DESC LIMIT 1`);
    this.visible = db.prepare<[string], TopicRow>(`
      SELECT * FROM topics t WHERE tenant = '${OPERATOR}'
        OR (tenant = ? AND NOT EXISTS (SELECT 1 FROM topics o WHERE o.tenant = '${OPERATOR}' AND o.name = t.name))
      ORDER BY name`);
    this.owned = db.prepare<[string], TopicRow>('SELECT * FROM topics WHERE tenant = ? ORDER BY name');
    this.ownedByName = db.prepare<[string, string], TopicRow>('SELECT * FROM topics WHERE tenant = ? AND name = ?');
    this.everyRow = db.prepare<[], TopicRow>('SELECT * FROM topics ORDER BY tenant, name');
    this.oneById = db.prepare<[number], TopicRow>('SELECT * FROM topics WHERE id = ?');
    this.upsert = db.prepare(`
      INSERT INTO topics (tenant, name, title, keywords, aliases, exclude, created_at, updated_at, seeded_from)
      VALUES (@tenant, @name, @title, @keywords, @aliases, @exclude, @now, @now, @seededFrom)
      ON CONFLICT (tenant, name) DO UPDATE SET title = excluded.title, keywords = excluded.keywords,
        aliases = excluded.aliases, exclude = excluded.exclude,
        updated_at = CASE WHEN topics.title = excluded.title AND topics.keywords = excluded.keywords AND topics.aliases = excluded.aliases
          AND topics.exclude = excluded.exclude THEN topics.updated_at ELSE excluded.updated_at END`);
    this.setToken = db.prepare('UPDATE topics SET publish_token = ? WHERE id = ? AND tenant = ?');
    this.byToken = db.prepare<[string, string], TopicRow>('SELECT * FROM topics WHERE name = ? AND publish_token = ?');
    // Every save and publish bumps the revision; a removal changes the count: together they tell any change.
    this.stamp = db.prepare<[], string>(
      `SELECT coalesce((SELECT value FROM meta WHERE key = 'topics.revision'), '0') || '|' || count(*) || '|' || coalesce(max(id), 0) FROM topics`).pluck();
    this.bump = db.prepare(`INSERT INTO meta (key, value) VALUES ('topics.revision', '1')
      ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`);
  }

  /** The topic of that name the tenant sees: its own, or the operator's. */
  get(name: string, tenant: string = OPERATOR): Topic | undefined {
    const row = this.visibleByName.get(name.toLowerCase(), tenant);
    return row && fromRow(row);
  }

  /** The topics the tenant sees: its own and the operator's. */
  list(tenant: string = OPERATOR): Topic[] {
    return this.visible.all(tenant).map(fromRow);
  }

  /** The tenant's own topics. */
  ownedBy(tenant: string): Topic[] {
    return this.owned.all(tenant).map(fromRow);
  }

  /** Every tenant's topics: for the machinery that serves all of them. */
  every(): Topic[] {
    return this.everyRow.all().map(fromRow);
  }

  byId(id: number): Topic | undefined {
    const row = this.oneById.get(id);
    return row && fromRow(row);
  }

  /** Publishes (a token) or unpublishes (null) one of the tenant's own topics on the web; false when it has no such topic. */
  setPublishToken(topicId: number, token: string | null, tenant: string): boolean {
    const changed = this.setToken.run(token, topicId, tenant).changes > 0;
    if (changed) this.bump.run();
    return changed;
  }

  /** A published topic, by its name and token together (the web address holds both). */
  published(name: string, token: string): Topic | undefined {
    const row = this.byToken.get(name, token);
    return row && fromRow(row);
  }

  /** Changes whenever a topic is added, edited or removed (by this process or another): command lists rebuild on it. */
  version(): string {
    return this.stamp.get()!;
  }

  /** Creates the tenant's topic, or updates its title and word lists. */
  save(input: TopicInput, now: Date, tenant: string = OPERATOR, seededFrom: string | null = null): Topic {
    this.upsert.run({
      tenant,
      name: input.name.toLowerCase(),
      title: input.title,
      keywords: JSON.stringify(input.keywords),
      aliases: JSON.stringify(input.aliases ?? []),
      exclude: JSON.stringify(input.exclude ?? []),
      now: now.toISOString(),
      seededFrom,
    });
    this.bump.run();
    return fromRow(this.ownedByName.get(tenant, input.name.toLowerCase())!);
  }
}

// Versioned schema migrations. Each runs once, in id order, inside a transaction;
// applied ids are recorded, so a migration added later with a lower id still runs.
export interface Migration {
  id: number;
  name: string;
  sql: string;
  /**
   * Rebuilds a table that others reference: foreign keys are switched off around its transaction (SQLite cannot
   * drop a UNIQUE constraint in place, and dropping a referenced table with them on would cascade) and checked after.
   */
  rebuildsTables?: boolean;
}

export const migrations: Migration[] = [
  {
    id: 1,
    name: 'timeline',
    sql: `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE topics (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  keywords TEXT NOT NULL DEFAULT '[]',  -- JSON array of words that mark an article as on-topic
  aliases TEXT NOT NULL DEFAULT '[]',   -- JSON array of other names for the subject
  exclude TEXT NOT NULL DEFAULT '[]',   -- JSON array of words that count against relevance
  created_at TEXT NOT NULL
);

CREATE TABLE articles (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,              -- canonical URL, or an id given at ingest
  url TEXT,
  title TEXT NOT NULL,
  outlet TEXT,
  published TEXT NOT NULL,               -- ISO date or date-time
  first_seen TEXT NOT NULL,
  content_hash TEXT,                     -- NULL for cited-only articles (bundled dataset)
  body TEXT
);
CREATE INDEX articles_content_hash ON articles(content_hash);
CREATE INDEX articles_published ON articles(published);

CREATE TABLE article_topics (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
  PRIMARY KEY (article_id, topic_id)
) WITHOUT ROWID;

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
  date TEXT NOT NULL,                    -- '2015-08-13' | '2015-08' | '2015'
  precision TEXT NOT NULL CHECK (precision IN ('day', 'month', 'year')),
  date_start TEXT NOT NULL,              -- first day the date covers
  date_end TEXT NOT NULL,                -- last day the date covers
  month_day TEXT,                        -- 'MM-DD' for day precision, for on-this-day
  summary TEXT NOT NULL,
  origin TEXT NOT NULL CHECK (origin IN ('bundled', 'extracted', 'manual')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX events_topic_start ON events(topic_id, date_start, date_end);
CREATE INDEX events_topic_month_day ON events(topic_id, month_day) WHERE month_day IS NOT NULL;
CREATE INDEX events_topic_created ON events(topic_id, created_at);

CREATE TABLE event_sources (
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  sentence TEXT,                         -- the supporting sentence, when extracted
  position INTEGER,                      -- sentence index in the article (0 = title)
  PRIMARY KEY (event_id, article_id)
) WITHOUT ROWID;
CREATE INDEX event_sources_article ON event_sources(article_id);

-- Keyword search. External-content FTS5 tables, kept in step by triggers.
CREATE VIRTUAL TABLE events_fts USING fts5(summary, content='events', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER events_ai AFTER INSERT ON events BEGIN
  INSERT INTO events_fts(rowid, summary) VALUES (new.id, new.summary);
END;
CREATE TRIGGER events_ad AFTER DELETE ON events BEGIN
  INSERT INTO events_fts(events_fts, rowid, summary) VALUES ('delete', old.id, old.summary);
END;
CREATE TRIGGER events_au AFTER UPDATE OF summary ON events BEGIN
  INSERT INTO events_fts(events_fts, rowid, summary) VALUES ('delete', old.id, old.summary);
  INSERT INTO events_fts(rowid, summary) VALUES (new.id, new.summary);
END;

CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='articles', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, coalesce(new.body, ''));
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, coalesce(old.body, ''));
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, body ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, coalesce(old.body, ''));
  INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, coalesce(new.body, ''));
END;

-- Feeds, stories, subscriptions and the outbox: filled by the feed and delivery features.
CREATE TABLE feeds (
  id INTEGER PRIMARY KEY,
  topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  title TEXT,
  etag TEXT,
  last_modified TEXT,
  interval_seconds INTEGER NOT NULL DEFAULT 600,
  next_poll_at TEXT,
  last_polled_at TEXT,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  disabled_at TEXT,
  origin TEXT NOT NULL DEFAULT 'command' CHECK (origin IN ('config', 'command')),
  created_at TEXT NOT NULL,
  UNIQUE (topic_id, url)
);

CREATE TABLE feed_items (
  feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
  item_key TEXT NOT NULL,                -- guid, canonical URL or content hash
  article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
  first_seen TEXT NOT NULL,
  PRIMARY KEY (feed_id, item_key)
) WITHOUT ROWID;

CREATE TABLE stories (
  id INTEGER PRIMARY KEY,
  topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL
);
CREATE INDEX stories_topic_last_seen ON stories(topic_id, last_seen);

CREATE TABLE story_articles (
  story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  PRIMARY KEY (story_id, article_id)
) WITHOUT ROWID;

CREATE TABLE subscriptions (
  id INTEGER PRIMARY KEY,
  channel_ref TEXT NOT NULL,             -- 'discord:<channel id>', 'slack:<channel id>', 'console:<name>'
  topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
  mode TEXT NOT NULL DEFAULT 'daily' CHECK (mode IN ('instant', 'daily', 'off')),
  local_time TEXT NOT NULL DEFAULT '09:00',
  timezone TEXT NOT NULL DEFAULT 'UTC',
  on_this_day INTEGER NOT NULL DEFAULT 1,
  filter TEXT,
  paused_reason TEXT,
  last_digest_at TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (channel_ref, topic_id)
);

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,              -- channel, kind, subject and date: one message, once
  channel_ref TEXT NOT NULL,
  kind TEXT NOT NULL,                    -- 'alert' | 'digest' | 'onthisday' | 'notice'
  subject TEXT NOT NULL,
  payload TEXT NOT NULL,                 -- JSON of the neutral reply
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  platform_message_id TEXT,
  created_at TEXT NOT NULL,
  delivered_at TEXT
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_channel ON outbox(channel_ref, created_at);
`,
  },
  {
    id: 2,
    name: 'event counts by date',
    // Counting a period's events by walking the index costs O(events); a year of a million-event topic
    // took over 5 ms. Counts per distinct date span make a period's total a sum over a few thousand rows.
    sql: `
CREATE TABLE event_counts (
  topic_id INTEGER NOT NULL,
  date_start TEXT NOT NULL,
  date_end TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (topic_id, date_start, date_end)
) WITHOUT ROWID;
INSERT INTO event_counts (topic_id, date_start, date_end, n)
  SELECT topic_id, date_start, date_end, count(*) FROM events GROUP BY topic_id, date_start, date_end;
CREATE TRIGGER event_counts_ai AFTER INSERT ON events BEGIN
  INSERT INTO event_counts (topic_id, date_start, date_end, n) VALUES (new.topic_id, new.date_start, new.date_end, 1)
    ON CONFLICT (topic_id, date_start, date_end) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER event_counts_ad AFTER DELETE ON events BEGIN
  UPDATE event_counts SET n = n - 1 WHERE topic_id = old.topic_id AND date_start = old.date_start AND date_end = old.date_end;
END;
CREATE TRIGGER event_counts_au AFTER UPDATE OF topic_id, date_start, date_end ON events BEGIN
  UPDATE event_counts SET n = n - 1 WHERE topic_id = old.topic_id AND date_start = old.date_start AND date_end = old.date_end;
  INSERT INTO event_counts (topic_id, date_start, date_end, n) VALUES (new.topic_id, new.date_start, new.date_end, 1)
    ON CONFLICT (topic_id, date_start, date_end) DO UPDATE SET n = n + 1;
END;
`,
  },
  {
    id: 3,
    name: 'outbox batches and skips',
    // Alerts that coalesce into one message share a batch key, fixed before the send, so a resend after a
    // crash sends the same batch with the same idempotency key.
    sql: `
ALTER TABLE outbox ADD COLUMN batch_key TEXT;
CREATE INDEX outbox_batch ON outbox(batch_key) WHERE batch_key IS NOT NULL;
-- Scheduled posts decided against (nothing on this day, an empty digest), so they are decided once.
CREATE TABLE outbox_skips (
  key TEXT PRIMARY KEY,
  decided_at TEXT NOT NULL
) WITHOUT ROWID;
`,
  },
  {
    id: 10,
    name: 'feed polling state',
    // A feed that never answered with a parsable document is still to be backfilled (its first items are
    // recorded, not alerted); last_success_at tells. The due index serves the poller's every tick.
    sql: `
ALTER TABLE feeds ADD COLUMN last_success_at TEXT;
CREATE INDEX feeds_due ON feeds(next_poll_at) WHERE disabled_at IS NULL;
`,
  },
  {
    id: 4,
    name: 'mention dates',
    // The date each source itself gives. An event can be refined ("in 2013", then "on 15 September 2013"),
    // but a source that named only the year must not count as a report of that day when ranking dates.
    sql: `
ALTER TABLE event_sources ADD COLUMN mention_date TEXT;
ALTER TABLE event_sources ADD COLUMN mention_precision TEXT CHECK (mention_precision IN ('day', 'month', 'year'));
`,
  },
  {
    id: 5,
    name: 'event source counts',
    // How many articles report an event, kept on the event: the merge step reads it for every candidate event.
    sql: `
ALTER TABLE events ADD COLUMN source_count INTEGER NOT NULL DEFAULT 0;
UPDATE events SET source_count = (SELECT count(*) FROM event_sources s WHERE s.event_id = events.id);
CREATE TRIGGER event_sources_ai AFTER INSERT ON event_sources BEGIN
  UPDATE events SET source_count = source_count + 1 WHERE id = new.event_id;
END;
CREATE TRIGGER event_sources_ad AFTER DELETE ON event_sources BEGIN
  UPDATE events SET source_count = source_count - 1 WHERE id = old.event_id;
END;
`,
  },
  {
    id: 11,
    name: 'event importance',
    // The importance of each event, stored so look-ups can list a period's most important events first without
    // ranking at read time; and whether a source dated the event only by its publication day.
    sql: `
ALTER TABLE events ADD COLUMN importance REAL NOT NULL DEFAULT 0;
CREATE INDEX events_topic_importance ON events(topic_id, importance DESC, date_start);
ALTER TABLE event_sources ADD COLUMN implicit INTEGER NOT NULL DEFAULT 0;
`,
  },
  {
    id: 12,
    name: 'subscription mentions and templates',
    // Opt-in per subscription: a role (Discord) or user group (Slack) pinged by alerts, and the alerts' own wording.
    sql: `
ALTER TABLE subscriptions ADD COLUMN mention TEXT;
ALTER TABLE subscriptions ADD COLUMN template TEXT;
`,
  },
  {
    id: 6,
    name: 'outbox sends in doubt and delivery log',
    // A send marks its own rows just before it starts (sending_since), and a known outcome clears it: after a
    // crash only rows with sending_since set are in doubt, and their channel's history is read from
    // first_attempt_at on before any resend. Rows attempted under the old whole-batch marking count as in doubt.
    // delivery_log holds one line per row and outcome for the last day, for status and metrics.
    sql: `
ALTER TABLE outbox ADD COLUMN first_attempt_at TEXT;
ALTER TABLE outbox ADD COLUMN sending_since TEXT;
UPDATE outbox SET first_attempt_at = created_at, sending_since = created_at WHERE status = 'queued' AND attempts > 0;
CREATE INDEX outbox_queued_created ON outbox(created_at) WHERE status = 'queued';
CREATE TABLE delivery_log (
  at TEXT NOT NULL,
  platform TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('delivered', 'failed', 'retried'))
);
CREATE INDEX delivery_log_at ON delivery_log(at);
`,
  },
  {
    id: 13,
    name: 'tenants',
    // Each Discord server, Slack workspace and the console is a tenant; 'operator' owns the bundled and configured
    // topics (and is the console's and the CLI's tenant). Topic names are unique per tenant. A subscription belongs
    // to its channel's tenant; rows made before tenancy keep NULL until the platform says whose channel it is
    // (console channels are the operator's at once).
    rebuildsTables: true,
    sql: `
CREATE TABLE topics_new (
  id INTEGER PRIMARY KEY,
  tenant TEXT NOT NULL DEFAULT 'operator',
  name TEXT NOT NULL,
  title TEXT NOT NULL,
  keywords TEXT NOT NULL DEFAULT '[]',
  aliases TEXT NOT NULL DEFAULT '[]',
  exclude TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  seeded_from TEXT,                      -- 'operator/<name>' for a topic that follows a shared one
  UNIQUE (tenant, name)
);
INSERT INTO topics_new (id, tenant, name, title, keywords, aliases, exclude, created_at, updated_at)
  SELECT id, 'operator', name, title, keywords, aliases, exclude, created_at, created_at FROM topics;
DROP TABLE topics;
ALTER TABLE topics_new RENAME TO topics;
CREATE INDEX topics_name ON topics(name);

ALTER TABLE subscriptions ADD COLUMN tenant TEXT;
UPDATE subscriptions SET tenant = 'operator' WHERE channel_ref LIKE 'console:%';
CREATE INDEX subscriptions_tenant ON subscriptions(tenant, channel_ref);
CREATE INDEX feeds_url ON feeds(url);

CREATE TABLE tenants (
  id TEXT PRIMARY KEY,                   -- 'discord:<guild id>', 'slack:<team id>'
  name TEXT,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  left_at TEXT                           -- the bot left the server or the app was uninstalled: removed after the grace period
) WITHOUT ROWID;
`,
  },
  {
    id: 14,
    name: 'slack installations',
    // Bolt's OAuth installations, one per workspace (or per organisation, for an org-wide install). `data` is the
    // installation as JSON, encrypted (AES-256-GCM) with SLACK_INSTALLATION_KEY: the database never holds a token in clear.
    sql: `
CREATE TABLE slack_installations (
  key TEXT PRIMARY KEY,                  -- 'team:<team id>' or 'enterprise:<enterprise id>'
  team_id TEXT,
  enterprise_id TEXT,
  data BLOB NOT NULL,
  installed_at TEXT NOT NULL
) WITHOUT ROWID;
`,
  },
  {
    id: 15,
    name: 'published topics',
    // A tenant's own topic is private on the web unless its admin publishes it: then it is served under an
    // unguessable token (/t/<name>~<token>), until unpublished.
    sql: `
ALTER TABLE topics ADD COLUMN publish_token TEXT;
CREATE UNIQUE INDEX topics_publish_token ON topics(publish_token) WHERE publish_token IS NOT NULL;
`,
  },
  {
    id: 16,
    name: 'outbox rows belong to a tenant',
    // A post belongs to its channel's tenant, so the outbox is read and changed per tenant like subscriptions. Rows
    // and decisions made before take the tenant of their channel's subscriptions (console channels the operator's);
    // a channel no platform has claimed yet keeps NULL until it is claimed, with its subscriptions.
    sql: `
ALTER TABLE outbox ADD COLUMN tenant TEXT;
UPDATE outbox SET tenant = CASE WHEN channel_ref LIKE 'console:%' THEN 'operator'
  ELSE (SELECT s.tenant FROM subscriptions s WHERE s.channel_ref = outbox.channel_ref AND s.tenant IS NOT NULL LIMIT 1) END;
CREATE INDEX outbox_tenant_channel ON outbox(tenant, channel_ref);
ALTER TABLE outbox_skips ADD COLUMN tenant TEXT;
UPDATE outbox_skips SET tenant = CASE WHEN key LIKE 'console:%' THEN 'operator'
  ELSE (SELECT s.tenant FROM subscriptions s WHERE s.channel_ref = substr(outbox_skips.key, 1, instr(outbox_skips.key, '|') - 1)
    AND s.tenant IS NOT NULL LIMIT 1) END;
`,
  },
  {
    id: 20,
    name: 'story updates: edits and follow-ups',
    // An edit or a follow-up changes or answers a post already made: ref_key is that post's outbox key, whose
    // platform_message_id says which message to edit or reply under. A subscription's follow-ups go in the alert's
    // thread (the default) or to the channel as posts of their own.
    sql: `
ALTER TABLE outbox ADD COLUMN ref_key TEXT;
CREATE INDEX outbox_ref ON outbox(ref_key, kind) WHERE ref_key IS NOT NULL;
ALTER TABLE subscriptions ADD COLUMN followups TEXT NOT NULL DEFAULT 'thread' CHECK (followups IN ('thread', 'channel'));
`,
  },
  {
    id: 21,
    name: 'a topic\'s articles by topic',
    // "latest" stops at the topic's newest report (EventQuery.newestFirst), read from a topic's articles
    // without scanning every topic's.
    sql: `
CREATE INDEX article_topics_topic ON article_topics(topic_id, article_id);
`,
  },
  {
    id: 22,
    name: 'no full-text index of article text',
    // Nothing searched the articles' index: keyword look-ups search event summaries. Keeping it up to date
    // tokenised every article's whole body on ingest, and flushed that index again on each later statement of
    // the ingest transaction, about a tenth of ingest's time.
    sql: `
DROP TRIGGER articles_ai;
DROP TRIGGER articles_ad;
DROP TRIGGER articles_au;
DROP TABLE articles_fts;
`,
  },
  {
    id: 23,
    name: 'event summaries indexed once per transaction',
    // FTS5 writes its pending terms out at every statement savepoint, so indexing each new event as it was
    // inserted flushed the index once per event, the next statement of the ingest transaction paying for it. New
    // and reworded events now wait in events_unindexed (one plain row each) and are indexed together when the
    // transaction that wrote them commits (Store.transaction, a rescoring) or before a keyword search, whichever
    // comes first. An event still waiting is not in the index: rewording or deleting it touches only the queue.
    sql: `
CREATE TABLE events_unindexed (id INTEGER PRIMARY KEY);
DROP TRIGGER events_ai;
DROP TRIGGER events_ad;
DROP TRIGGER events_au;
CREATE TRIGGER events_ai AFTER INSERT ON events BEGIN
  INSERT OR IGNORE INTO events_unindexed(id) VALUES (new.id);
END;
CREATE TRIGGER events_ad AFTER DELETE ON events BEGIN
  INSERT INTO events_fts(events_fts, rowid, summary)
    SELECT 'delete', old.id, old.summary WHERE NOT EXISTS (SELECT 1 FROM events_unindexed WHERE id = old.id);
  DELETE FROM events_unindexed WHERE id = old.id;
END;
CREATE TRIGGER events_au AFTER UPDATE OF summary ON events WHEN NOT EXISTS (SELECT 1 FROM events_unindexed WHERE id = old.id) BEGIN
  INSERT INTO events_fts(events_fts, rowid, summary) VALUES ('delete', old.id, old.summary);
  INSERT INTO events_unindexed(id) VALUES (new.id);
END;
`,
  },
];

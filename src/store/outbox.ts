import type { Db } from './db.js';

export type OutboxStatus = 'queued' | 'delivered' | 'failed';

export interface OutboxEntry {
  id: number;
  /** Unique: channel, kind, subject and date. The same message is never queued twice. */
  key: string;
  channelRef: string;
  kind: string;
  subject: string;
  /** JSON of the reply to post. */
  payload: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  platformMessageId: string | null;
  createdAt: string;
  deliveredAt: string | null;
  batchKey: string | null;
}

export interface NewOutboxEntry {
  key: string;
  channelRef: string;
  kind: string;
  subject: string;
  payload: string;
}

const COLUMNS = `id, key, channel_ref AS channelRef, kind, subject, payload, status, attempts,
  next_attempt_at AS nextAttemptAt, last_error AS lastError, platform_message_id AS platformMessageId,
  created_at AS createdAt, delivered_at AS deliveredAt, batch_key AS batchKey`;

export class OutboxStore {
  private readonly insertRow;
  private readonly dueRows;
  private readonly deliveredRow;
  private readonly attemptRow;
  private readonly retryRow;
  private readonly failRow;
  private readonly batchRow;
  private readonly batchMembers;
  private readonly recentRows;
  private readonly recentForChannel;
  private readonly statusCounts;
  private readonly known;
  private readonly skip;
  private readonly refreshRow;

  constructor(private readonly db: Db) {
    this.insertRow = db.prepare(`
      INSERT INTO outbox (key, channel_ref, kind, subject, payload, next_attempt_at, created_at)
      VALUES (@key, @channelRef, @kind, @subject, @payload, @now, @now)
      ON CONFLICT (key) DO NOTHING`);
    // Channels whose subscriptions are paused (deleted channel, kicked bot) keep their rows, unsent, until resumed.
    this.dueRows = db.prepare<[string, number], OutboxEntry>(`
      SELECT ${COLUMNS} FROM outbox
      WHERE status = 'queued' AND next_attempt_at <= ?
        AND channel_ref NOT IN (SELECT channel_ref FROM subscriptions WHERE paused_reason IS NOT NULL)
      ORDER BY id LIMIT ?`);
    this.deliveredRow = db.prepare(`UPDATE outbox SET status = 'delivered', platform_message_id = ?, delivered_at = ?, last_error = NULL WHERE id = ? AND status = 'queued'`);
    this.attemptRow = db.prepare('UPDATE outbox SET attempts = attempts + 1 WHERE id = ?');
    this.retryRow = db.prepare('UPDATE outbox SET next_attempt_at = ?, last_error = ? WHERE id = ?');
    this.failRow = db.prepare(`UPDATE outbox SET status = 'failed', last_error = ? WHERE id = ?`);
    this.batchRow = db.prepare('UPDATE outbox SET batch_key = ? WHERE id = ? AND batch_key IS NULL');
    this.batchMembers = db.prepare<[string], OutboxEntry>(`SELECT ${COLUMNS} FROM outbox WHERE batch_key = ? ORDER BY id`);
    this.recentRows = db.prepare<[number], OutboxEntry>(`SELECT ${COLUMNS} FROM outbox ORDER BY id DESC LIMIT ?`);
    this.recentForChannel = db.prepare<[string, number], OutboxEntry>(`SELECT ${COLUMNS} FROM outbox WHERE channel_ref = ? ORDER BY id DESC LIMIT ?`);
    this.known = db.prepare<[string, string], number>(
      'SELECT 1 FROM outbox WHERE key = ? UNION ALL SELECT 1 FROM outbox_skips WHERE key = ? LIMIT 1').pluck();
    this.skip = db.prepare('INSERT OR IGNORE INTO outbox_skips (key, decided_at) VALUES (?, ?)');
    this.refreshRow = db.prepare(`UPDATE outbox SET payload = ? WHERE key = ? AND status = 'queued' AND attempts = 0`);
    this.statusCounts = db.prepare<[], { status: OutboxStatus; n: number }>('SELECT status, count(*) AS n FROM outbox GROUP BY status');
  }

  /** Queues a message unless one with the same key exists. Returns whether it was added. */
  enqueue(entry: NewOutboxEntry, now: Date): boolean {
    return this.insertRow.run({ ...entry, now: now.toISOString() }).changes > 0;
  }

  /** Replaces the payload of a message no send has started on; returns whether there was one. */
  refreshPayload(key: string, payload: string): boolean {
    return this.refreshRow.run(payload, key).changes > 0;
  }

  /** Whether a message with this key was queued, or decided against, already. */
  has(key: string): boolean {
    return this.known.get(key, key) !== undefined;
  }

  /** Records that nothing is to be sent under this key (an empty digest), so the decision is made once. */
  remember(key: string, now: Date): void {
    this.skip.run(key, now.toISOString());
  }

  due(now: Date, limit: number): OutboxEntry[] {
    return this.dueRows.all(now.toISOString(), limit);
  }

  /** Counts a send attempt before it starts, so a crash mid-send leaves the row marked as possibly sent. */
  recordAttempt(ids: number[]): void {
    this.db.transaction(() => ids.forEach((id) => this.attemptRow.run(id)))();
  }

  markDelivered(ids: number[], messageId: string, at: Date): void {
    this.db.transaction(() => ids.forEach((id) => this.deliveredRow.run(messageId, at.toISOString(), id)))();
  }

  retryAt(ids: number[], at: Date, error: string): void {
    this.db.transaction(() => ids.forEach((id) => this.retryRow.run(at.toISOString(), error, id)))();
  }

  fail(ids: number[], error: string): void {
    this.db.transaction(() => ids.forEach((id) => this.failRow.run(error, id)))();
  }

  /** Fixes which rows go out together as one message. */
  assignBatch(ids: number[], batchKey: string): void {
    this.db.transaction(() => ids.forEach((id) => this.batchRow.run(batchKey, id)))();
  }

  batch(batchKey: string): OutboxEntry[] {
    return this.batchMembers.all(batchKey);
  }

  recent(limit: number, channelRef?: string): OutboxEntry[] {
    return channelRef ? this.recentForChannel.all(channelRef, limit) : this.recentRows.all(limit);
  }

  counts(): Record<OutboxStatus, number> {
    const counts: Record<OutboxStatus, number> = { queued: 0, delivered: 0, failed: 0 };
    for (const row of this.statusCounts.all()) counts[row.status] = row.n;
    return counts;
  }
}

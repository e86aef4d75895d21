import type { Db } from './db.js';

export type OutboxStatus = 'queued' | 'delivered' | 'failed';

export interface OutboxEntry {
  id: number;
  /** The tenant of its channel; null for a channel no platform has said whose it is yet (claimed with its subscriptions). */
  tenant: string | null;
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
  /** When the first send began (wall clock): the start of the channel history to read for it. */
  firstAttemptAt: string | null;
  /** Set when a send begins, cleared when its outcome is known: set on a queued row means it may have gone out. */
  sendingSince: string | null;
  /** An edit or a follow-up: the key of the post whose message it edits or replies under. */
  refKey: string | null;
}

export type DeliveryOutcome = 'delivered' | 'failed' | 'retried';

export interface OutboxHealth {
  /** Rows queued, due or not. */
  depth: number;
  /** created_at of the oldest queued row. */
  oldestQueuedAt: string | null;
  /** Rows queued whose send may have gone out (checked against channel history before a resend). */
  inDoubt: number;
  /** Per platform, rows delivered, failed and retried since the given time. */
  platforms: Record<string, Record<DeliveryOutcome, number>>;
}

export interface NewOutboxEntry {
  key: string;
  channelRef: string;
  kind: string;
  subject: string;
  payload: string;
  /** An edit or a follow-up: the key of the post it edits or replies under. */
  refKey?: string;
  /** Not sent before this time (default: at once). */
  notBefore?: Date;
}

const COLUMNS = `id, tenant, key, channel_ref AS channelRef, kind, subject, payload, status, attempts,
  next_attempt_at AS nextAttemptAt, last_error AS lastError, platform_message_id AS platformMessageId,
  created_at AS createdAt, delivered_at AS deliveredAt, batch_key AS batchKey,
  first_attempt_at AS firstAttemptAt, sending_since AS sendingSince, ref_key AS refKey`;

/**
 * Posts to channels, each written before it is sent. A row belongs to its channel's tenant: the functions that queue,
 * read or change rows by key take the tenant (null: a channel not claimed yet) and reach only its rows. The
 * delivery loop (the functions named for all tenants, and those taking the row ids they hand out) and the operator's
 * status serve every tenant.
 */
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
  private readonly logRow;
  private readonly pruneLog;
  private readonly logCounts;
  private readonly queuedSummary;
  private readonly byKeyRow;
  private readonly setPayloadRow;
  private readonly unstartedUpdate;
  private readonly updateCount;
  private readonly lastUpdateAt;

  constructor(private readonly db: Db) {
    this.insertRow = db.prepare(`
      INSERT INTO outbox (tenant, key, channel_ref, kind, subject, payload, ref_key, next_attempt_at, created_at)
      SELECT @tenant, @key, @channelRef, @kind, @subject, @payload, @refKey, @due, @now
      WHERE @tenant IS NULL OR NOT EXISTS (SELECT 1 FROM subscriptions o WHERE o.channel_ref = @channelRef AND o.tenant IS NOT NULL AND o.tenant != @tenant)
      ON CONFLICT (key) DO NOTHING`);
    // Channels whose subscriptions are paused (deleted channel, kicked bot) keep their rows, unsent, until resumed.
    this.dueRows = db.prepare<[string, number], OutboxEntry>(`
      SELECT ${COLUMNS} FROM outbox
      WHERE status = 'queued' AND next_attempt_at <= ?
        AND channel_ref NOT IN (SELECT channel_ref FROM subscriptions WHERE paused_reason IS NOT NULL)
      ORDER BY id LIMIT ?`);
    this.deliveredRow = db.prepare(`UPDATE outbox SET status = 'delivered', platform_message_id = ?, delivered_at = ?, last_error = NULL,
      sending_since = NULL WHERE id = ? AND status = 'queued'`);
    this.attemptRow = db.prepare(`UPDATE outbox SET attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, @at),
      sending_since = @at WHERE id = @id`);
    this.retryRow = db.prepare(`UPDATE outbox SET next_attempt_at = @at, last_error = @error,
      sending_since = CASE WHEN @unsent THEN NULL ELSE sending_since END WHERE id = @id`);
    this.failRow = db.prepare(`UPDATE outbox SET status = 'failed', last_error = ? WHERE id = ?`);
    this.batchRow = db.prepare('UPDATE outbox SET batch_key = ? WHERE id = ? AND batch_key IS NULL');
    this.batchMembers = db.prepare<[string], OutboxEntry>(`SELECT ${COLUMNS} FROM outbox WHERE batch_key = ? ORDER BY id`);
    this.recentRows = db.prepare<[number], OutboxEntry>(`SELECT ${COLUMNS} FROM outbox ORDER BY id DESC LIMIT ?`);
    this.recentForChannel = db.prepare<[string, number], OutboxEntry>(`SELECT ${COLUMNS} FROM outbox WHERE channel_ref = ? ORDER BY id DESC LIMIT ?`);
    this.known = db.prepare<[string, string | null, string, string | null], number>(
      'SELECT 1 FROM outbox WHERE key = ? AND tenant IS ? UNION ALL SELECT 1 FROM outbox_skips WHERE key = ? AND tenant IS ? LIMIT 1').pluck();
    this.skip = db.prepare('INSERT OR IGNORE INTO outbox_skips (tenant, key, decided_at) VALUES (?, ?, ?)');
    this.refreshRow = db.prepare(`UPDATE outbox SET payload = ? WHERE key = ? AND tenant IS ? AND status = 'queued' AND attempts = 0`);
    this.logRow = db.prepare('INSERT INTO delivery_log (at, platform, outcome) VALUES (?, ?, ?)');
    this.pruneLog = db.prepare('DELETE FROM delivery_log WHERE at < ?');
    this.logCounts = db.prepare<[string], { platform: string; outcome: DeliveryOutcome; n: number }>(
      'SELECT platform, outcome, count(*) AS n FROM delivery_log WHERE at >= ? GROUP BY platform, outcome');
    this.queuedSummary = db.prepare<[], { depth: number; oldest: string | null; inDoubt: number }>(
      `SELECT count(*) AS depth, min(created_at) AS oldest, count(sending_since) AS inDoubt FROM outbox WHERE status = 'queued'`);
    this.statusCounts = db.prepare<[], { status: OutboxStatus; n: number }>('SELECT status, count(*) AS n FROM outbox GROUP BY status');
    this.byKeyRow = db.prepare<[string, string | null], OutboxEntry>(`SELECT ${COLUMNS} FROM outbox WHERE key = ? AND tenant IS ?`);
    this.setPayloadRow = db.prepare('UPDATE outbox SET payload = ? WHERE key = ? AND tenant IS ?');
    this.unstartedUpdate = db.prepare<[string, string, string | null], OutboxEntry>(`SELECT ${COLUMNS} FROM outbox
      WHERE ref_key = ? AND kind = ? AND tenant IS ? AND status = 'queued' AND attempts = 0 AND sending_since IS NULL ORDER BY id DESC LIMIT 1`);
    this.updateCount = db.prepare<[string, string, string | null], number>('SELECT count(*) FROM outbox WHERE ref_key = ? AND kind = ? AND tenant IS ?').pluck();
    this.lastUpdateAt = db.prepare<[string, string, string | null], string | null>(
      `SELECT max(delivered_at) FROM outbox WHERE ref_key = ? AND kind = ? AND tenant IS ? AND status = 'delivered'`).pluck();
  }

  /** The tenant's row queued under this key, whatever its status. */
  byKey(tenant: string | null, key: string): OutboxEntry | undefined {
    return this.byKeyRow.get(key, tenant);
  }

  /** Replaces the payload of the tenant's row whatever its status: a delivered post's row then holds what the message now says. */
  setPayload(tenant: string | null, key: string, payload: string): boolean {
    return this.setPayloadRow.run(payload, key, tenant).changes > 0;
  }

  /** The newest update of this kind to the tenant's post `refKey` that no send has started on: where a later change coalesces. */
  unstarted(tenant: string | null, refKey: string, kind: string): OutboxEntry | undefined {
    return this.unstartedUpdate.get(refKey, kind, tenant);
  }

  /** How many updates of this kind the tenant's post `refKey` has had queued, sent or not. */
  updates(tenant: string | null, refKey: string, kind: string): number {
    return this.updateCount.get(refKey, kind, tenant) ?? 0;
  }

  /** When the latest update of this kind to the tenant's post `refKey` was delivered, if any. */
  lastUpdate(tenant: string | null, refKey: string, kind: string): Date | undefined {
    const at = this.lastUpdateAt.get(refKey, kind, tenant);
    return at ? new Date(at) : undefined;
  }

  /**
   * Queues a message to one of the tenant's channels unless one with the same key exists; a channel another tenant's
   * subscriptions hold is refused. Returns whether it was added.
   */
  enqueue(tenant: string | null, entry: NewOutboxEntry, now: Date): boolean {
    const due = entry.notBefore && entry.notBefore > now ? entry.notBefore : now;
    const row = { key: entry.key, channelRef: entry.channelRef, kind: entry.kind, subject: entry.subject, payload: entry.payload, refKey: entry.refKey ?? null };
    return this.insertRow.run({ ...row, tenant, now: now.toISOString(), due: due.toISOString() }).changes > 0;
  }

  /** Replaces the payload of the tenant's message no send has started on; returns whether there was one. */
  refreshPayload(tenant: string | null, key: string, payload: string): boolean {
    return this.refreshRow.run(payload, key, tenant).changes > 0;
  }

  /** Whether the tenant queued, or decided against, a message with this key already. */
  has(tenant: string | null, key: string): boolean {
    return this.known.get(key, tenant, key, tenant) !== undefined;
  }

  /** Records that nothing is to be sent under this key (an empty digest), so the decision is made once. */
  remember(tenant: string | null, key: string, now: Date): void {
    this.skip.run(tenant, key, now.toISOString());
  }

  /** Every tenant's rows due to be sent: for the delivery loop. */
  dueAllTenants(now: Date, limit: number): OutboxEntry[] {
    return this.dueRows.all(now.toISOString(), limit);
  }

  /**
   * Marks one message's rows just before its send starts, committed: a crash mid-send leaves exactly these rows
   * in doubt. `at` is wall-clock time, the one chat platforms' history uses.
   */
  beginSend(ids: number[], at: Date): void {
    this.db.transaction(() => ids.forEach((id) => this.attemptRow.run({ id, at: at.toISOString() })))();
  }

  markDelivered(ids: number[], messageId: string, at: Date): void {
    this.db.transaction(() => ids.forEach((id) => this.deliveredRow.run(messageId, at.toISOString(), id)))();
  }

  /** Sends the rows again at `at`. `unsent`: the platform certainly did not post them, so they are no longer in doubt. */
  retryAt(ids: number[], at: Date, error: string, unsent = false): void {
    this.db.transaction(() => ids.forEach((id) => this.retryRow.run({ at: at.toISOString(), error, id, unsent: unsent ? 1 : 0 })))();
  }

  /** Counts outcomes per row for status and metrics; lines older than `keepSince` are dropped on the way. */
  logOutcome(platform: string, outcome: DeliveryOutcome, rows: number, at: Date, keepSince: Date): void {
    this.db.transaction(() => {
      for (let i = 0; i < rows; i++) this.logRow.run(at.toISOString(), platform, outcome);
      this.pruneLog.run(keepSince.toISOString());
    })();
  }

  /** Queue depth and delivery outcomes over every tenant: for the operator's status and metrics. */
  healthAllTenants(since: Date): OutboxHealth {
    const queued = this.queuedSummary.get()!;
    const platforms: OutboxHealth['platforms'] = {};
    for (const row of this.logCounts.all(since.toISOString())) {
      (platforms[row.platform] ??= { delivered: 0, failed: 0, retried: 0 })[row.outcome] = row.n;
    }
    return { depth: queued.depth, oldestQueuedAt: queued.oldest, inDoubt: queued.inDoubt, platforms };
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

  /** The newest rows of every tenant (or of one channel): for the operator's CLI. */
  recentAllTenants(limit: number, channelRef?: string): OutboxEntry[] {
    return channelRef ? this.recentForChannel.all(channelRef, limit) : this.recentRows.all(limit);
  }

  /** Rows per status over every tenant: for the operator's CLI and status. */
  countsAllTenants(): Record<OutboxStatus, number> {
    const counts: Record<OutboxStatus, number> = { queued: 0, delivered: 0, failed: 0 };
    for (const row of this.statusCounts.all()) counts[row.status] = row.n;
    return counts;
  }
}

import type { Logger } from 'pino';
import type { OutboxEntry, Store } from '../../store/index.js';
import { deliveryTag, HISTORY_BOUND, PostError, type ChannelPoster } from '../post.js';
import type { Reply } from '../reply.js';
import { combineAlerts } from '../schedule/posts.js';
import { RateLimiter } from './ratelimit.js';

// Drains the outbox: each queued row is posted once, within the platforms' rate limits, and marked delivered.
// Just before its own send, a message's rows are marked (committed) as being sent; a known outcome clears the mark.
// After a crash only those rows are in doubt, and before any resend the bot reads the channel's recent history
// for the delivery tag each post carries: found, the row is delivered; unreadable, the row waits, never resent blind.

export interface SenderOptions {
  maxAttempts: number;
  /** More queued alerts than this for one channel go out as one message. */
  burstThreshold: number;
  /** Channels served at the same time (each channel's messages stay in order); also the most sends in doubt after a crash. */
  concurrency?: number;
  /** The wall clock, for the send marks compared with platform history (default Date.now). */
  wallClock?: () => number;
}

export interface DrainReport {
  delivered: number;
  retried: number;
  failed: number;
  paused: number;
}

interface Message {
  channelRef: string;
  rows: OutboxEntry[];
  idempotencyKey: string;
}

/**
 * What sending a message means: a post; an edit of, or a reply under, a message already posted (an update, whose
 * row names that post's row); or nothing yet, while that post is unsent; or never, when it failed.
 */
type Target =
  | { kind: 'post' }
  | { kind: 'edit' | 'reply'; messageId: string; post: OutboxEntry }
  | { kind: 'wait' }
  | { kind: 'gone'; reason: string };

const BATCH_SIZE = 1000;

const platformOf = (message: Message): string => message.channelRef.split(':', 1)[0]!;
const MAX_BACKOFF_MS = 10 * 60 * 1000;
const PAUSED_RECHECK_MS = 60 * 60 * 1000;
const NO_PLATFORM_RECHECK_MS = 60 * 1000;
const HISTORY_RECHECK_MS = 60 * 1000;
/** An update whose post is not out yet looks again this much later. */
const UPDATE_WAIT_MS = 15 * 1000;
/** Clock skew allowed between this machine and the platform when reading history from a send's start. */
const HISTORY_SKEW_MS = 60 * 1000;
const LOG_KEEP_MS = 24 * 60 * 60 * 1000;

export class OutboxSender {
  private readonly posters = new Map<string, ChannelPoster>();
  private running: Promise<DrainReport> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(
    private readonly store: Store,
    posters: ChannelPoster[],
    private readonly options: SenderOptions,
    private readonly now: () => Date,
    private readonly log: Logger,
    private readonly limiter = new RateLimiter(),
  ) {
    for (const poster of posters) this.posters.set(poster.platform, poster);
  }

  /** Sends everything due now; resolves when the outbox has nothing more due. Concurrent calls share one run. */
  drain(): Promise<DrainReport> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drainLoop().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Drains every intervalMs, and whenever notify() says something was queued. */
  start(intervalMs = 1000): void {
    const tick = () => {
      void this.drain().catch((error: unknown) => this.log.error({ err: error }, 'outbox drain failed'));
    };
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
    tick();
  }

  notify(): void {
    void this.drain().catch((error: unknown) => this.log.error({ err: error }, 'outbox drain failed'));
  }

  /**
   * Starts no new send, and waits at most `graceMs` for the sends in flight. Rows not yet sent stay queued; a send
   * still running when the grace ends stays marked, so the next start checks it against the channel's history.
   */
  async stop(graceMs = Infinity): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    const running = this.running?.catch(() => undefined);
    if (!running) return;
    let timer: NodeJS.Timeout | undefined;
    const grace = Number.isFinite(graceMs) ? new Promise<void>((resolve) => { timer = setTimeout(resolve, graceMs); }) : new Promise<void>(() => undefined);
    await Promise.race([running, grace]);
    clearTimeout(timer);
  }

  private async drainLoop(): Promise<DrainReport> {
    const report: DrainReport = { delivered: 0, retried: 0, failed: 0, paused: 0 };
    do {
      this.again = false;
      while (!this.stopping) {
        const rows = this.store.outbox.dueAllTenants(this.now(), BATCH_SIZE);
        if (rows.length === 0) break;
        await this.sendAll(this.plan(rows), report);
        if (rows.length < BATCH_SIZE) break;
      }
    } while (this.again && !this.stopping);
    return report;
  }

  /** Groups due rows into messages: one per row, except bursts of alerts, which become one per channel. */
  private plan(rows: OutboxEntry[]): Message[][] {
    const byChannel = new Map<string, OutboxEntry[]>();
    for (const row of rows) {
      const list = byChannel.get(row.channelRef);
      if (list) list.push(row);
      else byChannel.set(row.channelRef, [row]);
    }
    const perChannel: Message[][] = [];
    for (const [channelRef, channelRows] of byChannel) {
      const messages: Message[] = [];
      const batched = new Set<string>();
      const freshAlerts = channelRows.filter((row) => row.kind === 'alert' && !row.batchKey);
      const separate = this.posters.get(channelRef.split(':', 1)[0]!)?.separatePosts?.(channelRef) ?? false;
      if (freshAlerts.length > this.options.burstThreshold && !separate) {
        const batchKey = `batch:${freshAlerts[0]!.key}`;
        this.store.outbox.assignBatch(freshAlerts.map((row) => row.id), batchKey);
        for (const row of freshAlerts) row.batchKey = batchKey;
      }
      for (const row of channelRows) {
        if (row.batchKey) {
          if (batched.has(row.batchKey)) continue;
          batched.add(row.batchKey);
          const members = this.store.outbox.batch(row.batchKey).filter((member) => member.status === 'queued');
          messages.push({ channelRef, rows: members, idempotencyKey: row.batchKey });
        } else {
          messages.push({ channelRef, rows: [row], idempotencyKey: row.key });
        }
      }
      perChannel.push(messages);
    }
    return perChannel;
  }

  private async sendAll(perChannel: Message[][], report: DrainReport): Promise<void> {
    const queue = [...perChannel];
    const workers = Array.from({ length: Math.min(this.options.concurrency ?? 32, queue.length) }, async () => {
      for (let messages = queue.shift(); messages && !this.stopping; messages = queue.shift()) {
        const unsent = await this.settleInDoubt(messages, report);
        for (const message of unsent) {
          if (this.stopping) break;
          const outcome = await this.send(message);
          report[outcome]++;
          if (outcome === 'paused') break; // the channel is broken: its other messages wait with it
        }
      }
    });
    await Promise.all(workers);
  }

  /** Where a message goes: see Target. */
  private targetOf(message: Message): Target {
    const refKey = message.rows[0]!.refKey;
    if (!refKey) return { kind: 'post' };
    const post = this.store.outbox.byKey(message.rows[0]!.tenant, refKey);
    if (!post || post.status === 'failed') return { kind: 'gone', reason: 'the post it updates was never made' };
    if (post.status === 'queued' || !post.platformMessageId) return { kind: 'wait' };
    return { kind: message.rows[0]!.kind === 'edit' ? 'edit' : 'reply', messageId: post.platformMessageId, post };
  }

  /**
   * Before a resend: one history read for the channel, from the earliest send in doubt on; an edit in doubt reads its
   * message's tag, a reply in doubt its thread. A message found there is marked delivered with its id; the others are
   * returned to send. When a read fails, the channel's messages wait.
   */
  private async settleInDoubt(messages: Message[], report: DrainReport): Promise<Message[]> {
    const inDoubt = messages.filter((message) => message.rows.some((row) => row.sendingSince !== null));
    const channelRef = messages[0]!.channelRef;
    const poster = this.posters.get(platformOf(messages[0]!));
    if (inDoubt.length === 0 || !poster?.delivered) return messages;
    const wallNow = this.wallNow();
    // A post is made while its request runs: a window closes shortly after the last send began.
    const windowOf = (rows: OutboxEntry[]) => {
      const firstSend = Math.min(...rows.map((row) => Date.parse(row.firstAttemptAt ?? row.sendingSince ?? row.createdAt)));
      const lastSend = Math.max(...rows.map((row) => Date.parse(row.sendingSince ?? row.createdAt)));
      return { since: new Date(Math.max(firstSend - HISTORY_SKEW_MS, wallNow - HISTORY_BOUND.ms)), until: new Date(Math.min(wallNow, lastSend + HISTORY_SKEW_MS)) };
    };
    const found = new Map<Message, string>();
    try {
      const posts = inDoubt.filter((message) => this.targetOf(message).kind === 'post');
      if (posts.length > 0) {
        await this.limiter.acquire(poster.platform, channelRef);
        const tags = await poster.delivered(channelRef, windowOf(posts.flatMap((message) => message.rows)));
        for (const message of posts) {
          const messageId = tags.get(deliveryTag(message.idempotencyKey));
          if (messageId !== undefined) found.set(message, messageId);
        }
      }
      for (const message of inDoubt) {
        const target = this.targetOf(message);
        if (target.kind === 'edit' && poster.tagOf) {
          await this.limiter.acquire(poster.platform, channelRef);
          if (await poster.tagOf(channelRef, target.messageId) === deliveryTag(message.idempotencyKey)) found.set(message, target.messageId);
        } else if (target.kind === 'reply') {
          await this.limiter.acquire(poster.platform, channelRef);
          const tags = await poster.delivered(channelRef, { ...windowOf(message.rows), replyTo: target.messageId });
          const messageId = tags.get(deliveryTag(message.idempotencyKey));
          if (messageId !== undefined) found.set(message, messageId);
        }
      }
    } catch (error) {
      const postError = error instanceof PostError ? error : new PostError((error as Error)?.message ?? String(error), 'retry');
      this.log.warn({ channel: channelRef, error: postError.message }, 'could not read channel history for a send in doubt; waiting');
      const wait = Math.max(postError.retryAfterMs ?? 0, HISTORY_RECHECK_MS);
      const ids = messages.flatMap((message) => message.rows.map((row) => row.id));
      this.store.outbox.retryAt(ids, new Date(this.now().getTime() + wait), `waiting to check the channel's history before a resend: ${postError.message}`);
      this.logOutcome(poster.platform, 'retried', ids.length);
      report.retried += messages.length;
      return [];
    }
    const unsent: Message[] = [];
    for (const message of messages) {
      const messageId = found.get(message);
      if (messageId === undefined) {
        unsent.push(message);
        continue;
      }
      this.log.info({ channel: channelRef, messageId }, 'a send in doubt had gone out; marked delivered');
      this.store.outbox.markDelivered(message.rows.map((row) => row.id), messageId, this.now());
      this.logOutcome(poster.platform, 'delivered', message.rows.length);
      report.delivered++;
    }
    return unsent;
  }

  private async send(message: Message): Promise<keyof DrainReport> {
    const ids = message.rows.map((row) => row.id);
    const platform = platformOf(message);
    const poster = this.posters.get(platform);
    if (!poster) {
      this.store.outbox.retryAt(ids, new Date(this.now().getTime() + NO_PLATFORM_RECHECK_MS), `the ${platform} platform is not running`);
      return 'retried';
    }
    const target = this.targetOf(message);
    if (target.kind === 'wait') {
      this.store.outbox.retryAt(ids, new Date(this.now().getTime() + UPDATE_WAIT_MS), 'waiting for the post it updates to be sent', true);
      return 'retried';
    }
    if (target.kind === 'gone') {
      this.store.outbox.fail(ids, target.reason);
      this.logOutcome(platform, 'failed', ids.length);
      return 'failed';
    }
    // An edit of alerts that went out as one message says what all of them say now.
    const reply = this.replyOf(target.kind === 'edit' && target.post.batchKey ? this.store.outbox.batch(target.post.batchKey) : message.rows);
    if (!reply) {
      this.store.outbox.fail(ids, 'the stored message is not valid JSON; it cannot be sent');
      this.logOutcome(platform, 'failed', ids.length);
      return 'failed';
    }
    const attempt = Math.max(...message.rows.map((row) => row.attempts)) + 1;
    try {
      await this.limiter.acquire(platform, message.channelRef);
      if (this.stopping) return 'retried';
      this.store.outbox.beginSend(ids, new Date(this.wallNow()));
      let messageId: string;
      if (target.kind === 'edit') {
        messageId = target.messageId;
        await poster.edit?.(message.channelRef, messageId, reply, { idempotencyKey: message.idempotencyKey });
      } else {
        const replyTo = target.kind === 'reply' ? target.messageId : undefined;
        messageId = (await poster.post(message.channelRef, reply, { idempotencyKey: message.idempotencyKey, replyTo })).messageId;
      }
      this.store.outbox.markDelivered(ids, messageId, this.now());
      this.logOutcome(platform, 'delivered', ids.length);
      return 'delivered';
    } catch (error) {
      const outcome = this.handleFailure(message, ids, attempt, error);
      this.logOutcome(platform, outcome === 'failed' ? 'failed' : 'retried', ids.length);
      return outcome;
    }
  }

  /** The reply to post, or null when a stored payload is unreadable (that row fails alone, with the reason). */
  private replyOf(rows: OutboxEntry[]): Reply | null {
    try {
      const replies = rows.map((row) => JSON.parse(row.payload) as Reply);
      if (replies.some((reply) => typeof reply?.title !== 'string' || !Array.isArray(reply.items))) return null;
      return replies.length === 1 ? replies[0]! : combineAlerts(replies);
    } catch {
      return null;
    }
  }

  private wallNow(): number {
    return (this.options.wallClock ?? Date.now)();
  }

  private logOutcome(platform: string, outcome: 'delivered' | 'failed' | 'retried', rows: number): void {
    const now = this.now();
    this.store.outbox.logOutcome(platform, outcome, rows, now, new Date(now.getTime() - LOG_KEEP_MS));
  }

  private handleFailure(message: Message, ids: number[], attempt: number, error: unknown): keyof DrainReport {
    const postError = error instanceof PostError ? error : new PostError((error as Error)?.message ?? String(error), 'retry');
    const now = this.now().getTime();
    this.log.warn({ channel: message.channelRef, kind: postError.kind, attempt, error: postError.message }, 'post failed');
    if (postError.kind === 'broken-target') {
      const paused = this.store.subscriptions.pause(message.channelRef, postError.message);
      if (paused > 0 || this.store.subscriptions.forChannelRef(message.channelRef).length > 0) {
        this.store.outbox.retryAt(ids, new Date(now + PAUSED_RECHECK_MS), postError.message, true);
        return 'paused';
      }
      this.store.outbox.fail(ids, postError.message);
      return 'failed';
    }
    if (postError.kind === 'rejected' || attempt >= this.options.maxAttempts) {
      const reason = postError.kind === 'rejected' ? postError.message : `gave up after ${attempt} attempts: ${postError.message}`;
      this.store.outbox.fail(ids, reason);
      return 'failed';
    }
    const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
    // A rate limit refuses the request before any message is made; a 5xx or a network error may come after it.
    this.store.outbox.retryAt(ids, new Date(now + Math.max(postError.retryAfterMs ?? 0, backoff)), postError.message, postError.retryAfterMs !== undefined);
    return 'retried';
  }
}

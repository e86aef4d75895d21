import type { Logger } from 'pino';
import type { OutboxEntry, Store } from '../../store/index.js';
import { PostError, type ChannelPoster } from '../post.js';
import type { Reply } from '../reply.js';
import { combineAlerts } from '../schedule/posts.js';
import { RateLimiter } from './ratelimit.js';

// Drains the outbox: each queued row is posted once, within the platforms' rate limits, and marked delivered.
// A row's attempt is counted (committed) before its send, and the send carries an idempotency key derived
// from the outbox key, so a crash between send and mark leads to a resend the platform can recognise.

export interface SenderOptions {
  maxAttempts: number;
  /** More queued alerts than this for one channel go out as one message. */
  burstThreshold: number;
  /** Channels served at the same time (each channel's messages stay in order). */
  concurrency?: number;
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

const BATCH_SIZE = 1000;

const platformOf = (message: Message): string => message.channelRef.split(':', 1)[0]!;
const MAX_BACKOFF_MS = 10 * 60 * 1000;
const PAUSED_RECHECK_MS = 60 * 60 * 1000;
const NO_PLATFORM_RECHECK_MS = 60 * 1000;

export class OutboxSender {
  private readonly posters = new Map<string, ChannelPoster>();
  private running: Promise<DrainReport> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;

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

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async drainLoop(): Promise<DrainReport> {
    const report: DrainReport = { delivered: 0, retried: 0, failed: 0, paused: 0 };
    do {
      this.again = false;
      for (;;) {
        const rows = this.store.outbox.due(this.now(), BATCH_SIZE);
        if (rows.length === 0) break;
        const plan = this.plan(rows);
        // Every send about to start counts as an attempt, committed first (one transaction for the batch):
        // after a crash, a row with attempts is one that may have gone out, and is resent with the same key.
        this.store.outbox.recordAttempt(plan.flat().filter((m) => this.posters.has(platformOf(m))).flatMap((m) => m.rows.map((row) => row.id)));
        await this.sendAll(plan, report);
        if (rows.length < BATCH_SIZE) break;
      }
    } while (this.again);
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
      if (freshAlerts.length > this.options.burstThreshold) {
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
      for (let messages = queue.shift(); messages; messages = queue.shift()) {
        for (const message of messages) {
          const outcome = await this.send(message);
          report[outcome]++;
          if (outcome === 'paused') break; // the channel is broken: its other messages wait with it
        }
      }
    });
    await Promise.all(workers);
  }

  private async send(message: Message): Promise<keyof DrainReport> {
    const ids = message.rows.map((row) => row.id);
    const platform = platformOf(message);
    const poster = this.posters.get(platform);
    if (!poster) {
      this.store.outbox.retryAt(ids, new Date(this.now().getTime() + NO_PLATFORM_RECHECK_MS), `the ${platform} platform is not running`);
      return 'retried';
    }
    const attempt = Math.max(...message.rows.map((row) => row.attempts)) + 1;
    try {
      await this.limiter.acquire(platform, message.channelRef);
      const reply = message.rows.length === 1 ? (JSON.parse(message.rows[0]!.payload) as Reply) : combineAlerts(message.rows.map((row) => JSON.parse(row.payload) as Reply));
      const { messageId } = await poster.post(message.channelRef, reply, { idempotencyKey: message.idempotencyKey });
      this.store.outbox.markDelivered(ids, messageId, this.now());
      return 'delivered';
    } catch (error) {
      return this.handleFailure(message, ids, attempt, error);
    }
  }

  private handleFailure(message: Message, ids: number[], attempt: number, error: unknown): keyof DrainReport {
    const postError = error instanceof PostError ? error : new PostError((error as Error)?.message ?? String(error), 'retry');
    const now = this.now().getTime();
    this.log.warn({ channel: message.channelRef, kind: postError.kind, attempt, error: postError.message }, 'post failed');
    if (postError.kind === 'broken-target') {
      const paused = this.store.subscriptions.pause(message.channelRef, postError.message);
      if (paused > 0 || this.store.subscriptions.forChannelRef(message.channelRef).length > 0) {
        this.store.outbox.retryAt(ids, new Date(now + PAUSED_RECHECK_MS), postError.message);
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
    this.store.outbox.retryAt(ids, new Date(now + Math.max(postError.retryAfterMs ?? 0, backoff)), postError.message);
    return 'retried';
  }
}

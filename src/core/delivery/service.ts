import cron from 'node-cron';
import type { Logger } from 'pino';
import type { LoadedConfig } from '../../config/index.js';
import type { Store } from '../../store/index.js';
import type { ChannelPoster } from '../post.js';
import { planDuePosts } from '../schedule/scheduler.js';
import { OutboxSender } from './sender.js';
import { limitsFor, RateLimiter } from './ratelimit.js';

/** What delivery needs of the running app (the app passes itself). */
export interface DeliveryDeps {
  store: Store;
  config: LoadedConfig;
  now: () => Date;
  log: Logger;
}

export interface DeliveryService {
  sender: OutboxSender;
  /** Plans due posts now and drains the outbox (also run by the minute tick). */
  tick(): Promise<void>;
  /** Stops the schedules and the sender; sends in flight get at most `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * The schedules and the outbox sender: a node-cron tick each minute (UTC) queues due posts;
 * the sender drains the outbox. The first tick runs at start, so posts missed while down are caught up.
 */
export function startDelivery(app: DeliveryDeps, posters: ChannelPoster[]): DeliveryService {
  const { delivery } = app.config;
  const limiter = new RateLimiter(limitsFor(delivery));
  const sender = new OutboxSender(app.store, posters, { maxAttempts: delivery.maxAttempts, burstThreshold: delivery.burstThreshold }, app.now, app.log, limiter);
  const tick = async () => {
    try {
      const planned = planDuePosts(app.store, app.config, app.now(), app.log);
      if (planned.queued.length > 0) app.log.info({ queued: planned.queued.length }, 'scheduled posts queued');
    } catch (error) {
      app.log.error({ err: error }, 'planning scheduled posts failed');
    }
    await sender.drain();
  };
  const task = cron.schedule('* * * * *', () => tick(), { timezone: 'UTC', name: 'dateline-schedules', noOverlap: true });
  sender.start();
  void tick();
  return {
    sender,
    tick,
    stop: async (graceMs) => {
      await task.stop();
      await sender.stop(graceMs);
    },
  };
}

import type { Logger } from 'pino';
import type { LoadedConfig } from '../../config/index.js';
import type { Store, Subscription, Topic } from '../../store/index.js';
import type { Reply } from '../reply.js';
import { addDays, localParts, zonedInstant } from './localtime.js';
import { digestReply, lateNote, onThisDayReply } from './posts.js';

// Each minute: which scheduled posts are due, in each subscription's own time zone.
// A post is queued in the outbox under a key naming its channel, kind, topic and local date, so it is
// queued once however many ticks (or restarts) see it due.

export interface Occurrence {
  /** The local date the post belongs to. */
  localDate: string;
  dueAt: Date;
}

/**
 * The most recent time the subscription's local time came round, at or before now: today's if it has
 * passed, else yesterday's. A post missed while the bot was down is therefore still caught up once.
 */
export function latestOccurrence(sub: Pick<Subscription, 'localTime' | 'timezone'>, now: Date): Occurrence {
  const today = localParts(now, sub.timezone).date;
  const dueToday = zonedInstant(today, sub.localTime, sub.timezone);
  if (dueToday.getTime() <= now.getTime()) return { localDate: today, dueAt: dueToday };
  const yesterday = addDays(today, -1);
  return { localDate: yesterday, dueAt: zonedInstant(yesterday, sub.localTime, sub.timezone) };
}

export const outboxKey = (channelRef: string, kind: string, subject: string, date: string): string =>
  `${channelRef}|${kind}|${subject}|${date}`;

export interface PlanResult {
  queued: { key: string; kind: string; channelRef: string }[];
  /** Subscriptions whose stored settings cannot be planned (a damaged time zone or time); the others go on. */
  skipped: { channelRef: string; topic: string; localTime: string; timezone: string; reason: string }[];
}

/** Queues every scheduled post that is due and not yet queued; a subscription that cannot be planned is logged and skipped. */
export function planDuePosts(store: Store, config: LoadedConfig, now: Date, log?: Logger): PlanResult {
  const queued: PlanResult['queued'] = [];
  const skipped: PlanResult['skipped'] = [];
  const topics = new Map(store.topics.every().map((t) => [t.id, t]));
  for (const sub of store.subscriptions.all()) {
    if (sub.pausedReason) continue;
    const topic = topics.get(sub.topicId);
    if (!topic) continue;
    try {
      queued.push(...planSubscription(store, config, sub, topic, now));
    } catch (error) {
      const skip = { channelRef: sub.channelRef, topic: topic.name, localTime: sub.localTime, timezone: sub.timezone, reason: (error as Error).message };
      log?.warn(skip, 'a subscription with damaged settings was skipped; subscribing again fixes it');
      skipped.push(skip);
    }
  }
  return { queued, skipped };
}

function planSubscription(store: Store, config: LoadedConfig, sub: Subscription, topic: Topic, now: Date): PlanResult['queued'] {
  const queued: PlanResult['queued'] = [];
  const occurrence = latestOccurrence(sub, now);
  if (Number.isNaN(occurrence.dueAt.getTime())) throw new Error('not a valid local time');
  // Nothing is owed for a time that came round before the channel subscribed. (A replayed clock set
  // before the subscription, as with DATELINE_NOW, has no such past: everything in it is owed.)
  const createdAt = new Date(sub.createdAt).getTime();
  if (createdAt <= now.getTime() && occurrence.dueAt.getTime() < createdAt) return queued;
  if (sub.onThisDay) {
    const key = outboxKey(sub.channelRef, 'onthisday', topic.name, occurrence.localDate);
    if (queue(store, key, sub, 'onthisday', topic, occurrence, now, () => onThisDayReply(store, topic, occurrence.localDate, config.delivery.postEmptyOnThisDay))) {
      queued.push({ key, kind: 'onthisday', channelRef: sub.channelRef });
    }
  }
  if (sub.mode === 'daily') {
    const key = outboxKey(sub.channelRef, 'digest', topic.name, occurrence.localDate);
    const since = new Date(sub.lastDigestAt ?? sub.createdAt);
    const made = queue(store, key, sub, 'digest', topic, occurrence, now, () => digestReply(store, topic, sub, since, now, occurrence.localDate, config.delivery.digestCap), () => store.subscriptions.markDigest(sub.id, now));
    if (made) queued.push({ key, kind: 'digest', channelRef: sub.channelRef });
  }
  return queued;
}

/**
 * Decides and queues one post in a single transaction, with its side effect (the digest watermark):
 * either both land or neither. A decision of "nothing to post" is remembered too.
 */
function queue(store: Store, key: string, sub: Subscription, kind: string, topic: Topic, occurrence: Occurrence, now: Date, compose: () => Reply | null, alsoDo?: () => void): boolean {
  if (store.outbox.has(sub.tenant, key)) return false;
  return store.transaction(() => {
    const reply = compose();
    alsoDo?.();
    if (!reply) {
      store.outbox.remember(sub.tenant, key, now);
      return false;
    }
    const late = lateNote(occurrence.dueAt, sub.timezone, sub.localTime, now);
    if (late) reply.text = reply.text ? `${late}\n${reply.text}` : late;
    return store.outbox.enqueue(sub.tenant, { key, channelRef: sub.channelRef, kind, subject: topic.name, payload: JSON.stringify(reply) }, now);
  });
}

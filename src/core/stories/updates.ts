import type { Store, Subscription, Topic } from '../../store/index.js';
import type { Reply } from '../reply.js';
import { alertKey, payloadFor, storyAlert } from '../schedule/alerts.js';
import { passesFilter, storyItem } from '../schedule/posts.js';
import { outboxKey } from '../schedule/scheduler.js';
import { countLabel } from '../timeline.js';

// A story already alerted in a channel changes in place: its alert is edited to list every source ("N sources"),
// and a new dated development is posted as a follow-up in the alert's thread (or the channel, as the subscription
// chose). Both are outbox rows like any post, keyed, so each is sent once; ref_key names the alert they change.

/** Edits of one message are this far apart at least: changes in between coalesce into the next edit. */
export const EDIT_INTERVAL_MS = 60_000;

/** A development: the day an article's title or first sentence reports, later than any the story had. */
export interface Development {
  date: string;
  articleId: number;
}

export interface StoryUpdates {
  /** Unsent alerts brought up to date (no edit needed). */
  refreshed: number;
  /** Edits queued, or pending edits brought up to date. */
  edits: number;
  followups: number;
}

/** The follow-up post for a development: the story's newest report, dated the day it names. */
function followupReply(store: Store, topic: Topic, storyId: number, development: Development): Reply | undefined {
  const story = store.stories.get(topic.tenant, storyId);
  const articles = store.stories.articles(topic.tenant, [storyId]).get(storyId) ?? [];
  const article = articles.find((a) => a.articleId === development.articleId);
  if (!story || !article) return undefined;
  const item = { ...storyItem({ ...story, title: article.title, firstSeen: development.date }, [article]), date: development.date };
  return { title: `Update: ${story.title}`, items: [item], footer: `${countLabel(articles.length, 'source')} in this story`, more: `/${topic.name} latest` };
}

function queueEdit(store: Store, sub: Subscription, topic: Topic, storyId: number, refKey: string, payload: string, now: Date): boolean {
  const pending = store.outbox.unstarted(sub.tenant, refKey, 'edit');
  if (pending) return store.outbox.refreshPayload(sub.tenant, pending.key, payload);
  const last = store.outbox.lastUpdate(sub.tenant, refKey, 'edit');
  const key = outboxKey(sub.channelRef, 'edit', topic.name, `story:${storyId}:edit:${store.outbox.updates(sub.tenant, refKey, 'edit') + 1}`);
  const notBefore = last ? new Date(last.getTime() + EDIT_INTERVAL_MS) : undefined;
  return store.outbox.enqueue(sub.tenant, { key, channelRef: sub.channelRef, kind: 'edit', subject: topic.name, payload, refKey, notBefore }, now);
}

/**
 * After a story gained a source: for every instant subscriber already alerted, the alert is brought up to date
 * (its payload while unsent, else an edit of the posted message), and a development is followed up. Call it in the
 * transaction that adds the source.
 */
export function updateStoryAlerts(store: Store, topic: Topic, storyId: number, now: Date, development?: Development): StoryUpdates {
  const updates: StoryUpdates = { refreshed: 0, edits: 0, followups: 0 };
  const alert = storyAlert(store, topic, storyId);
  if (!alert) return updates;
  const followup = development ? followupReply(store, topic, storyId, development) : undefined;
  for (const sub of store.subscriptions.instantFor(topic.id)) {
    if (!passesFilter(sub.filter, alert.text)) continue;
    const refKey = alertKey(sub.channelRef, topic, storyId);
    const posted = store.outbox.byKey(sub.tenant, refKey);
    if (!posted || posted.status === 'failed') continue;
    const payload = payloadFor(sub, alert.reply, topic);
    if (store.outbox.refreshPayload(sub.tenant, refKey, payload)) {
      updates.refreshed++;
      continue;
    }
    // Sent, or its send has begun: the row keeps what the message is to say, and an edit says it.
    store.outbox.setPayload(sub.tenant, refKey, payload);
    if (queueEdit(store, sub, topic, storyId, refKey, payload, now)) updates.edits++;
    if (!followup || !development) continue;
    const key = outboxKey(sub.channelRef, 'followup', topic.name, `story:${storyId}:${development.date}`);
    const inThread = sub.followups === 'thread';
    const entry = { key, channelRef: sub.channelRef, kind: 'followup', subject: topic.name, payload: JSON.stringify(followup), refKey: inThread ? refKey : undefined };
    if (store.outbox.enqueue(sub.tenant, entry, now)) updates.followups++;
  }
  return updates;
}

import type { Store, Subscription, Topic } from '../../store/index.js';
import type { Reply } from '../reply.js';
import { applyTemplate } from '../templates/index.js';
import { alertReply, passesFilter } from './posts.js';
import { outboxKey } from './scheduler.js';

/** The alert for a story as it stands (every source so far), and the text subscription filters look at. */
export function storyAlert(store: Store, topic: Topic, storyId: number): { reply: Reply; text: string } | undefined {
  const story = store.stories.get(topic.tenant, storyId);
  if (!story) return undefined;
  const articles = store.stories.articles(topic.tenant, [storyId]).get(storyId) ?? [];
  return { reply: alertReply(topic, story, articles), text: [story.title, ...articles.map((a) => a.title)].join(' ') };
}

/** The alert as one subscription gets it: in its template's words, pinging its role when it opted in. */
export function payloadFor(sub: Subscription, reply: Reply, topic: Topic): string {
  const worded = sub.template ? applyTemplate(reply, sub.template, topic.title) : reply;
  return JSON.stringify(sub.mention ? { ...worded, mention: sub.mention } : worded);
}

export const alertKey = (channelRef: string, topic: Topic, storyId: number) => outboxKey(channelRef, 'alert', topic.name, `story:${storyId}`);

/**
 * Queues the alert for a new story to every instant subscriber of its topic whose filter it passes.
 * Call it inside the transaction that creates the story, so the story and its alerts land together.
 * Returns the channels queued. A story is alerted once per channel: later sources never re-alert
 * (they show in the next digest, or in the alert itself while it is still unsent: refreshStoryAlerts).
 */
export function queueStoryAlerts(store: Store, topic: Topic, storyId: number, now: Date): string[] {
  const alert = storyAlert(store, topic, storyId);
  if (!alert) return [];
  const channels: string[] = [];
  for (const sub of store.subscriptions.instantFor(topic.id)) {
    if (!passesFilter(sub.filter, alert.text)) continue;
    const entry = { key: alertKey(sub.channelRef, topic, storyId), channelRef: sub.channelRef, kind: 'alert', subject: topic.name, payload: payloadFor(sub, alert.reply, topic) };
    if (store.outbox.enqueue(sub.tenant, entry, now)) channels.push(sub.channelRef);
  }
  return channels;
}

/**
 * After a story gains a source: its alerts that no send has started on yet list every source so far, so
 * outlets reporting it in the same poll show in its one alert. Returns how many were brought up to date.
 */
export function refreshStoryAlerts(store: Store, topic: Topic, storyId: number): number {
  const alert = storyAlert(store, topic, storyId);
  if (!alert) return 0;
  return store.subscriptions.instantFor(topic.id)
    .filter((sub) => store.outbox.refreshPayload(sub.tenant, alertKey(sub.channelRef, topic, storyId), payloadFor(sub, alert.reply, topic))).length;
}

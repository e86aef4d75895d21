import type { Store, Topic } from '../../store/index.js';
import { alertReply, passesFilter } from './posts.js';
import { outboxKey } from './scheduler.js';

/**
 * Queues the alert for a new story to every instant subscriber of its topic whose filter it passes.
 * Call it inside the transaction that creates the story, so the story and its alerts land together.
 * Returns the channels queued. A story is alerted once per channel: later sources never re-alert
 * (they show in the next digest).
 */
export function queueStoryAlerts(store: Store, topic: Topic, storyId: number, now: Date): string[] {
  const story = store.stories.get(storyId);
  if (!story) return [];
  const articles = store.stories.articles([storyId]).get(storyId) ?? [];
  const reply = alertReply(topic, story, articles);
  const text = [story.title, ...articles.map((a) => a.title)].join(' ');
  const payload = JSON.stringify(reply);
  const channels: string[] = [];
  for (const sub of store.subscriptions.instantFor(topic.id)) {
    if (!passesFilter(sub.filter, text)) continue;
    const key = outboxKey(sub.channelRef, 'alert', topic.name, `story:${storyId}`);
    if (store.outbox.enqueue({ key, channelRef: sub.channelRef, kind: 'alert', subject: topic.name, payload }, now)) channels.push(sub.channelRef);
  }
  return channels;
}

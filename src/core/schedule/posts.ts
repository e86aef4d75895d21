import type { Store, Story, StoryArticle, Subscription, Topic } from '../../store/index.js';
import { formatDate } from '../dates.js';
import type { Reply, ReplyItem } from '../reply.js';
import { countLabel, onThisDay, toReplyItems } from '../timeline.js';

// What scheduled and alert messages say: neutral replies, rendered by each platform like any answer.

/** A story as a reply item: dated the day it was first seen, titled by its first report, with every source. */
export function storyItem(story: Story, articles: StoryArticle[]): ReplyItem {
  return {
    date: story.firstSeen.slice(0, 10),
    precision: 'day',
    summary: story.title,
    sources: articles.map((a) => ({ title: a.outlet ? `${a.title} (${a.outlet})` : a.title, url: a.url, published: a.published.slice(0, 10) })),
  };
}

/** Whether an item passes a subscription's filter: one of its words in the summary or a source title. */
export function passesFilter(filter: string | null, text: string): boolean {
  if (!filter) return true;
  const haystack = text.toLowerCase();
  return filter.toLowerCase().split(/[\s,]+/).filter(Boolean).some((word) => haystack.includes(word));
}

export function alertReply(topic: Topic, story: Story, articles: StoryArticle[]): Reply {
  const item = storyItem(story, articles);
  return { title: `New on ${topic.title}`, items: [item], footer: countLabel(articles.length, 'source'), more: `/${topic.name} latest` };
}

/**
 * Several queued alerts for one channel as one message. Alerts worded by a template carry their text instead of
 * items; the role a subscription pings is pinged once.
 */
export function combineAlerts(replies: Reply[]): Reply {
  const items = replies.flatMap((reply) => reply.items);
  const texts = replies.flatMap((reply) => (reply.text ? [reply.text] : []));
  const topics = [...new Set(replies.map((reply) => reply.title))];
  const more = [...new Set(replies.map((reply) => reply.more))];
  // Counted by alert: a templated alert carries text, not items.
  const combined: Reply = { title: `${countLabel(replies.length, 'new story', 'new stories')}${topics.length === 1 ? `: ${topics[0]!.replace(/^New on /, '')}` : ''}`, items, footer: countLabel(replies.length, 'story', 'stories') };
  if (more.length === 1 && more[0]) combined.more = more[0];
  const mention = replies.find((reply) => reply.mention)?.mention;
  if (mention) combined.mention = mention;
  if (texts.length > 0) combined.text = texts.join('\n\n');
  return combined;
}

export function lateNote(dueAt: Date, timezone: string, localTime: string, now: Date): string | undefined {
  const lateMs = now.getTime() - dueAt.getTime();
  if (lateMs <= 60 * 60 * 1000) return undefined;
  const hours = Math.round(lateMs / 3_600_000);
  return `Late: this was due at ${localTime} (${timezone}), ${hours} hour${hours === 1 ? '' : 's'} ago, while the bot was offline.`;
}

export function onThisDayReply(store: Store, topic: Topic, localDate: string, postEmpty: boolean): Reply | null {
  const items = onThisDay(store, topic.tenant, topic, localDate);
  const day = formatDate({ value: localDate, precision: 'day' }).replace(/ \d{4}$/, '');
  if (items.length === 0) {
    return postEmpty ? { title: `On this day, ${day}: ${topic.title}`, items: [], text: 'Nothing in the timeline happened on this day in past years.', more: `/${topic.name} today` } : null;
  }
  return { title: `On this day, ${day}: ${topic.title}`, items, footer: countLabel(items.length), more: `/${topic.name} today` };
}

/** New stories and events since the last digest, each list capped with "and N more"; null when nothing is new. */
export function digestReply(store: Store, topic: Topic, sub: Subscription, since: Date, until: Date, localDate: string, cap: number): Reply | null {
  const stories = store.stories.activeBetween(topic.tenant, topic.id, since, until);
  const storyArticles = store.stories.articles(topic.tenant, stories.map((s) => s.id));
  const storyItems = stories
    .map((story) => storyItem(story, storyArticles.get(story.id) ?? []))
    .filter((item) => passesFilter(sub.filter, [item.summary, ...item.sources.map((s) => s.title)].join(' ')));
  // The most important new events are the ones listed; the list then reads in date order.
  const events = store.events.page(topic.tenant, { topicId: topic.id, createdAfter: since.toISOString(), createdUntil: until.toISOString(), byImportance: true, limit: -1 }).events;
  const eventItems = toReplyItems(store, topic.tenant, events).filter((item) => passesFilter(sub.filter, item.summary));
  const listedEvents = eventItems.slice(0, cap).sort((a, b) => a.date.slice(0, 10).localeCompare(b.date.slice(0, 10)));
  if (storyItems.length === 0 && eventItems.length === 0) return null;
  const lines: string[] = [];
  if (storyItems.length > 0) lines.push(`${countLabel(storyItems.length, 'new story', 'new stories')}${storyItems.length > cap ? `; the first ${cap} are listed, and ${storyItems.length - cap} more` : ''}.`);
  if (eventItems.length > 0) lines.push(`${countLabel(eventItems.length, 'new dated event')} in the timeline${eventItems.length > cap ? `; the ${cap} most important are listed, and ${eventItems.length - cap} more (see /${topic.name} latest)` : ''}.`);
  const heading = formatDate({ value: localDate, precision: 'day' });
  return {
    title: `Daily digest, ${heading}: ${topic.title}`,
    items: [...storyItems.slice(0, cap), ...listedEvents],
    text: lines.join('\n'),
    footer: `${countLabel(storyItems.length, 'story', 'stories')} · ${countLabel(eventItems.length)}`,
    more: `/${topic.name} latest`,
  };
}

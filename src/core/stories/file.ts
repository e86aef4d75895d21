import type { Store, StoryClusterRow, Topic } from '../../store/index.js';
import { queueStoryAlerts } from '../schedule/alerts.js';
import { assignStory, STORY_WINDOW_HOURS, type ClusterItem } from './cluster.js';
import { updateStoryAlerts, type Development, type StoryUpdates } from './updates.js';

export interface StoryFiling {
  storyId: number;
  /** The article was new to the story. */
  changed: boolean;
  /** Alerts queued for a new story. */
  alerts: number;
  /** For a story already alerted: its alerts brought up to date, edits and follow-ups queued. */
  updates?: StoryUpdates;
}

export interface FilingOptions {
  /** The topic's own words, which say nothing about which happening an article reports. */
  ignoreWords: ReadonlySet<string>;
  windowHours?: number;
}

/** 'eventId@date' pairs as the cluster compares them. */
function newsOf(pairs: string[]): Pick<ClusterItem, 'events' | 'eventDates'> {
  const split = pairs.map((pair) => pair.split('@') as [string, string]);
  return { events: split.map(([id]) => id), eventDates: [...new Set(split.map(([, date]) => date))] };
}

/** A filed article as story grouping compares it. */
export function clusterItemOf(row: StoryClusterRow): ClusterItem {
  return { id: String(row.articleId), title: row.title, text: row.lead, published: row.published, ...newsOf(row.newsEvents?.split(',') ?? []) };
}

/**
 * Files an article of the topic in the open story it reports, or opens a story and queues its alerts. A story that
 * gains a source has its alerts brought up to date, and one whose new article names a later day than any before has
 * that development followed up. Call it inside the transaction that stores the article.
 */
export function fileInStory(store: Store, topic: Topic, articleId: number, item: { title: string; text: string; published: string }, at: Date, options: FilingOptions): StoryFiling {
  const windowHours = options.windowHours ?? STORY_WINDOW_HOURS;
  const byStory = new Map<number, ClusterItem[]>();
  for (const row of store.stories.clusterCandidates(topic.tenant, topic.id, new Date(at.getTime() - windowHours * 3_600_000))) {
    byStory.set(row.storyId, [...(byStory.get(row.storyId) ?? []), clusterItemOf(row)]);
  }
  const self: ClusterItem = { id: String(articleId), title: item.title, text: item.text, published: item.published, ...newsOf(store.stories.newsEvents(topic.tenant, articleId, topic.id)) };
  const candidates = [...byStory].map(([storyId, items]) => ({ storyId: String(storyId), items }));
  const match = assignStory(self, candidates, { ignoreWords: options.ignoreWords, windowHours });
  if (!match) {
    const storyId = store.stories.create(topic.tenant, topic.id, item.title, at);
    store.stories.addArticle(topic.tenant, storyId, articleId, at);
    return { storyId, changed: true, alerts: queueStoryAlerts(store, topic, storyId, at).length };
  }
  const storyId = Number(match.storyId);
  const before = store.stories.latestLeadDay(topic.tenant, storyId, topic.id);
  const changed = store.stories.addArticle(topic.tenant, storyId, articleId, at);
  if (!changed) return { storyId, changed, alerts: 0 };
  const latest = store.stories.leadDays(topic.tenant, articleId, topic.id).filter((day) => day <= item.published.slice(0, 10)).at(-1);
  const development: Development | undefined = latest && before && latest > before ? { date: latest, articleId } : undefined;
  return { storyId, changed, alerts: 0, updates: updateStoryAlerts(store, topic, storyId, at, development) };
}

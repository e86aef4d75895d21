// The feed reader the chat commands are handed (core/commands FeedReader): one check of a feed, with its first
// items judged for a topic exactly as the poller would judge them.
import type { FeedReader } from '../core/commands/types.js';
import { checkFeed, type CheckSettings } from './check.js';
import { normalizeItem } from './normalize.js';
import { scoreRelevance } from './relevance.js';
import { DEFAULT_INTERVAL_MINUTES } from './schedule.js';

export function feedReader(settings: CheckSettings, now: () => Date): FeedReader {
  return {
    defaultIntervalMinutes: DEFAULT_INTERVAL_MINUTES,
    read: async (url, topic, judged) => {
      const check = await checkFeed(url, settings);
      if (!check.ok) return { ok: false, message: check.message, alternatives: check.alternatives };
      const firstSeen = now();
      const items = check.feed.items.slice(0, judged).map((raw) => {
        const item = normalizeItem(raw, { firstSeen });
        const { related, score, reasons } = scoreRelevance(item, topic);
        return { title: item.title, related, score, reasons };
      });
      return { ok: true, title: check.feed.title, itemCount: check.feed.items.length, items };
    },
  };
}

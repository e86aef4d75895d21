import assert from 'node:assert/strict';
import pino from 'pino';
import { openApp } from '../../src/app.js';
import { queueStoryAlerts } from '../../src/core/schedule/alerts.js';

/**
 * Prepares a fan-out on a database file: each channel subscribed to the assange topic for instant alerts, and one
 * story's alert queued to every one of them, as the poller would queue it.
 */
export function queueFanout(dbPath: string, channelRefs: string[], configPath?: string): void {
  const app = openApp({ dbPath, configPath, log: pino({ level: 'silent' }) });
  try {
    const topic = app.store.topics.get('assange')!;
    const now = app.now();
    app.store.transaction(() => {
      for (const channelRef of channelRefs) {
        app.store.subscriptions.save(channelRef, topic.id, { mode: 'instant', localTime: '09:00', timezone: 'UTC', onThisDay: false, filter: null }, 'test', now);
      }
      const url = 'https://news.example/verdict';
      const articleId = app.store.articles.insert({ key: url, url, title: 'Court rules on Assange appeal', published: now.toISOString(), firstSeen: now.toISOString() });
      const storyId = app.store.stories.create(topic.tenant, topic.id, 'Court rules on Assange appeal', now);
      app.store.stories.addArticle(topic.tenant, storyId, articleId, now);
      assert.equal(queueStoryAlerts(app.store, topic, storyId, now).length, channelRefs.length);
    });
  } finally {
    app.close();
  }
}

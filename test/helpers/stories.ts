import type { App } from '../../src/app.js';
import { queueStoryAlerts } from '../../src/core/schedule/alerts.js';

/** A new story of the assange topic with one report, filed the way the poller files one, its alerts queued. */
export function newStory(app: App, headline: string, at: Date, n: number): void {
  const topic = app.store.topics.get('assange')!;
  app.store.transaction(() => {
    const articleId = app.store.articles.insert({ key: `story-${n}`, url: `https://news.example/${n}`, title: headline, published: at.toISOString(), firstSeen: at.toISOString() });
    app.store.articles.fileUnderTopic(articleId, topic.id);
    const storyId = app.store.stories.create(topic.id, headline, at);
    app.store.stories.addArticle(storyId, articleId, at);
    queueStoryAlerts(app.store, topic, storyId, at);
  });
}

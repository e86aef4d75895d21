import pino, { type Logger } from 'pino';
import type { App } from '../../src/app.js';
import { tempApp as freshApp } from '../helpers/app.js';
import { OPERATOR } from '../../src/store/index.js';

/** An App on a fresh temporary database with the bundled timelines; cleanup() closes and deletes it. */
export function tempApp(log: Logger = pino({ level: 'silent' })): { app: App; dir: string; cleanup(): void } {
  const app = freshApp({ log });
  return { app, dir: app.dir, cleanup: () => app.remove() };
}

/** A hostile event for the assange topic: mentions and markup in the summary and in its source's headline. */
export const HOSTILE = {
  date: '2031-02-03',
  summary: 'Hostile @everyone <@&123> <!channel> @here <@456> <#789> **bold** _it_ ~~s~~ `code` [link](https://evil.example) > quote',
  title: 'Headline @everyone <!here> <@&123> *bold* <https://evil.example|click>',
  url: 'https://news.example/a(b)?x=1&y=<2>',
};

export function insertHostileEvent(app: App): void {
  const topic = app.store.topics.get('assange')!;
  const now = app.now();
  const articleId = app.store.articles.insert({ key: 'hostile-1', url: HOSTILE.url, title: HOSTILE.title, published: '2031-02-03T10:00:00Z', firstSeen: now.toISOString() });
  app.store.articles.fileUnderTopic(topic.tenant, articleId, topic.id);
  const eventId = app.store.events.insert(OPERATOR, { topicId: topic.id, date: { value: HOSTILE.date, precision: 'day' }, summary: HOSTILE.summary, origin: 'manual' }, now);
  app.store.events.addSource(OPERATOR, eventId, articleId, HOSTILE.summary, 0);
}

import type { App } from '../../src/app.js';
import { topicWords } from '../../src/core/extract/similarity.js';
import { ingestArticle } from '../../src/core/ingest.js';
import { queueStoryAlerts } from '../../src/core/schedule/alerts.js';
import { fileInStory, type StoryFiling } from '../../src/core/stories/index.js';

/** A new story of the assange topic with one report, filed the way the poller files one, its alerts queued. */
export function newStory(app: App, headline: string, at: Date, n: number): void {
  const topic = app.store.topics.get('assange')!;
  app.store.transaction(() => {
    const articleId = app.store.articles.insert({ key: `story-${n}`, url: `https://news.example/${n}`, title: headline, published: at.toISOString(), firstSeen: at.toISOString() });
    app.store.articles.fileUnderTopic(topic.tenant, articleId, topic.id);
    const storyId = app.store.stories.create(topic.tenant, topic.id, headline, at);
    app.store.stories.addArticle(topic.tenant, storyId, articleId, at);
    queueStoryAlerts(app.store, topic, storyId, at);
  });
}

/** An article of the assange topic as the poller takes one from a feed: stored, filed in the timeline, then in a story. */
export function report(app: App, article: { url: string; title: string; text: string; published: string }, at: Date): StoryFiling {
  const topic = app.store.topics.get('assange')!;
  return app.store.transaction(() => {
    const { articleId } = ingestArticle(app.store, { ...article, source: new URL(article.url).hostname }, [topic], at);
    return fileInStory(app.store, topic, articleId!, article, at, { ignoreWords: topicWords(topic) });
  });
}

/** Made-up reports of one court case over three days: a hearing (two outlets), then a ruling two days later. */
export const CASE = {
  hearing: {
    url: 'https://ledger.example/hearing', published: '2031-05-20T11:00:00Z',
    title: 'High Court hears Assange extradition appeal in London',
    text: 'On 20 May 2031 the High Court in London heard Julian Assange\'s appeal against his extradition to the United States. Lawyers for the United States told the two judges that the assurances about his treatment were sufficient. The judges said they would rule later this week.',
  },
  hearingElsewhere: {
    url: 'https://coastal.example/appeal-hearing', published: '2031-05-20T15:00:00Z',
    title: 'Judges in London weigh Assange appeal against US extradition',
    text: 'Two High Court judges in London heard Julian Assange\'s extradition appeal on 20 May 2031, with United States lawyers defending assurances about his treatment. The judges will rule later this week on whether the appeal against extradition to the United States can proceed.',
  },
  ruling: {
    url: 'https://ledger.example/ruling', published: '2031-05-22T10:00:00Z',
    title: 'High Court rules Assange can appeal against US extradition',
    text: 'On 22 May 2031 the High Court in London ruled that Julian Assange can appeal against his extradition to the United States. The two judges found the United States assurances about his treatment insufficient after the hearing on 20 May 2031.',
  },
} as const;

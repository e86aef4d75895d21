import { textReply } from '../reply.js';
import type { Command } from './types.js';

/** /help: what the bot can do, with every topic command. */
export const helpCommand: Command = {
  spec: { name: 'help', description: 'What Dateline can do', options: [] },
  run: (_input, context) => {
    const topics = context.store.topics.list();
    const topicLines = topics.length > 0
      ? topics.map((topic) => `/${topic.name} <query>: ${topic.title}`)
      : ['(no topics configured yet)'];
    const example = topics[0]?.name ?? 'topic';
    return textReply('Dateline: news as a dated timeline', [
      'Topic commands:',
      ...topicLines,
      '',
      `A query is a year (/${example} 2012), a month (2015-08 or aug 2015), a day (2015-08-13),`,
      `a range (2012..2015), keywords (embassy, sweden 2015), today (on this day) or latest.`,
      '',
      'Also:',
      '/dateline topics: the topics and how many events each has',
      '/dateline timeline topic:<name> [from:<date>] [to:<date>]: every event of a topic in date order',
      '/help: this message',
    ].join('\n'));
  },
};

import { OPERATOR } from '../../../store/index.js';
import { textReply } from '../../reply.js';
import type { Subcommand } from '../types.js';

export const topicsSubcommand: Subcommand = {
  spec: { name: 'topics', description: 'The topics this bot follows', options: [] },
  run: (_input, context) => {
    const topics = context.store.topics.list(context.tenant);
    if (topics.length === 0) return textReply('Topics', 'No topics are configured yet.');
    const lines = topics.map((topic) => {
      const count = context.store.events.page(context.tenant, { topicId: topic.id, limit: 0 }).total;
      const own = topic.tenant === context.tenant && context.tenant !== OPERATOR ? '; yours' : '';
      return `/${topic.name}: ${topic.title} (${count} events; keywords: ${topic.keywords.join(', ')}${own})`;
    });
    return textReply('Topics', lines.join('\n'));
  },
};

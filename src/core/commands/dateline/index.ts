import { errorReply } from '../../reply.js';
import { helpCommand } from '../help.js';
import type { Command, Subcommand } from '../types.js';
import { timelineSubcommand } from './timeline.js';
import { topicsSubcommand } from './topics.js';
import { subscribeSubcommand, subscriptionsSubcommand, unsubscribeSubcommand } from './subscribe.js';
import { feedSubcommand } from './feed.js';
import { topicSubcommand } from './topic.js';
import { lookSubcommand } from './look.js';
import { tenantsSubcommand } from './tenants.js';

const helpSubcommand: Subcommand = {
  spec: { name: 'help', description: 'What Dateline can do', options: [] },
  run: helpCommand.run,
};

/** The /dateline subcommands, in the order help lists them. Later features add theirs here. */
export const datelineSubcommands: Subcommand[] = [
  helpSubcommand, topicsSubcommand, lookSubcommand, timelineSubcommand, subscribeSubcommand, unsubscribeSubcommand, subscriptionsSubcommand,
  feedSubcommand, topicSubcommand, tenantsSubcommand,
];

export const datelineCommand: Command = {
  spec: {
    name: 'dateline',
    description: 'Dateline settings and tools',
    options: [],
    subcommands: datelineSubcommands.map((sub) => sub.spec),
  },
  run: (input, context) => {
    const names = datelineSubcommands.map((sub) => sub.spec.name);
    const sub = datelineSubcommands.find((candidate) => candidate.spec.name === (input.subcommand ?? 'help'));
    if (!sub) {
      return errorReply(`/dateline: no subcommand "${(input.subcommand ?? '').slice(0, 40)}"`, `Try one of: ${names.join(', ')}.`);
    }
    return sub.run(input, context);
  },
  suggest: (option, partial, context) => {
    if (option !== 'topic' && option !== 'from') return [];
    return context.store.topics.list(context.tenant).map((t) => t.name).filter((name) => name.startsWith(partial.toLowerCase())).slice(0, 25);
  },
};

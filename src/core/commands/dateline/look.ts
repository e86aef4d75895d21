import { errorReply } from '../../reply.js';
import { topicCommand, QUERY_OPTION } from '../topic.js';
import type { Subcommand } from '../types.js';
import { requireTopic } from './options.js';

// /dateline look <topic> <query>: every topic's look-up under one command. Slack's manifest cannot gain a command
// when a workspace adds a topic, so there this is how its own topics are asked; it works everywhere.

export const lookSubcommand: Subcommand = {
  spec: {
    name: 'look',
    description: 'Look up any topic: /dateline look <topic> <query>',
    options: [
      { name: 'topic', description: 'The topic', required: true, autocomplete: true },
      { name: QUERY_OPTION, description: 'A year, month, day, range (2012..2015), keywords, today or latest' },
    ],
  },
  run: (input, context) => {
    // Typed: "/dateline look acme latest" (the topic is the first word); Discord: the topic and query options.
    const [word = '', ...rest] = input.text.trim().split(/\s+/);
    const name = input.options.topic ?? word;
    if (!name) return errorReply('Which topic?', 'Name the topic first: /dateline look <topic> <query>, e.g. /dateline look assange 2012.');
    const found = requireTopic({ ...input, options: { ...input.options, topic: name } }, context);
    if ('reply' in found) return found.reply;
    const query = input.options[QUERY_OPTION] ?? (input.options.topic ? input.text : rest.join(' '));
    return topicCommand(found.topic).run({ name: found.topic.name, options: { [QUERY_OPTION]: query }, text: query }, context);
  },
};

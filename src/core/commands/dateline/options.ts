import type { Topic } from '../../../store/index.js';
import { errorReply, type Reply } from '../../reply.js';
import type { CommandContext, CommandInput } from '../types.js';

/** The topic named by the topic: option, or a reply that says what is wrong. */
export function requireTopic(input: CommandInput, context: CommandContext): { topic: Topic } | { reply: Reply } {
  const names = context.store.topics.list().map((t) => t.name);
  const name = input.options.topic?.trim().toLowerCase();
  if (!name) {
    return { reply: errorReply('Which topic?', `Add topic:<name>. Topics: ${names.join(', ') || '(none yet)'}.`) };
  }
  const topic = context.store.topics.get(name);
  if (!topic) {
    return { reply: errorReply(`No topic "${name.slice(0, 40)}"`, `Topics: ${names.join(', ') || '(none yet)'}.`) };
  }
  return { topic };
}

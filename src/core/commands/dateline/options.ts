import type { Topic } from '../../../store/index.js';
import { errorReply, type Reply } from '../../reply.js';
import type { CommandContext, CommandInput } from '../types.js';

/**
 * The topic named by the topic: option, among those the caller's tenant sees (its own and the operator's), or a
 * reply that says what is wrong. Only the word typed and the tenant's own topic names come back.
 */
export function requireTopic(input: CommandInput, context: CommandContext): { topic: Topic } | { reply: Reply } {
  const names = context.store.topics.list(context.tenant).map((t) => t.name);
  const name = input.options.topic?.trim().toLowerCase();
  if (!name) {
    return { reply: errorReply('Which topic?', `Add topic:<name>. Topics: ${names.join(', ') || '(none yet)'}.`) };
  }
  const topic = context.store.topics.get(name, context.tenant);
  if (!topic) {
    return { reply: errorReply(`No topic "${name.slice(0, 40)}"`, `Topics: ${names.join(', ') || '(none yet)'}.`) };
  }
  return { topic };
}

/** The topic, when the caller's tenant owns it (the operator owns the shared ones); else the refusal, naming only it. */
export function requireOwnTopic(topic: Topic, context: CommandContext, action: string): Reply | undefined {
  if (topic.tenant === context.tenant) return undefined;
  return errorReply(
    `/${topic.name} is a shared topic`,
    `Its feeds and settings are the operator's, so you can't ${action} it. Follow it as a topic of your own, seeded from it, ` +
      `and ${action} that: /dateline topic action:follow from:${topic.name} name:<new name>`,
  );
}

/**
 * Runs the handler of a subcommand's action: the action: option (Discord), or the first word typed
 * ("/dateline feed add url:…" in the console and on Slack).
 */
export function runAction(
  input: CommandInput, context: CommandContext, handlers: Record<string, (input: CommandInput, context: CommandContext) => Reply | Promise<Reply>>,
  what: string, example: string,
): Reply | Promise<Reply> {
  const [word = '', ...rest] = input.text.trim().split(/\s+/);
  const action = (input.options.action ?? word).toLowerCase();
  const handler = Object.hasOwn(handlers, action) ? handlers[action] : undefined;
  if (!handler) return errorReply(`Which ${what} action?`, `Use one of: ${Object.keys(handlers).join(', ')}, ${example}`);
  const text = input.options.action ? input.text : rest.join(' ');
  return handler({ ...input, text, options: { ...input.options, action } }, context);
}

import { randomBytes } from 'node:crypto';
import type { Topic, TopicInput } from '../../../store/index.js';
import { timelinePath, webName } from '../../web-link.js';
import { errorReply, textReply, type Reply } from '../../reply.js';
import { followTopic, OPERATOR, topicNameProblem, topicWordsProblems, usageOf, wordsOf } from '../../tenancy/index.js';
import type { CommandContext, CommandInput, Subcommand } from '../types.js';
import { runAction } from './options.js';
import { refuseUnlessManager } from './subscribe.js';

// /dateline topic add|edit|remove|list|follow: a server's or workspace's own topics, made from chat by its admins.
// Everything is looked up within the caller's tenant: another tenant's topic is "no such topic", whatever its name.

const ACTIONS = ['add', 'edit', 'remove', 'list', 'follow', 'publish', 'unpublish'] as const;
/** Random bytes in a published topic's web address: unguessable. */
const TOKEN_BYTES = 24;

const refuseUnlessAdmin = (context: CommandContext, action: string) =>
  refuseUnlessManager({ ...context.caller, canManage: context.caller.isAdmin ?? context.caller.canManage }, action, '/dateline topics');

/** The name: option, lower-cased, or the refusal. */
function nameOf(input: CommandInput, example: string): string | Reply {
  const name = input.options.name?.trim().toLowerCase();
  return name || errorReply('Which topic?', `Add name:<topic>, e.g. ${example}`);
}

/** The tenant's own topic of that name; another tenant's (or none) is "no such topic", naming only what was typed. */
function ownTopic(name: string, context: CommandContext): { topic: Topic } | { reply: Reply } {
  const topic = context.store.topics.get(name, context.tenant);
  if (topic && topic.tenant === context.tenant) return { topic };
  if (topic) {
    return { reply: errorReply(`/${topic.name} is a shared topic`, 'It comes with the bot, so it can\'t be changed or removed here. /dateline topic action:follow makes a topic of your own from it.') };
  }
  const own = context.store.topics.ownedBy(context.tenant).map((t) => t.name);
  return { reply: errorReply(`No topic "${name.slice(0, 40)}"`, `There is no such topic here. ${own.length > 0 ? `Your topics: ${own.join(', ')}.` : 'Add one with /dateline topic action:add.'}`) };
}

/** For changes to one of the tenant's own topics: the caller must be an admin, and the topic the tenant's. */
function adminOwnTopic(input: CommandInput, context: CommandContext, action: string): { topic: Topic } | { reply: Reply } {
  const refused = refuseUnlessAdmin(context, `${action} topics`);
  if (refused) return { reply: refused };
  const name = nameOf(input, `/dateline topic action:${action} name:rockets`);
  return typeof name === 'string' ? ownTopic(name, context) : { reply: name };
}

/** A topic's input: the words given, the rest as in `base`. */
const withWords = (name: string, words: Partial<TopicInput>, base: TopicInput): TopicInput => ({
  name, title: words.title || base.title, keywords: words.keywords ?? base.keywords, aliases: words.aliases ?? base.aliases, exclude: words.exclude ?? base.exclude,
});

/** Title and word lists from the options given (undefined: not given). */
function wordsInput(input: CommandInput): Partial<TopicInput> {
  const o = input.options;
  return {
    title: o.title?.trim(),
    keywords: o.keywords === undefined ? undefined : wordsOf(o.keywords),
    aliases: o.aliases === undefined ? undefined : wordsOf(o.aliases),
    exclude: o.exclude === undefined ? undefined : wordsOf(o.exclude),
  };
}

function roomForTopic(context: CommandContext): Reply | undefined {
  if (context.tenant === OPERATOR) return undefined;
  const usage = usageOf(context.store, context.tenant, context.config.tenancy);
  if (usage.topics < usage.maxTopics) return undefined;
  return errorReply('No room for another topic', `This server or workspace has ${usage.topics} topics, its limit of ${usage.maxTopics}. Remove one first (/dateline topic action:remove name:<topic>). Nothing was changed.`);
}

function added(topic: Topic, context: CommandContext, extra = ''): Reply {
  context.changed('topics', context.tenant);
  return textReply(`Added topic /${topic.name}: ${topic.title}`, [
    `Keywords: ${topic.keywords.join(', ')}${topic.aliases.length > 0 ? `; aliases: ${topic.aliases.join(', ')}` : ''}${topic.exclude.length > 0 ? `; exclude: ${topic.exclude.join(', ')}` : ''}.`,
    extra,
    `Give it news with /dateline feed add url:<feed> topic:${topic.name}, subscribe a channel with /dateline subscribe topic:${topic.name}, and ask /${topic.name} latest (everywhere: /dateline look ${topic.name} latest).`,
  ].filter(Boolean).join('\n'));
}

function add(input: CommandInput, context: CommandContext): Reply {
  const refused = refuseUnlessAdmin(context, 'add topics');
  if (refused) return refused;
  const name = nameOf(input, '/dateline topic action:add name:rockets title:"Rocket launches" keywords:"rocket, launch"');
  if (typeof name !== 'string') return name;
  const words = wordsInput(input);
  const problems = [topicNameProblem(context.store, context.tenant, name), ...topicWordsProblems(words)].filter((p): p is string => p !== null);
  if (!words.keywords) problems.push('Add keywords:<a, b>: the words that mark an article as about this topic.');
  if (problems.length > 0) return errorReply(`Topic not added: ${name.slice(0, 40)}`, `${problems.join('\n')}\nNothing was changed.`);
  const full = roomForTopic(context);
  if (full) return full;
  const topic = context.store.topics.save({ name, title: words.title || name, keywords: words.keywords!, aliases: words.aliases, exclude: words.exclude }, context.now(), context.tenant);
  return added(topic, context);
}

function follow(input: CommandInput, context: CommandContext): Reply {
  const refused = refuseUnlessAdmin(context, 'add topics');
  if (refused) return refused;
  const from = input.options.from?.trim().toLowerCase();
  const source = from ? context.store.topics.get(from, context.tenant) : undefined;
  if (!source || source.tenant !== OPERATOR) {
    const shared = context.store.topics.list(context.tenant).filter((t) => t.tenant === OPERATOR).map((t) => t.name);
    return errorReply(from ? `No shared topic "${from.slice(0, 40)}"` : 'Follow which topic?', `Shared topics you can follow: ${shared.join(', ') || '(none)'}. E.g. /dateline topic action:follow from:${shared[0] ?? 'topic'} name:my${shared[0] ?? 'topic'}`);
  }
  const name = nameOf(input, `/dateline topic action:follow from:${source.name} name:my${source.name}`);
  if (typeof name !== 'string') return name;
  const words = wordsInput(input);
  const problems = [topicNameProblem(context.store, context.tenant, name), ...topicWordsProblems(words)].filter((p): p is string => p !== null);
  if (problems.length > 0) return errorReply(`Topic not added: ${name.slice(0, 40)}`, `${problems.join('\n')}\nNothing was changed.`);
  const full = roomForTopic(context);
  if (full) return full;
  const usage = usageOf(context.store, context.tenant, context.config.tenancy);
  const feeds = context.store.feeds.list(source.id, context.tenant).length;
  if (context.tenant !== OPERATOR && usage.feeds + feeds > usage.maxFeeds) {
    return errorReply('No room for its feeds', `/${source.name} has ${feeds} feeds; with them this server or workspace would pass its limit of ${usage.maxFeeds}. Nothing was changed.`);
  }
  const made = followTopic(context.store, context.tenant, source, withWords(name, words, source), context.now());
  context.changed('feeds', context.tenant);
  return added(made.topic, context, `Seeded from /${source.name}: ${made.events} events and ${made.feeds} feeds; from now on it grows on its own, with the feeds you add.`);
}

function edit(input: CommandInput, context: CommandContext): Reply {
  const found = adminOwnTopic(input, context, 'edit');
  if ('reply' in found) return found.reply;
  const { topic } = found;
  const words = wordsInput(input);
  if (Object.values(words).every((value) => value === undefined)) {
    return errorReply(`Nothing to change in /${topic.name}`, 'Give title:, keywords:, aliases: or exclude: with the new value.');
  }
  const problems = topicWordsProblems(words);
  if (problems.length > 0) return errorReply(`/${topic.name} not changed`, `${problems.join('\n')}\nNothing was changed.`);
  const saved = context.store.topics.save(withWords(topic.name, words, topic), context.now(), context.tenant, topic.seededFrom);
  context.changed('topics', context.tenant);
  return textReply(`Updated /${saved.name}: ${saved.title}`, `Keywords: ${saved.keywords.join(', ')}; aliases: ${saved.aliases.join(', ') || '(none)'}; exclude: ${saved.exclude.join(', ') || '(none)'}. New articles are judged by these words.`);
}

function remove(input: CommandInput, context: CommandContext): Reply {
  const found = adminOwnTopic(input, context, 'remove');
  if ('reply' in found) return found.reply;
  const { topic } = found;
  const confirm = input.options.confirm?.trim().toLowerCase();
  const impact = context.store.tenants.removalImpact(topic.id, topic.name);
  const what = `its ${impact.feeds} feed${impact.feeds === 1 ? '' : 's'}, ${impact.subscriptions} channel subscription${impact.subscriptions === 1 ? '' : 's'}, ${impact.events} event${impact.events === 1 ? '' : 's'} and ${impact.queued} post${impact.queued === 1 ? '' : 's'} waiting to be sent`;
  if (confirm !== topic.name) {
    return textReply(`Remove /${topic.name}?`, `This removes /${topic.name} with ${what}. It cannot be undone. To go ahead, run:\n/dateline topic action:remove name:${topic.name} confirm:${topic.name}`);
  }
  const removed = context.store.tenants.removeTopic(context.tenant, topic.id, topic.name);
  if (!removed) return errorReply(`No topic "${topic.name}"`, 'It was removed already.');
  context.changed('topics', context.tenant);
  context.changed('feeds', context.tenant);
  return textReply(`Removed /${topic.name}`, `Gone with ${what}.`);
}

/** The page's address: absolute when the public URL is configured. */
function pageAddress(topic: Topic, context: CommandContext): string {
  const path = timelinePath(webName(topic)!);
  const base = context.config.publicUrl;
  return base ? new URL(path.slice(1), base.endsWith('/') ? base : `${base}/`).href : `${path} (on the web timeline's address; set publicUrl for full links)`;
}

function publish(input: CommandInput, context: CommandContext): Reply {
  const found = adminOwnTopic(input, context, 'publish');
  if ('reply' in found) return found.reply;
  let { topic } = found;
  if (topic.tenant === OPERATOR) return textReply(`/${topic.name} is public`, `Shared topics are on the web for everyone: ${pageAddress(topic, context)}`);
  if (!topic.publishToken) {
    context.store.topics.setPublishToken(topic.id, randomBytes(TOKEN_BYTES).toString('base64url'), context.tenant);
    topic = context.store.topics.get(topic.name, context.tenant)!;
  }
  return textReply(`/${topic.name} is on the web`, `Anyone with this link can read its timeline (nothing else of this server or workspace):\n${pageAddress(topic, context)}\nRevoke it with /dateline topic action:unpublish name:${topic.name}; publishing again then gives a new link.`);
}

function unpublish(input: CommandInput, context: CommandContext): Reply {
  const found = adminOwnTopic(input, context, 'unpublish');
  if ('reply' in found) return found.reply;
  const { topic } = found;
  if (!topic.publishToken) return textReply(`/${topic.name} is not published`, 'Its timeline is not on the web; nothing changed.');
  context.store.topics.setPublishToken(topic.id, null, context.tenant);
  return textReply(`/${topic.name} is private again`, 'Its link no longer works.');
}

function list(_input: CommandInput, context: CommandContext): Reply {
  const own = context.store.topics.ownedBy(context.tenant);
  const shared = context.store.topics.list(context.tenant).filter((t) => t.tenant === OPERATOR && t.tenant !== context.tenant);
  const usage = usageOf(context.store, context.tenant, context.config.tenancy);
  const lines = own.map((topic) => {
    const feeds = context.store.feeds.list(topic.id, context.tenant).length;
    return `/${topic.name}: ${topic.title} · ${feeds} feed${feeds === 1 ? '' : 's'} · keywords: ${topic.keywords.join(', ')}${topic.seededFrom ? ` · seeded from /${topic.seededFrom.split('/')[1]}` : ''}${topic.publishToken ? ' · published on the web' : ''}`;
  });
  if (lines.length === 0) lines.push('No topics of your own yet. Admins add one with /dateline topic action:add name:<name> title:<title> keywords:<a, b>.');
  if (context.tenant !== OPERATOR) lines.push(`Using ${usage.topics} of ${usage.maxTopics} topics and ${usage.feeds} of ${usage.maxFeeds} feeds.`);
  if (shared.length > 0) lines.push(`Shared topics (everyone's; follow one to make it yours): ${shared.map((t) => `/${t.name}`).join(', ')}.`);
  return textReply('Topics of this server or workspace', lines.join('\n'));
}

const HANDLERS: Record<(typeof ACTIONS)[number], (input: CommandInput, context: CommandContext) => Reply> = { add, edit, remove, list, follow, publish, unpublish };

export const topicSubcommand: Subcommand = {
  spec: {
    name: 'topic',
    description: 'This server\'s own topics: add, edit, remove (admins), list, or follow a shared one',
    options: [
      { name: 'action', description: 'add, edit, remove, list, follow, or publish on the web (unpublish)', required: true, choices: [...ACTIONS] },
      { name: 'name', description: 'The topic\'s command name, e.g. rockets' },
      { name: 'title', description: 'Its title, e.g. Rocket launches' },
      { name: 'keywords', description: 'Words that mark an article as about it, comma separated' },
      { name: 'aliases', description: 'Other names of the subject, comma separated' },
      { name: 'exclude', description: 'Words that count against an article, comma separated' },
      { name: 'from', description: 'follow: the shared topic to seed it from', autocomplete: true },
      { name: 'confirm', description: 'remove: the topic\'s name again, to confirm' },
    ],
  },
  run: (input, context) => runAction(input, context, HANDLERS, 'topic',
    'e.g. /dateline topic list, or /dateline topic add name:rockets title:"Rocket launches" keywords:"rocket, launch".'),
};

import { OPERATOR, type Feed } from '../../../store/index.js';
import { errorReply, textReply, type Reply } from '../../reply.js';
import type { CommandContext, CommandInput, Subcommand } from '../types.js';
import { requireOwnTopic, requireTopic, runAction } from './options.js';
import { refuseUnlessManager } from './subscribe.js';

// /dateline feed add|list|remove|test: the feeds each topic is built from. Adding and removing change what
// every channel of the topic receives, so they need admin rights; listing and testing are for everyone.

const ACTIONS = ['add', 'list', 'remove', 'test'] as const;
type Action = (typeof ACTIONS)[number];

/** Items shown by feed test; a feed can hold hundreds. */
const TEST_ITEMS = 15;

/** Slack wraps links as <https://…> or <https://…|label>. */
const cleanUrl = (raw: string | undefined) => raw?.trim().replace(/^<([^|>]*)(?:\|[^>]*)?>$/, '$1').trim() || undefined;

/** One feed's line in a list: where it stands, and why when it is failing. */
export function describeFeed(feed: Feed): string {
  const name = feed.title ? `${feed.title} <${feed.url}>` : feed.url;
  const every = `every ${Math.round(feed.intervalSeconds / 60)} min`;
  const health = feed.disabledAt
    ? `DISABLED since ${feed.disabledAt} after ${feed.consecutiveFailures} failures; last error: ${feed.lastError}`
    : feed.consecutiveFailures > 0
      ? `failing (${feed.consecutiveFailures} in a row; next try ${feed.nextPollAt}); last error: ${feed.lastError}`
      : feed.lastSuccessAt
        ? `ok, last polled ${feed.lastPolledAt}`
        : 'not polled yet';
  return `/${feed.topicName} · ${name} · ${every} · ${feed.itemCount} items · ${health}${feed.origin === 'config' ? ' · from config' : ''}`;
}

function target(input: CommandInput, context: CommandContext) {
  const found = requireTopic(input, context);
  if ('reply' in found) return found;
  const url = cleanUrl(input.options.url);
  if (!url) return { reply: errorReply('Which feed?', `Add url:<feed address>, e.g. /dateline feed ${input.options.action ?? 'add'} url:https://example.org/feed.xml topic:${found.topic.name}`) };
  return { topic: found.topic, url };
}

const refuseUnlessAdmin = (context: CommandContext, action: string) =>
  refuseUnlessManager({ ...context.caller, canManage: context.caller.isAdmin ?? context.caller.canManage }, action, '/dateline feed list');

async function add(input: CommandInput, context: CommandContext): Promise<Reply> {
  const refused = refuseUnlessAdmin(context, 'add feeds');
  if (refused) return refused;
  const found = target(input, context);
  if ('reply' in found) return found.reply;
  const { topic, url } = found;
  const notOwn = requireOwnTopic(topic, context, 'add feeds to');
  if (notOwn) return notOwn;
  const existing = context.store.feeds.find(topic.id, url);
  const quota = context.config.tenancy.maxFeeds;
  if (!existing && context.tenant !== OPERATOR && context.store.feeds.countOf(context.tenant) >= quota) {
    return errorReply('No room for another feed', `This server or workspace has ${quota} feeds, its limit. Remove one first (/dateline feed remove url:<feed> topic:<topic>). Nothing was stored.`);
  }
  const check = await context.feeds.read(url, topic, 0);
  if (!check.ok) {
    const offer = check.alternatives.map((alt) => `/dateline feed add url:${alt} topic:${topic.name}`);
    return errorReply(`Not added: ${url}`, [check.message, ...(offer.length > 0 ? ['Add it with:', ...offer] : []), 'Nothing was stored.'].join('\n'));
  }
  const feed = context.store.feeds.add({ topicId: topic.id, url, title: check.title || null, intervalSeconds: existing?.intervalSeconds ?? context.feeds.defaultIntervalMinutes * 60, origin: 'command' }, context.now(), context.tenant);
  context.changed('feeds', context.tenant);
  const verb = existing ? (existing.disabledAt ? 'Re-enabled' : 'Already watching') : 'Added';
  return textReply(
    `${verb} feed: ${check.title || url}`,
    `${url} is a feed with ${check.itemCount} item${check.itemCount === 1 ? '' : 's'}, now feeding /${topic.name} (checked every ${Math.round(feed.intervalSeconds / 60)} min).` +
      (existing ? '' : ' Its current items are recorded without alerts; new ones alert subscribed channels.'),
  );
}

function remove(input: CommandInput, context: CommandContext): Reply {
  const refused = refuseUnlessAdmin(context, 'remove feeds');
  if (refused) return refused;
  const found = target(input, context);
  if ('reply' in found) return found.reply;
  const notOwn = requireOwnTopic(found.topic, context, 'remove feeds from');
  if (notOwn) return notOwn;
  if (!context.store.feeds.remove(found.topic.id, found.url, context.tenant)) {
    return errorReply(`Not a feed of /${found.topic.name}`, `${found.url} is not among its feeds; /dateline feed list topic:${found.topic.name} shows them.`);
  }
  const fromConfig = found.topic.tenant === OPERATOR && context.config.feeds.some((feed) => feed.url === found.url && feed.topic === found.topic.name);
  return textReply(`Removed feed from /${found.topic.name}`, `${found.url} is no longer polled.${fromConfig ? ' It is in the configuration file too: remove it there, or it comes back at the next start.' : ''}`);
}

function list(input: CommandInput, context: CommandContext): Reply {
  let topicId: number | undefined;
  if (input.options.topic) {
    const found = requireTopic(input, context);
    if ('reply' in found) return found.reply;
    topicId = found.topic.id;
  }
  const feeds = context.store.feeds.list(topicId, context.tenant);
  const title = input.options.topic ? `Feeds of /${input.options.topic.trim().toLowerCase()}` : 'Feeds';
  if (feeds.length === 0) return textReply(title, 'None yet. An admin can add one with /dateline feed add url:<feed> topic:<topic>.');
  return textReply(title, feeds.map(describeFeed).join('\n'));
}

async function test(input: CommandInput, context: CommandContext): Promise<Reply> {
  const found = target(input, context);
  if ('reply' in found) return found.reply;
  const { topic, url } = found;
  const check = await context.feeds.read(url, topic, TEST_ITEMS);
  if (!check.ok) return errorReply(`Can't test ${url}`, check.message);
  const lines = check.items.map((item) => `${item.related ? '✓ related' : '✗ unrelated'} (${item.score}) ${item.title}\n    ${item.reasons.join('; ')}`);
  const more = check.itemCount > TEST_ITEMS ? `\n…and ${check.itemCount - TEST_ITEMS} more items.` : '';
  return textReply(`Feed test: ${check.title || url} for /${topic.name}`, `${lines.join('\n') || 'The feed has no items.'}${more}`);
}

const HANDLERS: Record<Action, (input: CommandInput, context: CommandContext) => Reply | Promise<Reply>> = { add, list, remove, test };

export const feedSubcommand: Subcommand = {
  spec: {
    name: 'feed',
    description: 'The news feeds of a topic: add, list, remove (admins), or test one',
    options: [
      { name: 'action', description: 'add, list, remove or test', required: true, choices: [...ACTIONS] },
      { name: 'url', description: 'The feed (or web page) address' },
      { name: 'topic', description: 'The topic', autocomplete: true },
    ],
  },
  run: (input, context) => runAction(input, context, HANDLERS, 'feed', 'e.g. /dateline feed list, or /dateline feed add url:https://example.org/feed.xml topic:<topic>.'),
};

import { RESERVED_COMMANDS, topicName } from '../../config/index.js';
import { OPERATOR, type Store, type Topic, type TopicInput } from '../../store/index.js';

// Tenancy: each Discord server, Slack workspace, and the operator (console, CLI, configuration) is a tenant. A tenant
// sees its own topics and the operator's; everything else of another tenant is out of its reach. See docs/tenancy.md.

export { OPERATOR };

const MAX_WORDS = 20;
const MAX_WORD = 60;
const MAX_TITLE = 100;

/** A comma-separated list as typed: "acme, orbital". */
export const wordsOf = (text: string | undefined): string[] =>
  (text ?? '').split(',').map((word) => word.trim()).filter(Boolean);

/** Why a name cannot be one of the tenant's topics, or null when it can: command-name rules, built-ins, clashes. */
export function topicNameProblem(store: Store, tenant: string, name: string): string | null {
  const checked = topicName.safeParse(name);
  if (!checked.success) {
    return RESERVED_COMMANDS.has(name)
      ? `/${name} is a built-in command; pick another name.`
      : 'A topic name is 1-32 lowercase letters, digits, "-" or "_", starting with a letter or digit (it becomes the command /name).';
  }
  if (store.topics.get(name, tenant)) return `There is already a topic /${name} here; pick another name.`;
  return null;
}

/** The problems with a topic's title and word lists, as typed. */
export function topicWordsProblems(input: Partial<TopicInput>): string[] {
  const problems: string[] = [];
  if (input.title !== undefined && (input.title.trim() === '' || input.title.length > MAX_TITLE)) problems.push(`title is 1-${MAX_TITLE} characters.`);
  if (input.keywords !== undefined && input.keywords.length === 0) problems.push('keywords needs at least one word, e.g. keywords:"rocket, launch".');
  for (const [option, words] of [['keywords', input.keywords], ['aliases', input.aliases], ['exclude', input.exclude]] as const) {
    if (!words) continue;
    if (words.length > MAX_WORDS) problems.push(`${option} takes at most ${MAX_WORDS} entries.`);
    if (words.some((word) => word.length > MAX_WORD)) problems.push(`each of ${option} is at most ${MAX_WORD} characters.`);
  }
  return problems;
}

/** The tenant's own topics and feeds against the configured limits. */
export function usageOf(store: Store, tenant: string, limits: { maxTopics: number; maxFeeds: number }) {
  return { topics: store.topics.ownedBy(tenant).length, feeds: store.feeds.countOf(tenant), ...limits };
}

/** Removes every tenant whose grace period after the bot left it (or the app was uninstalled) is over. */
export function purgeLeftTenants(store: Store, now: Date, graceDays: number): { tenant: string; topics: number; subscriptions: number }[] {
  const cutoff = new Date(now.getTime() - graceDays * 86_400_000);
  return store.tenants.leftBefore(cutoff).map((tenant) => ({ tenant, ...store.tenants.removeTenant(tenant) }));
}

/** A new topic of the tenant's, seeded from a shared (operator) topic: its words, feeds and timeline so far. */
export function followTopic(store: Store, tenant: string, source: Topic, input: TopicInput, now: Date): { topic: Topic; feeds: number; events: number } {
  return store.transaction(() => {
    const topic = store.topics.save(input, now, tenant, `${source.tenant}/${source.name}`);
    const feeds = store.feeds.list(source.id, tenant);
    for (const feed of feeds) {
      store.feeds.add({ topicId: topic.id, url: feed.url, title: feed.title, intervalSeconds: feed.intervalSeconds, origin: 'command' }, now, tenant);
    }
    const events = store.tenants.copyTimeline(source.id, topic.id);
    return { topic, feeds: feeds.length, events };
  });
}

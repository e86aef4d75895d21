// CLI: `dateline feeds add|list|remove|import|export` and `dateline poll --once`.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { App } from '../app.js';
import { GLOBAL_OPTIONS, withApp } from './common.js';
import { ConsolePoster } from '../console/poster.js';
import { renderText } from '../console/render.js';
import { feedSubcommand } from '../core/commands/dateline/feed.js';
import type { Caller } from '../core/commands/types.js';
import { OutboxSender } from '../core/delivery/sender.js';
import type { ChannelPoster } from '../core/post.js';
import type { Reply } from '../core/reply.js';
import { feedUrlProblem } from '../feeds/fetch.js';
import { parseOpml, toOpml } from '../feeds/opml.js';
import { DEFAULT_INTERVAL_MINUTES } from '../feeds/schedule.js';
import { pollDueFeeds, syncConfigFeeds } from '../feeds/service.js';
import { OPERATOR } from '../store/index.js';

const OPTIONS = {
  ...GLOBAL_OPTIONS,
  topic: { type: 'string' },
  json: { type: 'boolean' },
  once: { type: 'boolean' },
  explain: { type: 'boolean' },
  'window-days': { type: 'string' },
} as const;

/** Whoever runs the CLI has the machine, so they are an admin. */
const CLI_CALLER: Caller = { channel: 'console:main', userId: 'cli', canManage: true, isAdmin: true };

function usage(message: string): number {
  process.stderr.write(`dateline: ${message}\nRun "dateline --help" for usage.\n`);
  return 2;
}

function parse(args: string[]) {
  return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
}

async function runFeedAction(app: App, options: Record<string, string>): Promise<Reply> {
  return feedSubcommand.run({ name: 'dateline', subcommand: 'feed', options, text: '' }, app.context(CLI_CALLER));
}

export async function feedsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  const [action, ...rest] = positionals;
  const topic = values.topic;
  switch (action) {
    case 'add':
    case 'remove':
    case 'test': {
      if (rest.length !== 1 || !topic) return usage(`feeds ${action} takes one URL and --topic T.`);
      return withApp(values, async (app) => {
        const reply = await runFeedAction(app, { action, url: rest[0]!, topic });
        process.stdout.write(renderText(reply));
        return reply.error ? 1 : 0;
      });
    }
    case 'list':
      return withApp(values, async (app) => {
        if (values.json) {
          const topicId = topic === undefined ? undefined : app.store.topics.get(topic)?.id;
          if (topic !== undefined && topicId === undefined) return usage(`No topic "${topic}".`);
          process.stdout.write(`${JSON.stringify(app.store.feeds.list(topicId), null, 2)}\n`);
          return 0;
        }
        const reply = await runFeedAction(app, topic ? { action, topic } : { action });
        process.stdout.write(renderText(reply));
        return reply.error ? 1 : 0;
      });
    case 'import':
      if (rest.length !== 1 || !topic) return usage('feeds import takes one OPML file and --topic T.');
      return withApp(values, (app) => {
        const found = app.store.topics.get(topic);
        if (!found) return usage(`No topic "${topic}".`);
        const outlines = parseOpml(readFileSync(rest[0]!, 'utf8'));
        // Each address passes the checks `feeds add` makes before fetching; the others are named with the reason.
        const skipped = outlines.flatMap((feed) => {
          const problem = feedUrlProblem(feed.url, app.config.allowHosts);
          return problem ? [{ url: feed.url, problem }] : [];
        });
        const feeds = outlines.filter((feed) => !skipped.some((skip) => skip.url === feed.url));
        // Not fetched one by one here: a long list would take minutes. Each is polled soon; failures show in feeds list.
        const added = app.store.transaction(() =>
          feeds.filter((feed) => {
            const known = app.store.feeds.find(found.id, feed.url);
            app.store.feeds.add({ topicId: found.id, url: feed.url, title: feed.title, intervalSeconds: DEFAULT_INTERVAL_MINUTES * 60, origin: 'command' }, app.now());
            return !known;
          }).length);
        const lines = [`Imported ${feeds.length} feed${feeds.length === 1 ? '' : 's'} into /${found.name} (${added} new).`];
        if (skipped.length > 0) lines.push(`Skipped ${skipped.length} outline${skipped.length === 1 ? '' : 's'}:`, ...skipped.map((skip) => `  ${skip.url}: ${skip.problem}`));
        process.stdout.write(`${lines.join('\n')}\n`);
        return feeds.length > 0 ? 0 : 1;
      });
    case 'export':
      if (rest.length > 0) return usage('feeds export takes only --topic T.');
      return withApp(values, (app) => {
        const found = topic === undefined ? undefined : app.store.topics.get(topic);
        if (topic !== undefined && !found) return usage(`No topic "${topic}".`);
        const feeds = app.store.feeds.list(found?.id).map((feed) => ({ url: feed.url, title: feed.title ?? undefined }));
        process.stdout.write(toOpml(found ? `Dateline feeds: ${found.title}` : 'Dateline feeds', feeds));
        return 0;
      });
    default:
      return usage(`feeds takes add, list, remove, test, import or export${action ? `, not "${action}"` : ''}.`);
  }
}

/** Story ids of the outbox rows a message carried (one row's key, or a batch's). */
function storiesOf(app: App, idempotencyKey: string | undefined): number[] {
  if (!idempotencyKey) return [];
  const keys = idempotencyKey.startsWith('batch:') ? app.store.outbox.batch(idempotencyKey).map((row) => row.key) : [idempotencyKey];
  return keys.flatMap((key) => {
    const match = /\|story:(\d+)$/.exec(key);
    return match ? [Number(match[1])] : [];
  });
}

export async function pollCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (!values.once || positionals.length > 0) return usage('poll runs once: dateline poll --once [--json] [--explain] (dateline start keeps polling).');
  const windowDays = values['window-days'] === undefined ? undefined : Number(values['window-days']);
  if (windowDays !== undefined && !(windowDays > 0)) return usage('--window-days takes a number of days above 0.');
  return withApp(values, async (app) => {
    syncConfigFeeds(app);
    // --explain: each new item, taken or left, with every contribution to its relevance score (stderr).
    const explained: { feed: string; title: string; related: boolean; reasons: string[] }[] = [];
    const report = await pollDueFeeds(app, { windowDays, onItem: values.explain ? (decision) => explained.push(decision) : undefined });
    for (const item of explained) {
      process.stderr.write(`${item.related ? 'taken' : 'left'}: ${item.title} (${item.feed})\n    ${item.reasons.join('; ')}\n`);
    }
    // In JSON mode stdout carries the report alone, so the console channels print to stderr.
    const consolePoster = new ConsolePoster(values.json ? process.stderr : process.stdout);
    // delivered: new top-level story alerts; updated: alerts edited, and follow-ups in their thread or the channel.
    const delivered: { channel: string; story: number; urls: string[] }[] = [];
    const updated: { channel: string; story: number; kind: 'edit' | 'thread' | 'followup' }[] = [];
    const updateOf = (channel: string, key: string | undefined, kind: 'edit' | 'thread' | 'followup') => {
      const story = key ? /\|story:(\d+):/.exec(key)?.[1] : undefined;
      if (story) updated.push({ channel, story: Number(story), kind });
    };
    const recorder: ChannelPoster = {
      platform: consolePoster.platform,
      post: async (channelRef, reply, options) => {
        const posted = await consolePoster.post(channelRef, reply, options);
        updateOf(channelRef, options?.idempotencyKey, options?.replyTo ? 'thread' : 'followup');
        for (const story of storiesOf(app, options?.idempotencyKey)) {
          const urls = (app.store.stories.articles(OPERATOR, [story]).get(story) ?? []).flatMap((a) => (a.url ? [a.url] : []));
          delivered.push({ channel: channelRef, story, urls });
        }
        return posted;
      },
      edit: async (channelRef, messageId, reply, options) => {
        await consolePoster.edit(channelRef, messageId, reply);
        updateOf(channelRef, options.idempotencyKey, 'edit');
      },
    };
    const { delivery } = app.config;
    await new OutboxSender(app.store, [recorder], { maxAttempts: delivery.maxAttempts, burstThreshold: delivery.burstThreshold }, app.now, app.log).drain();
    const { feeds, items, stories } = report;
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ feeds, items, stories, delivered, updated })}\n`);
    } else {
      process.stdout.write(
        `Polled ${feeds.polled} feed${feeds.polled === 1 ? '' : 's'} (${feeds.notModified} not modified, ${feeds.failed} failed). ` +
          `Items: ${items.new} new, ${items.related} related, ${items.unrelated} unrelated. ` +
          `Stories: ${stories.length} new or extended. Alerts delivered here: ${delivered.length}; alerts updated: ${updated.length}.\n`,
      );
    }
    return 0;
  });
}

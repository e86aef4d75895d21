import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { openApp, type App } from '../app.js';
import { ConfigError, PACKAGE_ROOT } from '../config/index.js';
import { runCommandLine } from '../core/commands/run.js';
import { parseTopicQuery } from '../core/query.js';
import { ingestItems, type IngestItem, type IngestReport } from '../core/ingest.js';
import { toReplyItems } from '../core/timeline.js';
import type { Reply } from '../core/reply.js';
import { renderText } from '../console/render.js';
import { explainRanking, keyEvents } from '../core/rank/key-events.js';
import type { Granularity } from '../core/rank/rank.js';
import { startBot } from './start.js';
import { OPERATOR } from '../store/index.js';
import { GLOBAL_OPTIONS, subcommandFirst, withApp, type GlobalValues } from './common.js';
import { planDuePosts } from '../core/schedule/scheduler.js';
import { OutboxSender } from '../core/delivery/sender.js';
import { ConsolePoster } from '../console/poster.js';
import { savePicture } from '../console/picture.js';
import { collectStatus, describeStatus } from '../health/status.js';

const USAGE = `Usage: dateline <command> [options]

Commands:
  start                                 Run the bot (Discord/Slack when their tokens are set, else a console chat)
  ask "<command>" [--json] [--channel REF] [--page N]
                                        Run one chat command, e.g. dateline ask "/assange 2012"
  ingest [--topic T] --jsonl FILE       Add articles from JSON lines {id?, url?, title?, published, text, source?}
  ingest [--topic T] --published YYYY-MM-DD FILE...
                                        Add plain-text articles (first line = title)
  timeline TOPIC [--from D] [--to D] [--json] [--png FILE]
                                        Every event of a topic in date order
  timeline TOPIC --top N [--granularity day|month|any] [--explain] [--from D] [--to D] [--json] [--png FILE]
                                        The N most important events, in date order (--explain: why each ranks)
  web [--port N] [--host H]             Serve the timelines as web pages (default port $WEB_PORT or 8080, host 127.0.0.1)
  deliver --once                        Queue due scheduled posts, send the outbox once (console channels print here), exit
  deliveries [--channel REF] [--limit N] [--json]
                                        What was queued, sent and failed, and why
  status [--json]                       Outbox depth and age, deliveries per platform in the last hour, feed and connection health
  poll --once [--json] [--explain] [--window-days N]
                                        Poll every due feed once, file new items, alert new stories and update alerted ones
                                        (console channels print here; --explain: why each new item was taken or left), exit
  feeds add URL --topic T | feeds remove URL --topic T
                                        Watch a feed for a topic (checked once first) or stop watching it
  feeds test URL --topic T              Each item of a feed, taken or left for the topic, and why
  feeds list [--topic T] [--json]       The feeds, their health and last error
  feeds import FILE.opml --topic T | feeds export [--topic T]
                                        Feeds from an OPML file, or as OPML on stdout
  tenants [--json]                      Every server and workspace the bot serves (and the operator): topics, feeds, subscriptions, events
  timex --dct YYYY-MM-DD [--json] | timex --jsonl
                                        Tag temporal expressions in text on stdin

Global options (before or after the command):
  --db PATH        Database file (default data/dateline.db, or $DATELINE_DB)
  --bare           Create the database without the bundled timelines
  --config PATH    Configuration file (default config/dateline.json, or $DATELINE_CONFIG)
  -h, --help       This help;  -v, --version  The version

DATELINE_NOW=<ISO time> fixes the clock (for "today", tests and demos).
`;

class UsageError extends Error {}


/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 bad usage). */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = subcommandFirst(argv);
  try {
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      case '--version':
      case '-v':
        process.stdout.write(`${version()}\n`);
        return 0;
      case 'start':
        return await start(rest);
      case 'ask':
        return await ask(rest);
      case 'web':
        return await web(rest);
      case 'ingest':
        return ingest(rest);
      case 'timeline':
        return await timeline(rest);
      case 'deliveries':
        return deliveries(rest);
      case 'deliver':
        return await deliverOnce(rest);
      case 'status':
        return status(rest);
      case 'poll':
        return await (await import('./feeds.js')).pollCommand(rest);
      case 'feeds':
        return await (await import('./feeds.js')).feedsCommand(rest);
      case 'tenants':
        return await tenants(rest);
      case 'timex': {
        const { runTimexCommand } = await import('../core/timex/cli.js');
        return await runTimexCommand(rest, process.stdin, process.stdout);
      }
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || isParseArgsError(error)) {
      process.stderr.write(`dateline: ${(error as Error).message}\n`);
      if (error instanceof UsageError || isParseArgsError(error)) process.stderr.write('Run "dateline --help" for usage.\n');
      return 2;
    }
    process.stderr.write(`dateline: ${(error as Error).message}\n`);
    return 1;
  }
}

function isParseArgsError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
}

function version(): string {
  return (JSON.parse(readFileSync(`${PACKAGE_ROOT}/package.json`, 'utf8')) as { version: string }).version;
}

function open(values: GlobalValues): App {
  return openApp({ dbPath: values.db, bare: values.bare, configPath: values.config });
}

async function start(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: GLOBAL_OPTIONS, strict: true });
  const app = open(values);
  try {
    await startBot(app, process.env);
  } finally {
    app.close();
    // A library still reconnecting (an unreachable platform) must not keep a stopped bot alive.
    setTimeout(() => process.exit(process.exitCode ?? 0), 1000).unref();
  }
  return 0;
}

async function web(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...GLOBAL_OPTIONS, port: { type: 'string' }, host: { type: 'string' } }, strict: true });
  const { startWebServer, webSettings } = await import('../web/server.js');
  const settings = webSettings({ WEB_PORT: values.port ?? process.env.WEB_PORT ?? '8080', WEB_HOST: values.host ?? process.env.WEB_HOST })!;
  const app = open(values);
  try {
    const server = await startWebServer(app, settings);
    process.stdout.write(`The timelines are at ${server.url}/ (Ctrl-C to stop)\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
  } finally {
    app.close();
  }
  return 0;
}

async function ask(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...GLOBAL_OPTIONS, json: { type: 'boolean' }, channel: { type: 'string' }, page: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0) throw new UsageError('ask needs a command, for example: dateline ask "/assange 2012"');
  const page = values.page === undefined ? 1 : Number(values.page);
  if (!Number.isInteger(page) || page < 1) throw new UsageError('--page takes a whole number from 1.');
  const app = open(values);
  try {
    const caller = { channel: values.channel ?? 'console:main', userId: 'cli', canManage: true };
    const reply = await runCommandLine(positionals.join(' '), app.registry(), app.context(caller, page), app.log);
    process.stdout.write(values.json ? `${JSON.stringify(reply, null, 2)}\n` : renderText(reply));
    if (reply.picture && !values.json) process.stdout.write(savePicture(reply));
    return reply.error ? 1 : 0;
  } finally {
    app.close();
  }
}

function ingest(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    options: { ...GLOBAL_OPTIONS, topic: { type: 'string' }, jsonl: { type: 'string' }, published: { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  const items: IngestItem[] = [];
  const problems: string[] = [];
  if (values.jsonl) {
    if (positionals.length > 0) throw new UsageError('Give either --jsonl FILE or --published DATE FILE..., not both.');
    readFileSync(values.jsonl, 'utf8').split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      try {
        const parsed = JSON.parse(line) as unknown;
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
        items.push(parsed as IngestItem);
      } catch (error) {
        problems.push(`line ${index + 1}: ${(error as Error).message}`);
      }
    });
  } else {
    if (!values.published) throw new UsageError('ingest needs --jsonl FILE, or --published YYYY-MM-DD FILE...');
    if (positionals.length === 0) throw new UsageError('ingest --published needs one or more files.');
    for (const file of positionals) items.push({ id: basename(file), published: values.published, text: readFileSync(file, 'utf8') });
  }
  const app = open(values);
  try {
    const report = ingestItems(app.store, items, { topic: values.topic, now: app.now() });
    for (const problem of problems) report.rejected.push({ item: problem.split(':')[0]!, reason: problem.slice(problem.indexOf(':') + 2) });
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : describeIngest(report));
    return report.rejected.length > 0 && report.articles === 0 && report.duplicates === 0 ? 1 : 0;
  } finally {
    app.close();
  }
}

function describeIngest(report: IngestReport): string {
  const lines = [
    `Added ${report.articles} article${report.articles === 1 ? '' : 's'}` +
      ` (${report.duplicates} already known, ${report.unrelated} about no topic).`,
    `Events: ${report.newEvents} new, ${report.mergedEvents} merged into existing events.`,
    ...report.rejected.map((r) => `Skipped ${r.item}: ${r.reason}`),
  ];
  return `${lines.join('\n')}\n`;
}

async function timeline(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      ...GLOBAL_OPTIONS, from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' },
      top: { type: 'string' }, granularity: { type: 'string' }, explain: { type: 'boolean' }, png: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('timeline needs one topic, for example: dateline timeline assange');
  let top: number | undefined;
  if (values.top !== undefined) {
    top = Number(values.top);
    if (!Number.isInteger(top) || top < 1) throw new UsageError('--top takes a whole number from 1.');
  }
  const granularity = values.granularity;
  if (granularity !== undefined && !isGranularity(granularity)) throw new UsageError('--granularity takes day, month or any.');
  if (top === undefined && (values.granularity !== undefined || values.explain)) {
    throw new UsageError('--granularity and --explain go with --top N.');
  }
  const app = open(values);
  try {
    const topic = app.store.topics.get(positionals[0]!);
    if (!topic) {
      throw new UsageError(`No topic "${positionals[0]}". Topics: ${app.store.topics.list().map((t) => t.name).join(', ') || '(none)'}.`);
    }
    let within;
    let periodLabel;
    if (values.from || values.to) {
      const parsed = parseTopicQuery(`${values.from ?? '1000'}..${values.to ?? '2999'}`);
      if (!parsed.ok) throw new UsageError(parsed.message);
      if (parsed.query.kind !== 'search' || !parsed.query.period) throw new UsageError('--from and --to take dates such as 2012, 2015-08 or 2015-08-13.');
      within = parsed.query.period.span;
      periodLabel = parsed.query.period.label;
    }
    let reply: Reply;
    let explanation: string | undefined;
    if (top !== undefined) {
      const result = keyEvents(app.store, { tenant: OPERATOR, topic, top, granularity, within, periodLabel });
      reply = result.reply;
      if (values.explain) {
        explanation = explainRanking(result.ranked);
        reply.text = explanation;
      }
    } else {
      const items = toReplyItems(app.store, OPERATOR, app.store.events.all(OPERATOR, topic.id, within));
      reply = { title: `${topic.title}: timeline`, items, total: items.length, footer: `${items.length} events` };
    }
    if (values.png) {
      const { renderTimelinePng } = await import('../render/timeline-png.js');
      writeFileSync(values.png, renderTimelinePng({ ...reply, text: undefined }));
    }
    process.stdout.write(values.json ? `${JSON.stringify(explanation ? { ...reply, explanation } : reply, null, 2)}\n` : renderText(reply));
    return 0;
  } finally {
    app.close();
  }
}

function isGranularity(value: string): value is Granularity {
  return value === 'day' || value === 'month' || value === 'any';
}

function deliveries(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: { ...GLOBAL_OPTIONS, channel: { type: 'string' }, json: { type: 'boolean' }, limit: { type: 'string' } },
    strict: true,
  });
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit takes a whole number from 1.');
  const app = open(values);
  try {
    const rows = app.store.outbox.recentAllTenants(limit, values.channel);
    if (values.json) {
      const list = rows.map(({ payload, ...row }) => ({ ...row, title: titleOf(payload) }));
      process.stdout.write(`${JSON.stringify({ counts: app.store.outbox.countsAllTenants(), deliveries: list }, null, 2)}\n`);
      return 0;
    }
    const counts = app.store.outbox.countsAllTenants();
    const lines = [`Outbox: ${counts.queued} queued, ${counts.delivered} delivered, ${counts.failed} failed.`];
    for (const row of rows) {
      const title = titleOf(row.payload);
      const state = row.status === 'delivered' ? `delivered ${row.deliveredAt}` : row.status === 'failed' ? `FAILED: ${row.lastError}` : `queued (attempts ${row.attempts}${row.lastError ? `, last error: ${row.lastError}` : ''}; next ${row.nextAttemptAt})` +
        (row.sendingSince ? `\n    a send began ${row.sendingSince} with no known outcome: the channel's history is checked before any resend` : '');
      lines.push(`${row.createdAt}  ${row.channelRef}  ${row.kind}  ${title}\n    ${state}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    app.close();
  }
}

/** A stored message's title; a row whose payload is unreadable is still listed. */
function titleOf(payload: string): string {
  try {
    const title = (JSON.parse(payload) as Partial<Reply> | null)?.title;
    return typeof title === 'string' ? title : '(no title)';
  } catch {
    return '(unreadable message)';
  }
}

async function tenants(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...GLOBAL_OPTIONS, json: { type: 'boolean' } }, strict: true });
  return withApp(values, async (app) => {
    if (values.json) {
      process.stdout.write(`${JSON.stringify(app.store.tenants.usage(), null, 2)}\n`);
      return 0;
    }
    const caller = { channel: null, userId: 'cli', canManage: true, isAdmin: true };
    process.stdout.write(renderText(await runCommandLine('/dateline tenants', app.registry(), app.context(caller), app.log)));
    return 0;
  });
}

function status(args: string[]): number {
  const { values } = parseArgs({ args, options: { ...GLOBAL_OPTIONS, json: { type: 'boolean' } }, strict: true });
  const app = open(values);
  try {
    const figures = collectStatus(app);
    process.stdout.write(values.json ? `${JSON.stringify(figures, null, 2)}\n` : describeStatus(figures));
    return 0;
  } finally {
    app.close();
  }
}

async function deliverOnce(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...GLOBAL_OPTIONS, once: { type: 'boolean' }, json: { type: 'boolean' } }, strict: true });
  if (!values.once) throw new UsageError('deliver runs once: dateline deliver --once (dateline start keeps delivering).');
  const app = open(values);
  try {
    const planned = planDuePosts(app.store, app.config, app.now(), app.log);
    const sender = new OutboxSender(app.store, [new ConsolePoster(process.stdout)], { maxAttempts: app.config.delivery.maxAttempts, burstThreshold: app.config.delivery.burstThreshold }, app.now, app.log);
    const report = await sender.drain();
    const summary = { queued: planned.queued.length, ...report };
    process.stdout.write(values.json ? `${JSON.stringify(summary)}\n` : `Queued ${summary.queued}; delivered ${report.delivered}, retrying ${report.retried}, failed ${report.failed}, paused ${report.paused}.\n`);
    return 0;
  } finally {
    app.close();
  }
}


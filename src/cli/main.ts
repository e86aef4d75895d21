import { readFileSync } from 'node:fs';
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
import { startBot } from './start.js';

const USAGE = `Usage: dateline <command> [options]

Commands:
  start                                 Run the bot (Discord/Slack when their tokens are set, else a console chat)
  ask "<command>" [--json] [--channel REF] [--page N]
                                        Run one chat command, e.g. dateline ask "/assange 2012"
  ingest [--topic T] --jsonl FILE       Add articles from JSON lines {id?, url?, title?, published, text, source?}
  ingest [--topic T] --published YYYY-MM-DD FILE...
                                        Add plain-text articles (first line = title)
  timeline TOPIC [--from D] [--to D] [--json]
                                        Every event of a topic in date order
  timex --dct YYYY-MM-DD [--json] | timex --jsonl
                                        Tag temporal expressions in text on stdin

Global options:
  --db PATH        Database file (default data/dateline.db, or $DATELINE_DB)
  --bare           Create the database without the bundled timelines
  --config PATH    Configuration file (default config/dateline.json, or $DATELINE_CONFIG)
  -h, --help       This help;  -v, --version  The version

DATELINE_NOW=<ISO time> fixes the clock (for "today", tests and demos).
`;

class UsageError extends Error {}

const GLOBAL_OPTIONS = {
  db: { type: 'string' },
  bare: { type: 'boolean' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 bad usage). */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
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
      case 'ingest':
        return ingest(rest);
      case 'timeline':
        return timeline(rest);
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

type GlobalValues = { db?: string; bare?: boolean; config?: string };

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

function timeline(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    options: { ...GLOBAL_OPTIONS, from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('timeline needs one topic, for example: dateline timeline assange');
  const app = open(values);
  try {
    const topic = app.store.topics.get(positionals[0]!);
    if (!topic) {
      throw new UsageError(`No topic "${positionals[0]}". Topics: ${app.store.topics.list().map((t) => t.name).join(', ') || '(none)'}.`);
    }
    let within;
    if (values.from || values.to) {
      const parsed = parseTopicQuery(`${values.from ?? '1000'}..${values.to ?? '2999'}`);
      if (!parsed.ok) throw new UsageError(parsed.message);
      if (parsed.query.kind !== 'search' || !parsed.query.period) throw new UsageError('--from and --to take dates such as 2012, 2015-08 or 2015-08-13.');
      within = parsed.query.period.span;
    }
    const items = toReplyItems(app.store, app.store.events.all(topic.id, within));
    const reply: Reply = { title: `${topic.title}: timeline`, items, total: items.length, footer: `${items.length} events` };
    process.stdout.write(values.json ? `${JSON.stringify(reply, null, 2)}\n` : renderText(reply));
    return 0;
  } finally {
    app.close();
  }
}

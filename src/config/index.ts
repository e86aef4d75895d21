import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root: defaults (config, data) are found from here, not from the working directory. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Built-in command names that a topic cannot take. */
export const RESERVED_COMMANDS: ReadonlySet<string> = new Set(['dateline', 'help']);

export const topicName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'a topic name is 1-32 lowercase letters, digits, "-" or "_" (it becomes a command name)')
  .refine((name) => !RESERVED_COMMANDS.has(name), 'this name is taken by a built-in command');

const topicSchema = z.object({
  name: topicName,
  title: z.string().min(1).max(100),
  keywords: z.array(z.string().min(1)).min(1),
  aliases: z.array(z.string().min(1)).default([]),
  exclude: z.array(z.string().min(1)).default([]),
});

const feedSchema = z.object({
  url: z.string().url(),
  topic: topicName,
  intervalMinutes: z.number().int().min(1).max(24 * 60).optional(),
});

export const configSchema = z.object({
  $comment: z.string().optional(),
  database: z.string().min(1).default('data/dateline.db'),
  topics: z.array(topicSchema).default([]),
  feeds: z.array(feedSchema).default([]),
  allowHosts: z.array(z.string().min(1)).default([]),
  contact: z.string().optional(),
  /** Where the web timeline (`dateline web`) is reachable from outside; chat replies link to it when set. */
  publicUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Who runs the deployment: these user ids (Discord or Slack) may run /dateline tenants. DATELINE_OWNERS adds more. */
  owners: z.array(z.string().min(1)).default([]),
  /** Tenants (Discord servers, Slack workspaces): their own topics, limits, and who administers them. */
  tenancy: z.object({
    /** Topics one server or workspace may add. */
    maxTopics: z.number().int().min(0).max(1000).default(10),
    /** Feeds across one server's or workspace's own topics. */
    maxFeeds: z.number().int().min(0).max(10_000).default(30),
    /** Days a server's or workspace's data is kept after the bot leaves it or the app is uninstalled. */
    removeAfterDays: z.number().min(0).max(365).default(7),
    /** Discord roles (ids or names) whose members administer topics and feeds, besides Manage Server. */
    adminRoles: z.array(z.string().min(1)).default([]),
  }).prefault({}),
  delivery: z.object({
    /** Post "nothing happened on this day" instead of staying quiet. */
    postEmptyOnThisDay: z.boolean().default(false),
    /** Most items of each kind in a digest; the rest are counted as "and N more". */
    digestCap: z.number().int().min(1).max(50).default(10),
    /** More queued alerts than this for one channel go out as one message. */
    burstThreshold: z.number().int().min(1).max(50).default(3),
    /** Feed items published longer ago than this are filed in the timeline but not alerted. */
    alertWindowDays: z.number().positive().max(365).default(3),
    /** A feed failing this many polls in a row is disabled, with a notice to the topic's channels. */
    maxFeedFailures: z.number().int().min(1).max(1000).default(10),
    /** Give up on a message after this many failed attempts. */
    maxAttempts: z.number().int().min(1).max(100).default(10),
    /** Discord's global request budget for this bot (50/s unless Discord raised it for you). */
    discordRequestsPerSecond: z.number().int().min(1).max(10_000).default(50),
    /** The bot's own ceiling on Slack posts across channels (Slack itself allows about one per second per channel). */
    slackRequestsPerSecond: z.number().int().min(1).max(10_000).default(20),
  }).prefault({}),
});

export type AppConfig = z.infer<typeof configSchema>;
export type TopicConfig = z.infer<typeof topicSchema>;

export class ConfigError extends Error {}

/**
 * The port an environment variable names (0 to 65535; 0 picks a free one), or undefined when it is not set.
 * Every listening server of the bot reads its port this way.
 */
export function envPort(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name]?.trim();
  if (!text) return undefined;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new ConfigError(`${name} must be a port number (0-65535), not "${text.slice(0, 20)}".`);
  return port;
}

export interface ConfigOptions {
  /** --config PATH */
  configPath?: string;
  /** --db PATH */
  dbPath?: string;
  env?: NodeJS.ProcessEnv;
}

export interface LoadedConfig extends AppConfig {
  /** Absolute path of the database file (or ':memory:'). */
  databasePath: string;
}

/** Reads and validates the configuration; every problem is reported with its path in the file. */
export function loadConfig(options: ConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const path = resolve(options.configPath ?? env.DATELINE_CONFIG ?? resolve(PACKAGE_ROOT, 'config/dateline.json'));
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new ConfigError(`Cannot read the configuration ${path}: ${reason}`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(top)'}: ${issue.message}`);
    throw new ConfigError(`The configuration ${path} is not valid:\n${problems.join('\n')}`);
  }
  const config = parsed.data;
  const names = new Set<string>();
  for (const topic of config.topics) {
    if (names.has(topic.name)) throw new ConfigError(`The configuration ${path} names topic "${topic.name}" twice.`);
    names.add(topic.name);
  }
  const envHosts = (env.DATELINE_ALLOW_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  const database = options.dbPath ?? env.DATELINE_DB ?? config.database;
  const publicUrl = env.DATELINE_PUBLIC_URL?.trim() || config.publicUrl;
  if (publicUrl !== config.publicUrl && !configSchema.shape.publicUrl.safeParse(publicUrl).success) {
    throw new ConfigError(`DATELINE_PUBLIC_URL must be an http(s) URL, such as https://dateline.example.org/ (got "${String(publicUrl).slice(0, 80)}").`);
  }
  const envOwners = (env.DATELINE_OWNERS ?? '').split(',').map((id) => id.trim()).filter(Boolean);
  return {
    ...config,
    owners: [...config.owners, ...envOwners],
    publicUrl,
    allowHosts: [...config.allowHosts, ...envHosts],
    databasePath: database === ':memory:' || isAbsolute(database) ? database : resolve(options.dbPath || env.DATELINE_DB ? process.cwd() : PACKAGE_ROOT, database),
  };
}

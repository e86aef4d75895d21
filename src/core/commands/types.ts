import type { LoadedConfig } from '../../config/index.js';
import type { Store, Topic } from '../../store/index.js';
import type { Reply } from '../reply.js';
import type { TargetCheck } from '../targets.js';

/** A command as typed (console, Slack) or sent as options (Discord), in one shape. */
export interface CommandInput {
  name: string;
  subcommand?: string;
  options: Record<string, string>;
  /** Free text left after the options, e.g. the query of /assange 2012. */
  text: string;
}

/** Who asked, and where: platforms fill what they know. */
export interface Caller {
  /**
   * Whose server or workspace the command comes from: 'discord:<guild id>', 'slack:<team id>'. Absent: the operator
   * (the console and the CLI), who owns the bundled and configured topics.
   */
  tenant?: string;
  /** The server's or workspace's name, where the platform tells it (shown to owners in /dateline tenants). */
  tenantName?: string;
  /** 'console:main', 'discord:123', 'slack:C123'. */
  channel: string | null;
  userId: string | null;
  /** Whether the caller may manage this channel's settings; the platform adapter decides. */
  canManage: boolean;
  /** Why canManage is false, naming the missing permission. */
  missingPermission?: string;
  /**
   * Whether the caller administers the whole server or workspace: sees every channel's subscriptions, adds topics
   * and feeds (Discord: Manage Server or a role named in the configuration; Slack: workspace admins and owners).
   */
  isAdmin?: boolean;
  /** The server's or workspace's time zone where the platform tells it: the default for new subscriptions. */
  timezone?: string;
  /**
   * Where the platform can tell: whether the bot may post where a subscription would deliver (the kind of place,
   * or a message naming the missing permission). Without it, the subscription is saved unchecked.
   */
  checkTarget?(channelRef: string): Promise<TargetCheck>;
}

/** What a command changed that the platforms reflect: a tenant's topics (its commands) or its feeds (polling). */
export type Change = 'topics' | 'feeds';

/** One feed fetched and parsed for a topic: its items judged as the poller would judge them, or why it is no feed. */
export type FeedReading =
  | { ok: true; title: string; itemCount: number; items: { title: string; related: boolean; score: number; reasons: string[] }[] }
  | { ok: false; message: string; /** Feeds a web page links to. */ alternatives: string[] };

/** The feed reader as the feed commands use it: wired in by the app, so core never imports src/feeds. */
export interface FeedReader {
  /** Fetches and parses `url`, judging its first `judged` items for `topic`. */
  read(url: string, topic: Topic, judged: number): Promise<FeedReading>;
  /** How often a newly added feed is polled. */
  defaultIntervalMinutes: number;
}

export interface CommandContext {
  store: Store;
  feeds: FeedReader;
  config: LoadedConfig;
  now: () => Date;
  caller: Caller;
  /** The caller's tenant (the operator's when the caller names none): every look-up and change is within it. */
  tenant: string;
  /** Whether the caller runs the deployment (an owner id from the configuration, or the console and CLI). */
  isOwner: boolean;
  /** Tells the running bot what changed (new guild commands, a feed to poll now). */
  changed(what: Change, tenant: string): void;
  /** 1-based page of a long answer. */
  page: number;
  pageSize: number;
  /** Every registered command, for help generated from the registry. */
  commands(): readonly Command[];
}

export interface OptionSpec {
  name: string;
  description: string;
  required?: boolean;
  choices?: string[];
  /** Platforms that can suggest values (Discord) ask the command for them. */
  autocomplete?: boolean;
  /** What the value names, where a platform offers a picker for it (Discord); text otherwise. */
  kind?: 'text' | 'role' | 'channel';
}

export interface SubcommandSpec {
  name: string;
  description: string;
  options: OptionSpec[];
}

export interface CommandSpec {
  name: string;
  description: string;
  options: OptionSpec[];
  subcommands?: SubcommandSpec[];
}

export interface Command {
  spec: CommandSpec;
  run(input: CommandInput, context: CommandContext): Reply | Promise<Reply>;
  /** Suggestions for a partly typed option value. */
  suggest?(option: string, partial: string, context: CommandContext): string[];
}

export interface Subcommand {
  spec: SubcommandSpec;
  run(input: CommandInput, context: CommandContext): Reply | Promise<Reply>;
}

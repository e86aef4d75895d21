import type { LoadedConfig } from '../../config/index.js';
import type { Store } from '../../store/index.js';
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
  /** 'console:main', 'discord:123', 'slack:C123'. */
  channel: string | null;
  userId: string | null;
  /** Whether the caller may manage this channel's settings; the platform adapter decides. */
  canManage: boolean;
  /** Why canManage is false, naming the missing permission. */
  missingPermission?: string;
  /** Whether the caller administers the whole server or workspace (sees every channel's subscriptions). */
  isAdmin?: boolean;
  /** The server's or workspace's time zone where the platform tells it: the default for new subscriptions. */
  timezone?: string;
  /**
   * Where the platform can tell: whether the bot may post where a subscription would deliver (the kind of place,
   * or a message naming the missing permission). Without it, the subscription is saved unchecked.
   */
  checkTarget?(channelRef: string): Promise<TargetCheck>;
}

export interface CommandContext {
  store: Store;
  config: LoadedConfig;
  now: () => Date;
  caller: Caller;
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

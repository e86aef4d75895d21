import { createHash } from 'node:crypto';
import type { Reply } from './reply.js';

/**
 * A message's delivery tag: a short hash of its outbox key (25 characters, Discord's nonce size). Each post carries
 * it where the bot can read it back from channel history and readers do not see it; the raw key stays private.
 */
export function deliveryTag(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, 25);
}

/** How far back a history check reads: at most this many messages, over at most this long. */
export const HISTORY_BOUND = { messages: 100, ms: 24 * 60 * 60 * 1000 } as const;

export interface PostOptions {
  /** Lets a platform that supports it (Discord's nonce) drop a resend; its delivery tag goes with the post. */
  idempotencyKey?: string;
  /** Post in the thread of this message (a Discord thread started on it, a Slack thread_ts reply), not the channel. */
  replyTo?: string;
}

/** Posts a reply to a channel on some platform: what digests, alerts and notices go through. */
export interface ChannelPoster {
  /** The channel-ref prefix this poster serves: 'discord', 'slack' or 'console'. */
  readonly platform: string;
  /**
   * Posts the reply. `idempotencyKey` lets a platform that supports it (Discord's nonce) drop a resend.
   * Resolves with the platform's message id; rejects with a PostError when the platform refuses.
   */
  post(channelRef: string, reply: Reply, options?: PostOptions): Promise<{ messageId: string }>;
  /**
   * Replaces a posted message's content (a story alert gaining sources). The message then carries the delivery tag of
   * `idempotencyKey` instead of its post's. A platform without it (the console) prints the new version.
   */
  edit?(channelRef: string, messageId: string, reply: Reply, options: { idempotencyKey: string }): Promise<void>;
  /** Whether each message to this channel must go out on its own (a Discord forum: a post per story), never combined. */
  separatePosts?(channelRef: string): boolean;
  /** The delivery tag a posted message carries now: how an edit in doubt is checked before it is made again. */
  tagOf?(channelRef: string, messageId: string): Promise<string | undefined>;
  /**
   * The bot's posts in the channel between `since` and `until` (at most HISTORY_BOUND.messages, those nearest the
   * sends), as delivery tag → message id: how a send in doubt is checked before any resend. With `replyTo`, the
   * replies in that message's thread. Rejects (with a PostError) when the history cannot be read. A platform
   * without it (the console) never leaves a send in doubt.
   */
  delivered?(channelRef: string, window: { since: Date; until: Date; replyTo?: string }): Promise<Map<string, string>>;
}

/** Why a post failed, in terms the delivery code can act on. */
export class PostError extends Error {
  constructor(
    message: string,
    /** 'retry': try again later; 'broken-target': the channel is gone or the bot lacks access; 'rejected': the content was refused. */
    readonly kind: 'retry' | 'broken-target' | 'rejected',
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

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

/** Posts a reply to a channel on some platform: what digests, alerts and notices go through. */
export interface ChannelPoster {
  /** The channel-ref prefix this poster serves: 'discord', 'slack' or 'console'. */
  readonly platform: string;
  /**
   * Posts the reply. `idempotencyKey` lets a platform that supports it (Discord's nonce) drop a resend.
   * Resolves with the platform's message id; rejects with a PostError when the platform refuses.
   */
  post(channelRef: string, reply: Reply, options?: { idempotencyKey?: string }): Promise<{ messageId: string }>;
  /**
   * The bot's posts in the channel between `since` and `until` (at most HISTORY_BOUND.messages, those nearest the
   * sends), as delivery tag → message id: how a send in doubt is checked before any resend. Rejects (with a
   * PostError) when the history cannot be read. A platform without it (the console) never leaves a send in doubt.
   */
  delivered?(channelRef: string, window: { since: Date; until: Date }): Promise<Map<string, string>>;
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

import type { Reply } from './reply.js';

/** Posts a reply to a channel on some platform: what digests, alerts and notices go through. */
export interface ChannelPoster {
  /** The channel-ref prefix this poster serves: 'discord', 'slack' or 'console'. */
  readonly platform: string;
  /**
   * Posts the reply. `idempotencyKey` lets a platform that supports it (Discord's nonce) drop a resend.
   * Resolves with the platform's message id; rejects with a PostError when the platform refuses.
   */
  post(channelRef: string, reply: Reply, options?: { idempotencyKey?: string }): Promise<{ messageId: string }>;
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

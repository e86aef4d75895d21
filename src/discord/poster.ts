import { createHash } from 'node:crypto';
import { DiscordAPIError, HTTPError, RateLimitError, type Client } from 'discord.js';
import { PostError, type ChannelPoster } from '../core/post.js';
import type { Reply } from '../core/reply.js';
import { renderReply } from './render.js';
import { isForum, postToForum } from './targets.js';

// Posting unprompted messages (digests, alerts) to a Discord channel.

/** Discord error codes that mean the channel is gone or closed to the bot: Unknown Channel, Missing Access, Missing Permissions. */
const BROKEN_TARGET_CODES = new Set<number | string>([10003, 50001, 50013]);
const NONCE_MAX = 25;

/** Discord's nonce holds 25 characters; a hash of the key fits and stays the same for a resend. */
export function nonceFor(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, NONCE_MAX);
}

export function toPostError(error: unknown): PostError {
  if (error instanceof RateLimitError) return new PostError(error.message, 'retry', error.retryAfter);
  if (error instanceof DiscordAPIError) {
    if (error.status === 429) return new PostError(error.message, 'retry', retryAfterMs(error.rawError));
    if (BROKEN_TARGET_CODES.has(error.code)) return new PostError(error.message, 'broken-target');
    if (error.status >= 500) return new PostError(error.message, 'retry');
    return new PostError(error.message, 'rejected');
  }
  if (error instanceof HTTPError) return new PostError(error.message, error.status >= 500 || error.status === 429 ? 'retry' : 'rejected');
  // Network failures and timeouts: the message may not have gone out; a retry with the same nonce is safe.
  return new PostError((error as Error).message ?? String(error), 'retry');
}

function retryAfterMs(raw: unknown): number | undefined {
  const seconds = (raw as { retry_after?: unknown } | null)?.retry_after;
  return typeof seconds === 'number' ? Math.ceil(seconds * 1000) : undefined;
}

export class DiscordPoster implements ChannelPoster {
  readonly platform = 'discord';

  constructor(private readonly client: Client) {}

  async post(channelRef: string, reply: Reply, options: { idempotencyKey?: string } = {}): Promise<{ messageId: string }> {
    const channelId = /^discord:(\d+)$/.exec(channelRef)?.[1];
    if (!channelId) throw new PostError(`Not a Discord channel: ${channelRef}`, 'broken-target');
    try {
      const channel = await this.client.channels.fetch(channelId);
      // A forum takes posts, not messages: each story opens its own.
      if (channel && isForum(channel)) return { messageId: await postToForum(channel, reply) };
      if (!channel?.isSendable()) throw new PostError(`Channel ${channelId} does not take messages`, 'broken-target');
      const nonce = options.idempotencyKey ? { nonce: nonceFor(options.idempotencyKey), enforceNonce: true } : {};
      const message = await channel.send({ ...renderReply(reply), ...nonce });
      return { messageId: message.id };
    } catch (error) {
      throw error instanceof PostError ? error : toPostError(error);
    }
  }
}

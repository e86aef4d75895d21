import { DiscordAPIError, HTTPError, RateLimitError, Routes, SnowflakeUtil, type APIMessage, type Client } from 'discord.js';
import { deliveryTag, HISTORY_BOUND, PostError, type ChannelPoster } from '../core/post.js';
import type { Reply } from '../core/reply.js';
import { decodeDeliveryId, deliveryRow, renderReply } from './render.js';
import { isForum, postToForum } from './targets.js';

// Posting unprompted messages (digests, alerts) to a Discord channel.

/** Discord error codes that mean the channel is gone or closed to the bot: Unknown Channel, Missing Access, Missing Permissions. */
const BROKEN_TARGET_CODES = new Set<number | string>([10003, 50001, 50013]);

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

function channelIdOf(channelRef: string): string {
  const channelId = /^discord:(\d+)$/.exec(channelRef)?.[1];
  if (!channelId) throw new PostError(`Not a Discord channel: ${channelRef}`, 'broken-target');
  return channelId;
}

export class DiscordPoster implements ChannelPoster {
  readonly platform = 'discord';

  constructor(private readonly client: Client) {}

  async post(channelRef: string, reply: Reply, options: { idempotencyKey?: string } = {}): Promise<{ messageId: string }> {
    const channelId = channelIdOf(channelRef);
    try {
      const channel = await this.client.channels.fetch(channelId);
      // A forum takes posts, not messages: each story opens its own.
      if (channel && isForum(channel)) return { messageId: await postToForum(channel, reply) };
      if (!channel?.isSendable()) throw new PostError(`Channel ${channelId} does not take messages`, 'broken-target');
      const message = renderReply(reply);
      if (options.idempotencyKey) {
        // The tag is the nonce too (25 characters fit). Discord remembers a nonce for a few minutes only; a resend
        // after a longer gap is caught by the history check, which finds the tag in the button's custom id.
        const tag = deliveryTag(options.idempotencyKey);
        const sent = await channel.send({ ...message, components: [...message.components, deliveryRow(tag, reply.more)], nonce: tag, enforceNonce: true });
        return { messageId: sent.id };
      }
      return { messageId: (await channel.send(message)).id };
    } catch (error) {
      throw error instanceof PostError ? error : toPostError(error);
    }
  }

  /** One read of the channel's messages just after `since` (GET /channels/{id}/messages?after=), the bot's own, by tag. */
  async delivered(channelRef: string, { since }: { since: Date; until: Date }): Promise<Map<string, string>> {
    const channelId = channelIdOf(channelRef);
    const query = new URLSearchParams({ after: SnowflakeUtil.generate({ timestamp: since }).toString(), limit: String(HISTORY_BOUND.messages) });
    let messages: APIMessage[];
    try {
      messages = (await this.client.rest.get(Routes.channelMessages(channelId), { query })) as APIMessage[];
    } catch (error) {
      throw toPostError(error);
    }
    const found = new Map<string, string>();
    for (const message of messages) {
      if (message.author?.id !== this.client.user?.id) continue;
      for (const row of message.components ?? []) {
        for (const component of 'components' in row ? row.components : []) {
          const tag = 'custom_id' in component ? decodeDeliveryId(component.custom_id)?.tag : undefined;
          if (tag) found.set(tag, message.id);
        }
      }
    }
    return found;
  }
}

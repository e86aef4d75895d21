import { DiscordAPIError, HTTPError, RateLimitError, Routes, SnowflakeUtil, type APIMessage, type Channel, type Client } from 'discord.js';
import { clip } from '../core/clip.js';
import { deliveryTag, HISTORY_BOUND, PostError, type ChannelPoster, type PostOptions } from '../core/post.js';
import type { Reply } from '../core/reply.js';
import { decodeDeliveryId, deliveryRow, renderReply } from './render.js';
import { isForum, postToForum } from './targets.js';

// Posting unprompted messages (digests, alerts) to a Discord channel.

const UNKNOWN_CHANNEL = 10003;
const MISSING_ACCESS = 50001;
const MISSING_PERMISSIONS = 50013;
/** Discord error codes that mean the channel is gone or closed to the bot. */
const BROKEN_TARGET_CODES = new Set<number | string>([UNKNOWN_CHANNEL, MISSING_ACCESS, MISSING_PERMISSIONS]);
/** "A thread has already been created for this message": a follow-up's thread exists (an earlier follow-up, a crash). */
const THREAD_EXISTS = 160004;
const THREAD_NAME_MAX = 100;

/** The delivery tag in a message's Open timeline button, if it has one. */
function tagIn(message: APIMessage): string | undefined {
  for (const row of message.components ?? []) {
    for (const component of 'components' in row ? row.components : []) {
      const tag = 'custom_id' in component ? decodeDeliveryId(component.custom_id)?.tag : undefined;
      if (tag) return tag;
    }
  }
  return undefined;
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

function channelIdOf(channelRef: string): string {
  const channelId = /^discord:(\d+)$/.exec(channelRef)?.[1];
  if (!channelId) throw new PostError(`Not a Discord channel: ${channelRef}`, 'broken-target');
  return channelId;
}

export class DiscordPoster implements ChannelPoster {
  readonly platform = 'discord';

  constructor(private readonly client: Client) {}

  async post(channelRef: string, reply: Reply, options: PostOptions = {}): Promise<{ messageId: string }> {
    const channelId = channelIdOf(channelRef);
    try {
      let channel = await this.client.channels.fetch(channelId);
      if (options.replyTo && channel) channel = await this.client.channels.fetch(await this.threadOf(channel, options.replyTo, reply));
      // A forum takes posts, not messages: each story opens its own.
      else if (channel && isForum(channel)) {
        return { messageId: await postToForum(channel, reply, options.idempotencyKey ? deliveryTag(options.idempotencyKey) : undefined) };
      }
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

  /**
   * Where the replies to a posted message go: a forum post is its own thread; a subscription that posts in a thread
   * replies there; in a channel, a thread is started on the message (its id is the message's) the first time.
   */
  private async threadOf(channel: Channel, messageId: string, reply: Reply): Promise<string> {
    if (isForum(channel)) return messageId;
    if (channel.isThread()) return channel.id;
    try {
      const name = clip(reply.title.replace(/^Update: /, ''), THREAD_NAME_MAX);
      await this.client.rest.post(Routes.threads(channel.id, messageId), { body: { name, auto_archive_duration: 10080 } });
    } catch (error) {
      // Without Create Public Threads the follow-up goes to the channel itself rather than nowhere.
      if (error instanceof DiscordAPIError && (error.code === MISSING_PERMISSIONS || error.code === MISSING_ACCESS)) return channel.id;
      if (!(error instanceof DiscordAPIError && error.code === THREAD_EXISTS)) throw error;
    }
    return messageId;
  }

  /** The channel a posted message is in: a forum post's opening message is in the post, under the post's id. */
  private async messageChannel(channelRef: string, messageId: string): Promise<string> {
    const channelId = channelIdOf(channelRef);
    const channel = await this.client.channels.fetch(channelId);
    return channel && isForum(channel) ? messageId : channelId;
  }

  /** PATCH /channels/{id}/messages/{id}: the alert as it stands, its button carrying the edit's delivery tag. */
  async edit(channelRef: string, messageId: string, reply: Reply, options: { idempotencyKey: string }): Promise<void> {
    try {
      const channel = await this.client.channels.fetch(await this.messageChannel(channelRef, messageId));
      if (!channel?.isSendable()) throw new PostError(`Channel ${channelRef} does not take messages`, 'broken-target');
      const { files: _files, ...message } = renderReply(reply);
      await channel.messages.edit(messageId, { ...message, components: [...message.components, deliveryRow(deliveryTag(options.idempotencyKey), reply.more)] });
    } catch (error) {
      throw error instanceof PostError ? error : toPostError(error);
    }
  }

  async tagOf(channelRef: string, messageId: string): Promise<string | undefined> {
    try {
      const channelId = await this.messageChannel(channelRef, messageId);
      return tagIn((await this.client.rest.get(Routes.channelMessage(channelId, messageId))) as APIMessage);
    } catch (error) {
      throw toPostError(error);
    }
  }

  /** A forum opens a post per story, so alerts to it are never combined (known from the gateway's channel cache). */
  separatePosts(channelRef: string): boolean {
    const id = /^discord:(\d+)$/.exec(channelRef)?.[1];
    const channel = id ? this.client.channels.cache.get(id) : undefined;
    return Boolean(channel && isForum(channel));
  }

  /**
   * A forum's posts made since `since`: its active threads the bot opened, each read for the tag in its opening
   * message (a forum post has no nonce, and a forum has no message history of its own).
   */
  private async forumPosts(forumId: string, guildId: string, since: Date): Promise<Map<string, string>> {
    const after = BigInt(SnowflakeUtil.generate({ timestamp: since }).toString());
    const { threads } = (await this.client.rest.get(Routes.guildActiveThreads(guildId))) as { threads: { id: string; parent_id?: string; owner_id?: string }[] };
    const ours = threads.filter((thread) => thread.parent_id === forumId && thread.owner_id === this.client.user?.id && BigInt(thread.id) > after)
      .slice(0, HISTORY_BOUND.messages);
    const found = new Map<string, string>();
    for (const thread of ours) {
      const opening = (await this.client.rest.get(Routes.channelMessage(thread.id, thread.id))) as APIMessage;
      const tag = tagIn(opening);
      if (tag) found.set(tag, thread.id);
    }
    return found;
  }

  /**
   * One read of the channel's messages just after `since` (GET /channels/{id}/messages?after=), the bot's own, by tag;
   * with `replyTo`, of that message's thread.
   */
  async delivered(channelRef: string, { since, replyTo }: { since: Date; until: Date; replyTo?: string }): Promise<Map<string, string>> {
    let channelId = channelIdOf(channelRef);
    try {
      const channel = await this.client.channels.fetch(channelId);
      if (replyTo) channelId = channel?.isThread() ? channelId : replyTo;
      else if (channel && isForum(channel)) return await this.forumPosts(channelId, channel.guildId, since);
    } catch (error) {
      throw toPostError(error);
    }
    const query = new URLSearchParams({ after: SnowflakeUtil.generate({ timestamp: since }).toString(), limit: String(HISTORY_BOUND.messages) });
    let messages: APIMessage[];
    try {
      messages = (await this.client.rest.get(Routes.channelMessages(channelId), { query })) as APIMessage[];
    } catch (error) {
      // No thread on the message yet: nothing was replied there.
      if (replyTo && error instanceof DiscordAPIError && error.code === UNKNOWN_CHANNEL) return new Map();
      throw toPostError(error);
    }
    const found = new Map<string, string>();
    for (const message of messages) {
      if (message.author?.id !== this.client.user?.id) continue;
      const tag = tagIn(message);
      if (tag) found.set(tag, message.id);
    }
    return found;
  }
}

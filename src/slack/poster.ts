import { webApi } from '@slack/bolt';
import { deliveryTag, HISTORY_BOUND, PostError, type ChannelPoster, type PostOptions } from '../core/post.js';
import type { Reply } from '../core/reply.js';
import { renderReply } from './render.js';

// Posting unprompted messages (digests, alerts) to a Slack channel. Slack has no nonce: each post carries its
// delivery tag in message metadata (event type dateline_delivery, unseen by readers), and a send in doubt is
// checked in conversations.history before any resend.

export const DELIVERY_EVENT = 'dateline_delivery';

const BROKEN_TARGET = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'account_inactive', 'invalid_auth']);

export function toPostError(error: unknown): PostError {
  const { ErrorCode } = webApi;
  const coded = error as { code?: string; message?: string };
  switch (coded.code) {
    case ErrorCode.RateLimitedError:
      return new PostError(String(coded.message), 'retry', (error as webApi.WebAPIRateLimitedError).retryAfter * 1000);
    case ErrorCode.PlatformError: {
      const reason = (error as webApi.WebAPIPlatformError).data.error;
      if (reason === 'ratelimited') return new PostError(reason, 'retry');
      return new PostError(reason, BROKEN_TARGET.has(reason) ? 'broken-target' : 'rejected');
    }
    case ErrorCode.HTTPError: {
      const status = (error as webApi.WebAPIHTTPError).statusCode;
      return new PostError(String(coded.message), status >= 500 ? 'retry' : 'rejected');
    }
    default:
      // Network failures: the message may not have gone out.
      return new PostError(String(coded.message ?? error), 'retry');
  }
}

const metadataOf = (idempotencyKey: string) => ({ event_type: DELIVERY_EVENT, event_payload: { tag: deliveryTag(idempotencyKey) } });

type TaggedMessage = { ts?: string; metadata?: { event_type?: string; event_payload?: Record<string, unknown> } };

/** Delivery tag → message ts, for the messages that carry one. */
function tagsOf(messages: TaggedMessage[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const message of messages) {
    const tag = message.metadata?.event_type === DELIVERY_EVENT ? message.metadata.event_payload?.tag : undefined;
    if (typeof tag === 'string' && message.ts) found.set(tag, message.ts);
  }
  return found;
}

function channelOf(channelRef: string): string {
  const channel = /^slack:([A-Z0-9]+)$/i.exec(channelRef)?.[1];
  if (!channel) throw new PostError(`Not a Slack channel: ${channelRef}`, 'broken-target');
  return channel;
}

export class SlackPoster implements ChannelPoster {
  readonly platform = 'slack';

  /**
   * `client` should not retry by itself (the sender does, after checking history): a blind retry can duplicate. With
   * several workspaces (OAuth installs), it is found per channel: the client of the channel's workspace.
   */
  constructor(private readonly client: webApi.WebClient | ((channelRef: string) => Promise<webApi.WebClient>)) {}

  private clientFor(channelRef: string): Promise<webApi.WebClient> {
    return typeof this.client === 'function' ? this.client(channelRef) : Promise.resolve(this.client);
  }

  async post(channelRef: string, reply: Reply, options: PostOptions = {}): Promise<{ messageId: string }> {
    const channel = channelOf(channelRef);
    const metadata = options.idempotencyKey ? { metadata: metadataOf(options.idempotencyKey) } : {};
    const thread = options.replyTo ? { thread_ts: options.replyTo } : {};
    const client = await this.clientFor(channelRef);
    try {
      const result = await client.chat.postMessage({ channel, ...renderReply(reply), ...metadata, ...thread, unfurl_links: false, unfurl_media: false });
      return { messageId: String(result.ts) };
    } catch (error) {
      throw toPostError(error);
    }
  }

  /** chat.update: the message as it stands now, carrying the edit's delivery tag in its metadata. */
  async edit(channelRef: string, messageId: string, reply: Reply, options: { idempotencyKey: string }): Promise<void> {
    const channel = channelOf(channelRef);
    const client = await this.clientFor(channelRef);
    try {
      await client.chat.update({ channel, ts: messageId, ...renderReply(reply), metadata: metadataOf(options.idempotencyKey) });
    } catch (error) {
      throw toPostError(error);
    }
  }

  /** The tag in one message's metadata, read with conversations.history at exactly its ts. */
  async tagOf(channelRef: string, messageId: string): Promise<string | undefined> {
    const channel = channelOf(channelRef);
    const client = await this.clientFor(channelRef);
    try {
      const result = await client.conversations.history({ channel, oldest: messageId, latest: messageId, inclusive: true, limit: 1, include_all_metadata: true });
      return tagsOf(result.messages ?? []).keys().next().value;
    } catch (error) {
      throw toPostError(error);
    }
  }

  /**
   * One conversations.history read (with metadata) of the window around the sends; Slack returns its newest messages
   * first, so the window's end keeps later chatter out of the (possibly 15-message) page.
   */
  async delivered(channelRef: string, { since, until, replyTo }: { since: Date; until: Date; replyTo?: string }): Promise<Map<string, string>> {
    const channel = channelOf(channelRef);
    const window = { channel, oldest: (since.getTime() / 1000).toFixed(6), latest: (until.getTime() / 1000).toFixed(6), inclusive: true, limit: HISTORY_BOUND.messages, include_all_metadata: true };
    const client = await this.clientFor(channelRef);
    try {
      // A thread's replies are not in the channel's history: conversations.replies reads them.
      const result = replyTo ? await client.conversations.replies({ ...window, ts: replyTo }) : await client.conversations.history(window);
      return tagsOf((result.messages ?? []).filter((message) => message.ts !== replyTo));
    } catch (error) {
      throw toPostError(error);
    }
  }
}

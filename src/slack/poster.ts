import { webApi, type App as BoltApp } from '@slack/bolt';
import { PostError, type ChannelPoster } from '../core/post.js';
import type { Reply } from '../core/reply.js';
import { renderReply } from './render.js';

// Posting unprompted messages (digests, alerts) to a Slack channel.

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

export class SlackPoster implements ChannelPoster {
  readonly platform = 'slack';

  constructor(private readonly client: BoltApp['client']) {}

  async post(channelRef: string, reply: Reply): Promise<{ messageId: string }> {
    const channel = /^slack:([A-Z0-9]+)$/i.exec(channelRef)?.[1];
    if (!channel) throw new PostError(`Not a Slack channel: ${channelRef}`, 'broken-target');
    try {
      // Slack has no nonce for chat.postMessage, so the idempotency key cannot be passed on.
      const result = await this.client.chat.postMessage({ channel, ...renderReply(reply), unfurl_links: false, unfurl_media: false });
      return { messageId: String(result.ts) };
    } catch (error) {
      throw toPostError(error);
    }
  }
}

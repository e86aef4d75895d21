import type { ChannelPoster, PostOptions } from '../core/post.js';
import type { Reply } from '../core/reply.js';
import { renderText } from './render.js';

/** Posts to console channels (console:NAME) by printing, so schedules and alerts can be seen without a chat platform. */
export class ConsolePoster implements ChannelPoster {
  readonly platform = 'console';
  private posted = 0;

  constructor(private readonly output: NodeJS.WritableStream) {}

  async post(channelRef: string, reply: Reply, options: PostOptions = {}): Promise<{ messageId: string }> {
    const place = options.replyTo ? ` (in the thread of ${options.replyTo})` : '';
    this.output.write(`[${channelRef}]${place} ${renderText(reply)}`);
    this.posted += 1;
    return { messageId: `${channelRef}#${this.posted}` };
  }

  /** A console cannot change what it printed: it prints the new version, marked as an edit. */
  async edit(channelRef: string, messageId: string, reply: Reply): Promise<void> {
    this.output.write(`[${channelRef}] (edited ${messageId}) ${renderText(reply)}`);
  }
}

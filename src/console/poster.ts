import type { ChannelPoster } from '../core/post.js';
import type { Reply } from '../core/reply.js';
import { renderText } from './render.js';

/** Posts to console channels (console:NAME) by printing, so schedules and alerts can be seen without a chat platform. */
export class ConsolePoster implements ChannelPoster {
  readonly platform = 'console';
  private posted = 0;

  constructor(private readonly output: NodeJS.WritableStream) {}

  async post(channelRef: string, reply: Reply): Promise<{ messageId: string }> {
    this.output.write(`[${channelRef}] ${renderText(reply)}`);
    this.posted += 1;
    return { messageId: `${channelRef}#${this.posted}` };
  }
}

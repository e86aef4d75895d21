import { createInterface } from 'node:readline';
import type { App } from '../app.js';
import { runCommandLine } from '../core/commands/run.js';
import type { Caller } from '../core/commands/types.js';
import { savePicture } from './picture.js';
import { renderText } from './render.js';

export interface ConsoleChatOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** The console channel's name: console:<name>. */
  channel?: string;
  interactive?: boolean;
}

/**
 * A chat in the terminal: one channel, every line a command. With piped input it answers each
 * line and returns at the end of input.
 */
export async function runConsoleChat(app: App, options: ConsoleChatOptions): Promise<void> {
  const caller: Caller = { channel: `console:${options.channel ?? 'main'}`, userId: 'console', canManage: true };
  const interactive = options.interactive ?? false;
  const lines = createInterface({ input: options.input, output: interactive ? options.output : undefined, terminal: interactive });
  if (interactive) {
    options.output.write('Dateline console. Try /assange 2012, or /help. Ctrl-D to leave.\n');
    lines.setPrompt('dateline> ');
    lines.prompt();
  }
  let last: { command: string; page: number; count: number } | undefined;
  for await (const raw of lines) {
    const line = raw.trim();
    if (line !== '') {
      let command = line;
      let page = 1;
      if (/^\/?more$/i.test(line)) {
        if (!last || last.page >= last.count) {
          options.output.write('  Nothing more to show.\n');
          if (interactive) lines.prompt();
          continue;
        }
        command = last.command;
        page = last.page + 1;
      }
      const reply = await runCommandLine(command, app.registry(), app.context(caller, page), app.log);
      last = reply.page ? { command: reply.page.command, page: reply.page.number, count: reply.page.count } : undefined;
      options.output.write(renderText(reply));
      if (reply.picture) options.output.write(savePicture(reply));
    }
    if (interactive) lines.prompt();
  }
}

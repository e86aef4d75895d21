import type { App } from '../app.js';
import { runConsoleChat } from '../console/chat.js';

/**
 * Starts every chat platform whose credentials are set; with none, the console chat on stdin/stdout.
 * Resolves when the bot stops (end of console input, or a signal).
 */
export async function startBot(app: App, _env: NodeJS.ProcessEnv): Promise<void> {
  await runConsoleChat(app, { input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY) });
}

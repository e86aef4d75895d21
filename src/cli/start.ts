import type { App } from '../app.js';
import { ConfigError } from '../config/index.js';
import { runConsoleChat } from '../console/chat.js';
import { discordSettings, startDiscord } from '../discord/bot.js';
import { interactionsSettings, startInteractionsEndpoint } from '../discord/http-interactions.js';
import { slackSettings, startSlack } from '../slack/bot.js';
import { ConsolePoster } from '../console/poster.js';
import { startDelivery } from '../core/delivery/service.js';
import { startFeedPolling } from '../feeds/service.js';
import type { ChannelPoster } from '../core/post.js';
import { startWebServer, webSettings } from '../web/server.js';

export interface StartOptions {
  /** Stops the bot like SIGINT/SIGTERM do (tests, embedding). */
  signal?: AbortSignal;
}

interface Platform {
  name: string;
  /** A way in that only answers (Discord's HTTP interactions endpoint) has no poster. */
  start(): Promise<{ poster?: ChannelPoster; stop(): Promise<void> }>;
}

/** The platforms whose credentials are set; a platform with a bad variable is reported and left out. */
function configuredPlatforms(app: App, env: NodeJS.ProcessEnv): { platforms: Platform[]; problems: string[] } {
  const platforms: Platform[] = [];
  const problems: string[] = [];
  const read = (add: () => void) => {
    try {
      add();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(error.message);
    }
  };
  read(() => {
    const settings = discordSettings(env);
    if (settings) platforms.push({ name: 'discord', start: () => startDiscord(app, settings) });
  });
  read(() => {
    const settings = interactionsSettings(env);
    if (settings) platforms.push({ name: 'discord-interactions', start: () => startInteractionsEndpoint(app, settings) });
  });
  read(() => {
    const settings = slackSettings(env);
    if (settings) platforms.push({ name: 'slack', start: () => startSlack(app, settings) });
  });
  return { platforms, problems };
}

function stopRequested(signal: AbortSignal | undefined): Promise<string> {
  return new Promise((resolve) => {
    const stop = (reason: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      signal?.removeEventListener('abort', onAbort);
      resolve(reason);
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    const onAbort = () => stop('abort');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    if (signal?.aborted) stop('abort');
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Starts every chat platform whose credentials are set, side by side; with none, the console chat on stdin/stdout.
 * A platform that fails to start is logged and the others keep running; only when none can run does this reject.
 * Resolves on SIGINT/SIGTERM (or options.signal) after stopping every platform.
 */
export async function startBot(app: App, env: NodeJS.ProcessEnv, options: StartOptions = {}): Promise<void> {
  // The web timeline runs beside the chat platforms when WEB_PORT is set.
  const web = webSettings(env);
  const server = web ? await startWebServer(app, web) : undefined;
  try {
    await runPlatforms(app, env, options);
  } finally {
    await server?.close();
  }
}

async function runPlatforms(app: App, env: NodeJS.ProcessEnv, options: StartOptions): Promise<void> {
  const { platforms, problems } = configuredPlatforms(app, env);
  // Console channels' scheduled posts and alerts print here, beside whichever platforms run.
  const consolePoster = new ConsolePoster(process.stdout);
  if (platforms.length === 0 && problems.length === 0) {
    const delivery = startDelivery(app, [consolePoster]);
    const feeds = startFeedPolling(app, { onQueued: () => delivery.sender.notify() });
    try {
      await runConsoleChat(app, { input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY) });
    } finally {
      await feeds.stop();
      await delivery.stop();
    }
    return;
  }
  for (const problem of problems) app.log.error(problem);
  const results = await Promise.allSettled(platforms.map((platform) => platform.start()));
  const running: { name: string; poster?: ChannelPoster; stop(): Promise<void> }[] = [];
  results.forEach((result, index) => {
    const name = platforms[index]!.name;
    if (result.status === 'fulfilled') running.push({ name, poster: result.value.poster, stop: result.value.stop });
    else {
      const message = (result.reason as Error).message;
      problems.push(`${name}: ${message}`);
      app.log.error({ platform: name }, `could not start: ${message}`);
    }
  });
  if (running.length === 0) throw new ConfigError(`No chat platform could start.\n${problems.map((p) => `  ${p}`).join('\n')}`);

  // A stray rejection inside a library must not take down the platforms that work.
  const onRejection = (err: unknown) => app.log.error({ err }, 'unhandled rejection');
  process.on('unhandledRejection', onRejection);
  const delivery = startDelivery(app, [consolePoster, ...running.flatMap((platform) => (platform.poster ? [platform.poster] : []))]);
  const feeds = startFeedPolling(app, { onQueued: () => delivery.sender.notify() });
  app.log.info({ platforms: running.map((p) => p.name) }, 'Dateline is running');
  try {
    const reason = await stopRequested(options.signal);
    app.log.info({ reason }, 'stopping');
    await feeds.stop();
    await delivery.stop();
    const stopped = await Promise.allSettled(running.map((platform) => platform.stop()));
    stopped.forEach((result, index) => {
      if (result.status === 'rejected') app.log.warn({ err: result.reason, platform: running[index]!.name }, 'did not stop cleanly');
    });
  } finally {
    process.off('unhandledRejection', onRejection);
  }
}

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
import { metricsSettings, startMetricsServer } from '../health/metrics.js';
import { startHeartbeat } from '../health/state.js';
import { startTenantUpkeep } from '../tenancy/upkeep.js';

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

/** Time the sends in flight get to finish after a stop is asked for; the rest stay queued for the next start. */
const SEND_GRACE_MS = 3000;
/** Time each other stop step (feed polling, platform disconnects, the metrics server) gets. */
const STEP_GRACE_MS = 2500;
/** After a SIGINT/SIGTERM the process is gone by then, whatever is stuck (a reconnect loop, a hung socket). */
const HARD_EXIT_MS = 8000;

interface StopRequest {
  /** Resolves with the reason at the first SIGINT/SIGTERM (or abort). */
  requested: Promise<string>;
  dispose(): void;
}

/**
 * Listens for SIGINT/SIGTERM from the start, platform start-up included. The first asks for a clean stop, bounded
 * by HARD_EXIT_MS; a second exits at once with a non-zero code (128 + the signal number, as shells report).
 */
function listenForStop(signal: AbortSignal | undefined, log: App['log']): StopRequest {
  let resolveStop!: (reason: string) => void;
  const requested = new Promise<string>((resolve) => { resolveStop = resolve; });
  let signalled = false;
  const onSignal = (name: NodeJS.Signals) => {
    if (signalled) {
      log.warn({ signal: name }, 'second signal: exiting now');
      process.exit(name === 'SIGINT' ? 130 : 143);
    }
    signalled = true;
    setTimeout(() => {
      log.warn('the stop took too long: exiting; unsent messages stay queued for the next start');
      process.exit(0);
    }, HARD_EXIT_MS).unref();
    resolveStop(name);
  };
  const onAbort = () => resolveStop('abort');
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    requested,
    dispose: () => {
      signal?.removeEventListener('abort', onAbort);
      // After a signal the handlers stay until the process exits, so that a second one still exits at once.
      if (signalled) return;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** Waits for a stop step, at most `ms`; a step that does not finish in time is logged and left behind. */
async function bounded(step: Promise<unknown>, ms: number, what: string, log: App['log']): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), ms); });
  const outcome = await Promise.race([step.then(() => 'done' as const, (error: unknown) => { log.warn({ err: error }, `${what} did not stop cleanly`); return 'done' as const; }), late]);
  clearTimeout(timer);
  if (outcome === 'late') log.warn(`${what} did not stop within ${ms} ms; left behind`);
}

/**
 * Starts every chat platform whose credentials are set, side by side; with none, the console chat on stdin/stdout.
 * A platform that fails to start is logged and the others keep running; only when none can run does this reject.
 * Resolves on SIGINT/SIGTERM (or options.signal) after stopping every platform, within seconds in every state.
 */
export async function startBot(app: App, env: NodeJS.ProcessEnv, options: StartOptions = {}): Promise<void> {
  const stop = listenForStop(options.signal, app.log);
  const metricsAt = metricsSettings(env);
  const metrics = metricsAt ? await startMetricsServer(app, metricsAt) : undefined;
  // The web timeline runs beside the chat platforms when WEB_PORT is set.
  const web = webSettings(env);
  const server = web ? await startWebServer(app, web) : undefined;
  const stopHeartbeat = startHeartbeat(app.store, app.now);
  const stopUpkeep = startTenantUpkeep(app);
  try {
    await runBot(app, env, stop.requested);
  } finally {
    stopUpkeep();
    stopHeartbeat();
    if (server) await bounded(server.close(), STEP_GRACE_MS, 'the web server', app.log);
    if (metrics) await bounded(metrics.close(), STEP_GRACE_MS, 'the metrics server', app.log);
    stop.dispose();
  }
}

async function runBot(app: App, env: NodeJS.ProcessEnv, stopRequested: Promise<string>): Promise<void> {
  const { platforms, problems } = configuredPlatforms(app, env);
  // Console channels' scheduled posts and alerts print here, beside whichever platforms run.
  const consolePoster = new ConsolePoster(process.stdout);
  if (platforms.length === 0 && problems.length === 0) {
    const delivery = startDelivery(app, [consolePoster]);
    const feeds = startFeedPolling(app, { onQueued: () => delivery.sender.notify() });
    try {
      await Promise.race([
        runConsoleChat(app, { input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY) }),
        stopRequested,
      ]);
    } finally {
      await bounded(feeds.stop(), STEP_GRACE_MS, 'feed polling', app.log);
      await delivery.stop(SEND_GRACE_MS);
    }
    return;
  }
  for (const problem of problems) app.log.error(problem);
  const starting = Promise.allSettled(platforms.map((platform) => platform.start()));
  const early = await Promise.race([starting, stopRequested]);
  if (typeof early === 'string') {
    app.log.info({ reason: early }, 'stopping during start-up');
    // Whatever did start is stopped; a platform still connecting is left to the process exit.
    void starting.then((results) => results.forEach((result) => { if (result.status === 'fulfilled') void result.value.stop().catch(() => undefined); }));
    return;
  }
  const running: { name: string; poster?: ChannelPoster; stop(): Promise<void> }[] = [];
  early.forEach((result, index) => {
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
    const reason = await stopRequested;
    app.log.info({ reason }, 'stopping');
    // Sends first: no new one starts, those in flight get SEND_GRACE_MS. Then polling and the platforms, each bounded.
    await Promise.all([
      delivery.stop(SEND_GRACE_MS),
      bounded(feeds.stop(), STEP_GRACE_MS, 'feed polling', app.log),
    ]);
    await Promise.all(running.map((platform) => bounded(platform.stop(), STEP_GRACE_MS, platform.name, app.log)));
  } finally {
    process.off('unhandledRejection', onRejection);
  }
}

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App as BoltApp, SocketModeReceiver, webApi, type AppOptions } from '@slack/bolt';
import { recordPlatformState, type ConnectionState } from '../health/state.js';
import type { App } from '../app.js';
import { ConfigError, envPort } from '../config/index.js';
import { registerHandlers } from './handlers.js';
import { slackLogger } from './logger.js';
import { SlackPermissions } from './permissions.js';
import { SlackPoster } from './poster.js';

// The Slack side of the bot: one bolt app, reached over Socket Mode or over HTTP, with the same command wiring.

export interface SlackSettings {
  botToken: string;
  /** Set: Socket Mode (no public URL needed). Unset: HTTP mode with the signing secret. */
  appToken?: string;
  signingSecret?: string;
  port: number;
  apiUrl: string;
  adminUserIds: string[];
}

export interface SlackBot {
  poster: SlackPoster;
  /** The HTTP port in HTTP mode (useful when SLACK_PORT=0 picks a free one). */
  port?: number;
  stop(): Promise<void>;
}

const DEFAULT_API = 'https://slack.com/api/';
const DEFAULT_PORT = 3000;
const POST_TIMEOUT_MS = 15_000;

/** Reads SLACK_* variables; null when SLACK_BOT_TOKEN is not set. Throws a ConfigError naming a bad variable. */
export function slackSettings(env: NodeJS.ProcessEnv): SlackSettings | null {
  const botToken = env.SLACK_BOT_TOKEN?.trim();
  if (!botToken) return null;
  if (!botToken.startsWith('xoxb-')) throw new ConfigError('SLACK_BOT_TOKEN must be a bot token (it starts with xoxb-).');
  const appToken = env.SLACK_APP_TOKEN?.trim() || undefined;
  if (appToken && !appToken.startsWith('xapp-')) throw new ConfigError('SLACK_APP_TOKEN must be an app-level token (it starts with xapp-).');
  const signingSecret = env.SLACK_SIGNING_SECRET?.trim() || undefined;
  if (!appToken && !signingSecret) {
    throw new ConfigError('SLACK_SIGNING_SECRET is needed for Slack over HTTP; or set SLACK_APP_TOKEN to use Socket Mode.');
  }
  const port = envPort(env, 'SLACK_PORT') ?? DEFAULT_PORT;
  const apiUrl = (env.SLACK_API_URL?.trim() || DEFAULT_API).replace(/\/*$/, '/');
  const adminUserIds = (env.SLACK_ADMIN_USER_IDS ?? '').split(',').map((id) => id.trim()).filter(Boolean);
  return { botToken, appToken, signingSecret, port, apiUrl, adminUserIds };
}

/** Socket Mode through our own receiver, whose client reports its connection state; else HTTP with the secret. */
function transport(settings: SlackSettings, logger: AppOptions['logger'], onState: (state: ConnectionState) => void): Partial<AppOptions> {
  if (!settings.appToken) return { signingSecret: settings.signingSecret };
  const receiver = new SocketModeReceiver({ appToken: settings.appToken, logger, installerOptions: { clientOptions: { slackApiUrl: settings.apiUrl } } });
  for (const state of ['connecting', 'connected', 'reconnecting', 'disconnected'] as const) receiver.client.on(state, () => onState(state));
  return { receiver };
}

/** A start-up failure, naming the variable to fix when Slack refused a token or the port is taken. */
function explain(error: unknown, variable: string): Error {
  const reason = (error as { data?: { error?: string } }).data?.error ?? (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  if (/invalid_auth|not_authed|token_revoked|account_inactive|invalid_token/.test(reason)) {
    return new ConfigError(`${variable} was refused by Slack (${reason}): check the token.`);
  }
  if (reason === 'EADDRINUSE' || reason === 'EACCES') return new ConfigError(`SLACK_PORT ${reason === 'EACCES' ? 'is not allowed' : 'is already in use'}: ${(error as Error).message}`);
  return error as Error;
}

export async function startSlack(app: App, settings: SlackSettings): Promise<SlackBot> {
  const log = app.log.child({ platform: 'slack' });
  const logger = slackLogger(log);
  const state = (value: ConnectionState) => {
    try {
      recordPlatformState(app.store, 'slack', value, app.now());
    } catch (err) {
      log.warn({ err }, 'could not record the connection state');
    }
  };
  const bolt = new BoltApp({
    token: settings.botToken,
    logger,
    clientOptions: { slackApiUrl: settings.apiUrl },
    // Initialised below, so a refused bot token is told apart from a refused app token.
    deferInitialization: true,
    ...transport(settings, logger, state),
  });
  registerHandlers(bolt, app, new SlackPermissions(bolt.client, new Set(settings.adminUserIds), log));
  bolt.error(async (err) => { log.error({ err }, 'could not answer a Slack request'); });
  try {
    await bolt.init();
    // One token is one workspace: channels subscribed before tenancy are its.
    const { team_id: teamId } = await bolt.client.auth.test();
    if (teamId) app.store.subscriptions.claimPlatform(`slack:${teamId}`, 'slack:');
  } catch (error) {
    throw explain(error, 'SLACK_BOT_TOKEN');
  }
  let port: number | undefined;
  try {
    if (settings.appToken) {
      await bolt.start();
    } else {
      const server = (await bolt.start(settings.port)) as Server;
      port = (server.address() as AddressInfo).port;
    }
  } catch (error) {
    await bolt.stop().catch(() => undefined);
    throw explain(error, settings.appToken ? 'SLACK_APP_TOKEN' : 'SLACK_BOT_TOKEN');
  }
  log.info({ mode: settings.appToken ? 'socket' : 'http', port }, 'Slack bot ready');
  if (!settings.appToken) state('listening');
  // Posts go through a client that never retries by itself: the sender retries, after checking history.
  const postClient = new webApi.WebClient(settings.botToken, {
    slackApiUrl: settings.apiUrl, logger, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: POST_TIMEOUT_MS,
  });
  return {
    poster: new SlackPoster(postClient),
    port,
    stop: async () => {
      await bolt.stop();
      state('stopped');
    },
  };
}

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
import { installationKey, SealedInstallationStore } from './installations.js';
import { PostError } from '../core/post.js';

// The Slack side of the bot: one bolt app, reached over Socket Mode or over HTTP, with the same command wiring.

/** Several workspaces in one deployment: bolt's OAuth install flow over HTTP, installations sealed in the database. */
export interface SlackOAuthSettings {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** SLACK_INSTALLATION_KEY: encrypts the installations (their tokens) at rest. */
  installationKey: Buffer;
}

export interface SlackSettings {
  /** One workspace: its bot token. Unset with OAuth, where each workspace's installation holds its own. */
  botToken?: string;
  oauth?: SlackOAuthSettings;
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

/** The bot scopes an OAuth install asks for: those of config/slack-manifest.yml. */
export const SLACK_SCOPES = ['commands', 'chat:write', 'chat:write.public', 'files:write', 'channels:read', 'groups:read', 'users:read', 'channels:history', 'groups:history'];

/** SLACK_CLIENT_ID and its companions: several workspaces over HTTP, each installing the app through OAuth. */
function oauthSettings(env: NodeJS.ProcessEnv): SlackOAuthSettings | undefined {
  const clientId = env.SLACK_CLIENT_ID?.trim();
  if (!clientId) return undefined;
  const need = (name: string, why: string) => {
    const value = env[name]?.trim();
    if (!value) throw new ConfigError(`${name} is needed with SLACK_CLIENT_ID: ${why}.`);
    return value;
  };
  if (env.SLACK_APP_TOKEN?.trim()) throw new ConfigError('SLACK_APP_TOKEN: installs through OAuth (SLACK_CLIENT_ID) are served over HTTP; unset SLACK_APP_TOKEN.');
  need('SLACK_SIGNING_SECRET', 'requests are verified with it');
  return {
    clientId,
    clientSecret: need('SLACK_CLIENT_SECRET', 'the app\'s client secret, from its Basic Information page'),
    stateSecret: need('SLACK_STATE_SECRET', 'any long random string; it signs the install flow\'s state'),
    installationKey: installationKey(need('SLACK_INSTALLATION_KEY', '32 random bytes (openssl rand -hex 32) that encrypt the workspaces\' tokens')),
  };
}

/**
 * Reads SLACK_* variables; null when neither SLACK_BOT_TOKEN (one workspace) nor SLACK_CLIENT_ID (OAuth, several) is
 * set. Throws a ConfigError naming a bad variable.
 */
export function slackSettings(env: NodeJS.ProcessEnv): SlackSettings | null {
  const oauth = oauthSettings(env);
  const botToken = oauth ? undefined : env.SLACK_BOT_TOKEN?.trim();
  if (!botToken && !oauth) return null;
  if (botToken && !botToken.startsWith('xoxb-')) throw new ConfigError('SLACK_BOT_TOKEN must be a bot token (it starts with xoxb-).');
  const appToken = env.SLACK_APP_TOKEN?.trim() || undefined;
  if (appToken && !appToken.startsWith('xapp-')) throw new ConfigError('SLACK_APP_TOKEN must be an app-level token (it starts with xapp-).');
  const signingSecret = env.SLACK_SIGNING_SECRET?.trim() || undefined;
  if (!appToken && !signingSecret) {
    throw new ConfigError('SLACK_SIGNING_SECRET is needed for Slack over HTTP; or set SLACK_APP_TOKEN to use Socket Mode.');
  }
  const port = envPort(env, 'SLACK_PORT') ?? DEFAULT_PORT;
  const apiUrl = (env.SLACK_API_URL?.trim() || DEFAULT_API).replace(/\/*$/, '/');
  const adminUserIds = (env.SLACK_ADMIN_USER_IDS ?? '').split(',').map((id) => id.trim()).filter(Boolean);
  return { botToken, oauth, appToken, signingSecret, port, apiUrl, adminUserIds };
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

/** With several workspaces, a channel's posts go out with its workspace's bot token (its subscriptions' tenant). */
function workspaceClients(app: App, installations: SealedInstallationStore, make: (token: string) => webApi.WebClient) {
  const clients = new Map<string, webApi.WebClient>();
  return async (channelRef: string): Promise<webApi.WebClient> => {
    const tenant = app.store.subscriptions.tenantOfChannel(channelRef);
    const token = tenant?.startsWith('slack:') ? await installations.botToken(tenant.slice('slack:'.length)) : undefined;
    if (!token) throw new PostError('the app is not installed in this channel\'s workspace (any more)', 'broken-target');
    let client = clients.get(token);
    if (!client) clients.set(token, (client = make(token)));
    return client;
  };
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
  const installations = settings.oauth ? new SealedInstallationStore(app.store, settings.oauth.installationKey, app.now) : undefined;
  const bolt = new BoltApp({
    ...(settings.oauth && installations
      ? {
        clientId: settings.oauth.clientId, clientSecret: settings.oauth.clientSecret, stateSecret: settings.oauth.stateSecret,
        scopes: SLACK_SCOPES, installationStore: installations, installerOptions: { directInstall: true },
      }
      : { token: settings.botToken }),
    logger,
    clientOptions: { slackApiUrl: settings.apiUrl },
    // Initialised below, so a refused bot token is told apart from a refused app token.
    deferInitialization: true,
    ...transport(settings, logger, state),
  });
  registerHandlers(bolt, app, new SlackPermissions(bolt.client, new Set(settings.adminUserIds), log), installations);
  bolt.error(async (err) => { log.error({ err }, 'could not answer a Slack request'); });
  try {
    await bolt.init();
    if (settings.botToken) {
      // One token is one workspace: channels subscribed before tenancy are its.
      const { team_id: teamId } = await bolt.client.auth.test();
      if (teamId) app.store.subscriptions.claimPlatform(`slack:${teamId}`, 'slack:');
    }
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
  log.info({ mode: settings.appToken ? 'socket' : settings.oauth ? 'http+oauth' : 'http', port }, 'Slack bot ready');
  if (!settings.appToken) state('listening');
  // Posts go through a client that never retries by itself: the sender retries, after checking history.
  const postClient = (token: string | undefined) => new webApi.WebClient(token, {
    slackApiUrl: settings.apiUrl, logger, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: POST_TIMEOUT_MS,
  });
  return {
    poster: new SlackPoster(installations ? workspaceClients(app, installations, postClient) : postClient(settings.botToken)),
    port,
    stop: async () => {
      await bolt.stop();
      state('stopped');
    },
  };
}

import { Client, Events, GatewayIntentBits, Routes, type ClientOptions, type Guild } from 'discord.js';
import type { App } from '../app.js';
import { ConfigError } from '../config/index.js';
import { withBackoff } from './backoff.js';
import { applicationCommands } from './commands.js';
import { GuildCommandSync } from './guild-commands.js';
import { interactionHandler } from './interactions.js';
import { DiscordPoster } from './poster.js';
import { recordPlatformState, type ConnectionState } from '../health/state.js';

// The Discord side of the bot: a gateway client, the slash commands, and a poster for unprompted messages.

export interface DiscordSettings {
  token: string;
  /** Register commands in this guild only (instant, for testing); otherwise globally. */
  guildId?: string;
  apiUrl: string;
  /** 'auto' follows Discord's recommendation from /gateway/bot; a number runs that many shards in this process. */
  shards: 'auto' | number;
}

export interface DiscordBot {
  client: Client;
  poster: DiscordPoster;
  stop(): Promise<void>;
}

const DEFAULT_API = 'https://discord.com/api';

/** Reads DISCORD_* variables; null when DISCORD_TOKEN is not set. Throws a ConfigError naming a bad variable. */
export function discordSettings(env: NodeJS.ProcessEnv): DiscordSettings | null {
  const token = env.DISCORD_TOKEN?.trim();
  if (!token) return null;
  if (/\s/.test(token)) throw new ConfigError('DISCORD_TOKEN contains spaces; paste the bot token alone (without "Bot ").');
  const guildId = env.DISCORD_GUILD_ID?.trim() || undefined;
  if (guildId && !/^\d{5,25}$/.test(guildId)) throw new ConfigError('DISCORD_GUILD_ID must be a server id (digits).');
  const rawShards = env.DISCORD_SHARDS?.trim() || 'auto';
  const shards = rawShards === 'auto' ? 'auto' : Number(rawShards);
  if (shards !== 'auto' && !(Number.isInteger(shards) && shards >= 1)) throw new ConfigError('DISCORD_SHARDS must be a whole number from 1, or "auto".');
  const apiUrl = (env.DISCORD_API_URL?.trim() || DEFAULT_API).replace(/\/+$/, '');
  return { token, guildId, apiUrl, shards };
}

function shardOptions(shards: DiscordSettings['shards']): Pick<ClientOptions, 'shards' | 'shardCount'> {
  if (shards === 'auto') return { shards: 'auto' };
  return { shards: [...Array(shards).keys()], shardCount: shards };
}

/** Logs in, registers the commands once, and answers interactions until stop(). */
export async function startDiscord(app: App, settings: DiscordSettings): Promise<DiscordBot> {
  const log = app.log.child({ platform: 'discord' });
  const client = new Client({
    // Slash commands need no privileged intents; Guilds keeps the channel cache for posting.
    intents: [GatewayIntentBits.Guilds],
    // Retries are ours (spaced out, see backoff.ts); 429s are still waited out by the library.
    rest: { api: settings.apiUrl, retries: 0, makeRequest: withBackoff(), globalRequestsPerSecond: app.config.delivery.discordRequestsPerSecond },
    allowedMentions: { parse: [] },
    ...shardOptions(settings.shards),
  });
  const handle = interactionHandler(app);
  client.on(Events.InteractionCreate, (interaction) => {
    handle(interaction).catch((err: unknown) => log.error({ err, interaction: interaction.id }, 'could not answer an interaction'));
  });
  client.on(Events.Error, (err) => log.error({ err }, 'client error'));
  client.on(Events.Warn, (message) => log.warn(message));
  const state = (value: ConnectionState) => {
    try {
      recordPlatformState(app.store, 'discord', value, app.now());
    } catch (err) {
      log.warn({ err }, 'could not record the connection state');
    }
  };
  client.on(Events.ShardDisconnect, (event, shard) => { log.warn({ shard, code: event.code }, 'gateway disconnected'); state('disconnected'); });
  client.on(Events.ShardReconnecting, (shard) => { log.info({ shard }, 'gateway reconnecting'); state('reconnecting'); });
  client.on(Events.ShardResume, (shard, replayed) => { log.info({ shard, replayed }, 'gateway resumed'); state('connected'); });
  client.on(Events.ShardReady, () => state('connected'));
  state('connecting');

  // Each server is a tenant: joining one (or coming back before its grace period ends) records it, leaving starts the
  // grace period after which its data is removed.
  const tenantOf = (guildId: string) => `discord:${guildId}`;
  const joined = (guild: Guild) => {
    try {
      app.store.transaction(() => {
        app.store.tenants.seen(tenantOf(guild.id), guild.name ?? null, app.now());
        app.store.subscriptions.claimChannels(tenantOf(guild.id), [...guild.channels.cache.keys()].map((id) => `discord:${id}`));
      });
    } catch (err) {
      log.warn({ err, guild: guild.id }, 'could not record the server');
    }
  };
  client.on(Events.GuildCreate, (guild) => { joined(guild); guildCommands?.schedule(guild.id); });
  client.on(Events.GuildDelete, (guild) => {
    log.info({ guild: guild.id }, 'left a server; its data is removed after the grace period');
    app.store.tenants.markLeft(tenantOf(guild.id), app.now());
  });
  let guildCommands: GuildCommandSync | undefined;
  let stopListening = () => {};

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(settings.token);
    await ready;
    // Registration happens here, once per start, never in a ready/resume handler: reconnects do not repeat it.
    // Built-ins and shared topics are global commands; each server's own topics are its guild commands.
    const applicationId = client.application!.id;
    if (!settings.guildId) await client.rest.put(Routes.applicationCommands(applicationId), { body: applicationCommands(app.registry().list()) });
    guildCommands = new GuildCommandSync(app, client.rest, applicationId, settings.guildId, log);
    const guilds = new Set([...client.guilds.cache.keys(), ...(settings.guildId ? [settings.guildId] : [])]);
    for (const guild of client.guilds.cache.values()) joined(guild);
    for (const guildId of guilds) await guildCommands.sync(guildId);
    const sync = guildCommands;
    stopListening = app.onChange((what, tenant) => {
      if (what === 'topics' && tenant.startsWith('discord:')) sync.schedule(tenant.slice('discord:'.length));
    });
  } catch (error) {
    stopListening();
    guildCommands?.stop();
    await client.destroy();
    if ((error as { code?: unknown }).code === 'TokenInvalid') throw new ConfigError('DISCORD_TOKEN was refused by Discord (401): check the bot token.');
    throw error;
  }
  log.info({ shards: client.ws.shards.size, guild: settings.guildId ?? 'global' }, 'Discord bot ready');
  return {
    client,
    poster: new DiscordPoster(client),
    stop: async () => {
      stopListening();
      guildCommands?.stop();
      await client.destroy();
      state('stopped');
    },
  };
}

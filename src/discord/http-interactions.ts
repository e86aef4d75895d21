import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  REST,
  Routes,
  type APIApplicationCommandInteractionDataOption,
  type RawFile,
} from 'discord.js';
import type { App } from '../app.js';
import { ConfigError, envPort } from '../config/index.js';
import { runCommandInput, runCommandLine } from '../core/commands/run.js';
import type { CommandInput } from '../core/commands/types.js';
import type { Reply } from '../core/reply.js';
import { callerFrom, deferIfSlow, suggestions } from './interactions.js';
import { decodePageId, renderReply, type DiscordMessage } from './render.js';

// Discord's second way in, beside the gateway: an HTTP endpoint Discord POSTs interactions to ("Interactions
// Endpoint URL" in the developer portal). Every request is verified with the application's Ed25519 public key;
// answers go in the HTTP response, or, when slow, as a deferral followed by an edit through the webhook API.
// The same command core answers both ways in.

export interface InteractionsSettings {
  /** The application's public key, 64 hex characters (General Information → Public Key). */
  publicKey: string;
  port: number;
  apiUrl: string;
}

export interface InteractionsEndpoint {
  port: number;
  stop(): Promise<void>;
}

const DEFAULT_PORT = 3001;
const DEFAULT_API = 'https://discord.com/api';
/** Signed requests older (or newer) than this are refused: a captured request cannot be replayed later. */
export const MAX_SIGNATURE_AGE_S = 5 * 60;
const MAX_BODY_BYTES = 1024 * 1024;
// An Ed25519 public key in DER (SubjectPublicKeyInfo) is this fixed prefix followed by the 32 raw bytes.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const SUBCOMMAND = 1;

/** Reads DISCORD_PUBLIC_KEY and DISCORD_INTERACTIONS_PORT; null when no public key is set. */
export function interactionsSettings(env: NodeJS.ProcessEnv): InteractionsSettings | null {
  const publicKey = env.DISCORD_PUBLIC_KEY?.trim();
  if (!publicKey) return null;
  if (!/^[0-9a-f]{64}$/i.test(publicKey)) throw new ConfigError('DISCORD_PUBLIC_KEY must be the application\'s public key: 64 hex characters.');
  const port = envPort(env, 'DISCORD_INTERACTIONS_PORT') ?? DEFAULT_PORT;
  const apiUrl = (env.DISCORD_API_URL?.trim() || DEFAULT_API).replace(/\/+$/, '');
  return { publicKey, port, apiUrl };
}

export function publicKeyObject(hex: string): KeyObject {
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

/** Whether Discord signed this body at this time, recently. */
export function verifySignature(key: KeyObject, body: Buffer, signature: string | undefined, timestamp: string | undefined, nowMs = Date.now()): boolean {
  if (!signature || !timestamp || !/^[0-9a-f]{128}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_SIGNATURE_AGE_S) return false;
  return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signature, 'hex'));
}

interface RawInteraction {
  type: number;
  id: string;
  application_id: string;
  token: string;
  channel_id?: string;
  guild_id?: string;
  member?: { permissions?: string; user?: { id: string }; roles?: string[] };
  user?: { id: string };
  data?: {
    name?: string;
    options?: APIApplicationCommandInteractionDataOption[];
    custom_id?: string;
  };
}

type Answer = { type: number; data?: Record<string, unknown> };

/** The message as the HTTP API spells it (discord.js's camelCase allowedMentions becomes allowed_mentions). */
function apiMessage(message: DiscordMessage): { body: Record<string, unknown>; files: RawFile[] } {
  const { allowedMentions, files, ...rest } = message;
  const body: Record<string, unknown> = { ...rest, allowed_mentions: allowedMentions };
  if (files) body.attachments = files.map((file, id) => ({ id, filename: file.name }));
  return { body, files: (files ?? []).map((file) => ({ name: file.name, data: file.attachment, contentType: 'image/png' })) };
}

function inputOf(interaction: RawInteraction): CommandInput {
  const given = interaction.data?.options ?? [];
  const sub = given[0]?.type === SUBCOMMAND ? given[0] : undefined;
  const options: Record<string, string> = {};
  for (const option of sub ? ('options' in sub ? sub.options ?? [] : []) : given) {
    if ('value' in option && option.value !== undefined) options[option.name] = String(option.value);
  }
  return { name: interaction.data?.name ?? '', subcommand: sub?.name, options, text: '' };
}

function callerOf(interaction: RawInteraction, adminRoles: readonly string[]) {
  const userId = interaction.member?.user?.id ?? interaction.user?.id ?? 'unknown';
  const permissions = interaction.member?.permissions;
  const roles = (interaction.member?.roles ?? []).map((id) => ({ id }));
  return callerFrom(interaction.channel_id ?? null, userId, permissions !== undefined && /^\d+$/.test(permissions) ? BigInt(permissions) : null,
    { guildId: interaction.guild_id ?? null, roles, adminRoles });
}

function focusedOption(options: APIApplicationCommandInteractionDataOption[]): { name: string; value: string } | undefined {
  for (const option of options) {
    if ('focused' in option && option.focused) return { name: option.name, value: String(option.value) };
    if ('options' in option && option.options) {
      const nested = focusedOption(option.options as APIApplicationCommandInteractionDataOption[]);
      if (nested) return nested;
    }
  }
  return undefined;
}

/** Answers one verified interaction: the HTTP answer, and what to do after it (edits of a deferred reply). */
function answerer(app: App, rest: REST) {
  const webhook = (interaction: RawInteraction) => ({
    edit: (message: DiscordMessage) => {
      const { body, files } = apiMessage(message);
      return rest.patch(Routes.webhookMessage(interaction.application_id, interaction.token), { body, files, auth: false });
    },
    remove: () => rest.delete(Routes.webhookMessage(interaction.application_id, interaction.token), { auth: false }),
    followUp: (message: DiscordMessage, flags: number) => {
      const { body, files } = apiMessage(message);
      return rest.post(Routes.webhook(interaction.application_id, interaction.token), { body: { ...body, flags }, files, auth: false });
    },
  });

  /** A reply as the immediate answer, or, for a picture (a multipart upload), a deferral and an edit. */
  function immediate(reply: Reply, type: InteractionResponseType, send: (answer: Answer) => void, interaction: RawInteraction): Promise<unknown> | undefined {
    const message = renderReply(reply);
    if (reply.error) {
      send({ type: InteractionResponseType.ChannelMessageWithSource, data: { ...apiMessage(message).body, flags: MessageFlags.Ephemeral } });
      return undefined;
    }
    if (message.files) {
      send({ type: type === InteractionResponseType.UpdateMessage ? InteractionResponseType.DeferredMessageUpdate : InteractionResponseType.DeferredChannelMessageWithSource });
      return webhook(interaction).edit(message);
    }
    send({ type, data: apiMessage(message).body });
    return undefined;
  }

  async function command(interaction: RawInteraction, send: (answer: Answer) => void, work: Promise<Reply>, type: InteractionResponseType): Promise<void> {
    let deferred = false;
    const reply = await deferIfSlow(work, async () => {
      deferred = true;
      send({ type: type === InteractionResponseType.UpdateMessage ? InteractionResponseType.DeferredMessageUpdate : InteractionResponseType.DeferredChannelMessageWithSource });
    });
    if (!deferred) {
      await immediate(reply, type, send, interaction);
      return;
    }
    const hook = webhook(interaction);
    const message = renderReply(reply);
    if (!reply.error) await hook.edit(message);
    else if (type === InteractionResponseType.UpdateMessage) await hook.followUp(message, MessageFlags.Ephemeral);
    else {
      // A deferred reply is public; swap it for a message only the asker sees.
      await hook.remove();
      await hook.followUp(message, MessageFlags.Ephemeral);
    }
  }

  return async (interaction: RawInteraction, send: (answer: Answer) => void): Promise<void> => {
    const caller = callerOf(interaction, app.config.tenancy.adminRoles);
    switch (interaction.type) {
      case InteractionType.Ping:
        return send({ type: InteractionResponseType.Pong });
      case InteractionType.ApplicationCommand:
        return command(interaction, send, runCommandInput(inputOf(interaction), app.registry(caller.tenant), app.context(caller), app.log), InteractionResponseType.ChannelMessageWithSource);
      case InteractionType.MessageComponent: {
        const state = decodePageId(interaction.data?.custom_id ?? '');
        if (!state) return send({ type: InteractionResponseType.DeferredMessageUpdate });
        return command(interaction, send, runCommandLine(state.command, app.registry(caller.tenant), app.context(caller, state.page), app.log), InteractionResponseType.UpdateMessage);
      }
      case InteractionType.ApplicationCommandAutocomplete: {
        const focused = focusedOption(interaction.data?.options ?? []);
        const choices = focused ? suggestions(app, interaction.data?.name ?? '', focused.name, focused.value, caller) : [];
        return send({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } });
      }
      default:
        return send({ type: InteractionResponseType.DeferredMessageUpdate });
    }
  };
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const plain = (res: ServerResponse, status: number, text: string) => res.writeHead(status, { 'content-type': 'text/plain' }).end(text);

/** Listens for Discord's interaction POSTs (any path) until stop(). */
export async function startInteractionsEndpoint(app: App, settings: InteractionsSettings): Promise<InteractionsEndpoint> {
  const log = app.log.child({ platform: 'discord', transport: 'http' });
  const key = publicKeyObject(settings.publicKey);
  const answer = answerer(app, new REST({ api: settings.apiUrl, retries: 2 }));
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST') return plain(res, 405, 'POST only');
      const body = await readBody(req);
      if (!body) return plain(res, 413, 'too large');
      const signature = req.headers['x-signature-ed25519'];
      const timestamp = req.headers['x-signature-timestamp'];
      if (!verifySignature(key, body, typeof signature === 'string' ? signature : undefined, typeof timestamp === 'string' ? timestamp : undefined)) {
        return plain(res, 401, 'invalid request signature');
      }
      let interaction: RawInteraction;
      try {
        interaction = JSON.parse(body.toString('utf8')) as RawInteraction;
      } catch {
        return plain(res, 400, 'not JSON');
      }
      let answered = false;
      const send = (reply: Answer) => {
        if (answered) return;
        answered = true;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
      };
      try {
        await answer(interaction, send);
      } catch (err) {
        log.error({ err, interaction: interaction.id }, 'could not answer an interaction');
        if (!answered) plain(res, 500, 'error');
      }
    })().catch((err: unknown) => log.error({ err }, 'interaction request failed'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ port }, 'Discord interactions endpoint listening');
  return {
    port,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

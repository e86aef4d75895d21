import type { Server } from 'node:http';
import type { APIEmbed } from 'discord.js';
import { WebSocketServer, type WebSocket } from 'ws';
import { closeServer, listen, RequestLog, sendJson, type Recorded } from './http.js';

// A loopback Discord: the REST routes discord.js uses and a gateway that identifies, resumes and dispatches.
// Built per docs/chat-platform-fakes.md (shared docs), section 1.

export const APP_ID = '900000000000000001';
export const GUILD_ID = '900000000000000002';
export const CHANNEL_ID = '900000000000000003';
export const BOT_USER = { id: APP_ID, username: 'dateline', discriminator: '0', bot: true, avatar: null, global_name: null };
export const USER = { id: '900000000000000010', username: 'reader', discriminator: '0', avatar: null, global_name: 'Reader' };
/** Manage Channels (1<<4) and Manage Guild (1<<5) plus the everyday ones. */
export const MANAGER_PERMISSIONS = String((1n << 4n) | (1n << 5n) | (1n << 10n) | (1n << 11n));
export const MEMBER_PERMISSIONS = String((1n << 10n) | (1n << 11n));

export interface FakeDiscordOptions {
  /** What /gateway/bot recommends. */
  shards?: number;
  /** More text channels in the guild, besides CHANNEL_ID. */
  channels?: string[];
  /**
   * Share of channel posts that fail: half answer 429, half 500 — and of those 500s, half after the message
   * was created (the response is lost), as a real outage can. Seeded, so a run is repeatable.
   */
  flakiness?: number;
  /** Channel posts allowed per second across the bot; more get a global 429, as Discord's global limit does. */
  postsPerSecond?: number;
  /** Channels of other kinds (forums, threads) or with permission overwrites for the bot, by id. */
  special?: Record<string, SpecialChannel>;
  /** Channel posts are answered this long after the message is made (a slow link): a crash then leaves sends in doubt. */
  answerDelayMs?: number;
  /** More servers the bot is in, besides GUILD_ID, each with its text channels. */
  guilds?: { id: string; name?: string; channels: string[] }[];
}

/** A forum (type 15), a thread (type 11, in parent), or a text channel where the bot is denied some permissions. */
export interface SpecialChannel {
  type: 0 | 11 | 15;
  parentId?: string;
  /** Permission bits denied to the bot's role (@everyone) in this channel. */
  deny?: bigint;
}

/** What @everyone (and so the bot, which has no other role here) may do: View Channels, Send Messages, Send Messages in Threads, Embed Links, Attach Files. */
export const BOT_PERMISSIONS = (1n << 10n) | (1n << 11n) | (1n << 38n) | (1n << 14n) | (1n << 15n);

interface Failure { match: (r: Recorded) => boolean; status: number; body: unknown; headers: Record<string, string> }

export interface InteractionOptions {
  permissions?: string;
  channelId?: string;
  /** The server it comes from (default GUILD_ID). */
  guildId?: string;
  /** The member's role ids. */
  roles?: string[];
}

/** What the bot answered an interaction with: the callback body. */
export interface InteractionCallback {
  type: number;
  data?: {
    embeds?: APIEmbed[];
    components?: { components: { custom_id: string; disabled?: boolean }[] }[];
    flags?: number;
    choices?: { name: string; value: string }[];
    allowed_mentions?: unknown;
  };
}

let counter = 0;
/** Snowflakes as Discord makes them: the creation time in the top bits, so `?after=` can be answered. */
const nextId = (): string => String(((BigInt(Date.now()) - 1420070400000n) << 22n) + BigInt(++counter % 4096));

export class FakeDiscord {
  readonly log = new RequestLog();
  readonly identifies: { shard: [number, number]; token: string }[] = [];
  readonly resumes: unknown[] = [];
  private readonly sockets = new Set<WebSocket>();
  private readonly failures: Failure[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private server!: Server;
  private sequence = 0;
  port = 0;
  token = 'fake-discord-token';
  /** Messages created per channel by channel posts (a post deduplicated by its nonce creates none). */
  readonly created = new Map<string, Record<string, unknown>[]>();
  private readonly byNonce = new Map<string, Record<string, unknown>>();
  private channelIds = new Set<string>([CHANNEL_ID]);
  /** Each channel's server (GUILD_ID unless listed). */
  private readonly guildOf = new Map<string, string>();
  private guilds: { id: string; name: string }[] = [{ id: GUILD_ID, name: 'Fake guild' }];
  /** Roles of each server, by id, beside @everyone. */
  readonly roles = new Map<string, { id: string; name: string }[]>();
  /** The last bulk overwrite of each server's commands (command names), as Discord keeps them. */
  readonly guildCommands = new Map<string, string[]>();
  private special: Record<string, SpecialChannel> = {};
  /** Forum posts created, per forum: the thread and its first message. */
  readonly forumPosts = new Map<string, { thread: Record<string, unknown>; message: Record<string, unknown>; body: Record<string, unknown> }[]>();
  /** Message edits (PATCH), per message id, in order: each the body sent. */
  readonly edits = new Map<string, Record<string, unknown>[]>();
  /** Threads started on a message (POST /channels/{id}/messages/{id}/threads): thread id (= the message id) → its channel. */
  readonly messageThreads = new Map<string, string>();
  private flakiness = 0;
  private postsPerSecond = Infinity;
  /** Channel posts and edits are answered this long after they take effect (a slow link): a kill then leaves them in doubt. */
  answerDelayMs = 0;
  private readonly recentPosts: number[] = [];
  /** Channel posts refused for going over postsPerSecond. */
  rateLimited = 0;
  /** Channel history reads (GET /channels/{id}/messages). */
  historyReads = 0;
  /** The next this many history reads fail with 500. */
  historyFailures = 0;
  /** Channel posts get no answer at all (a hung connection), until the fake stops. */
  hangPosts = false;
  /** The next forum post is made but answered with 500, as when a response is lost. */
  loseNextForumAnswer = false;
  private seed = 7;

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord();
    for (const id of options.channels ?? []) fake.channelIds.add(id);
    fake.special = options.special ?? {};
    for (const id of Object.keys(fake.special)) fake.channelIds.add(id);
    fake.flakiness = options.flakiness ?? 0;
    fake.postsPerSecond = options.postsPerSecond ?? Infinity;
    fake.answerDelayMs = options.answerDelayMs ?? 0;
    for (const guild of options.guilds ?? []) {
      fake.guilds.push({ id: guild.id, name: guild.name ?? `Guild ${guild.id.slice(-4)}` });
      for (const id of guild.channels) {
        fake.channelIds.add(id);
        fake.guildOf.set(id, guild.id);
      }
    }
    const { server, port } = await listen((request, res) => fake.route(request, res, options), fake.log);
    fake.server = server;
    fake.port = port;
    server.on('upgrade', (req, socket, head) => fake.wss.handleUpgrade(req, socket, head, (ws) => fake.gateway(ws)));
    return fake;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** Makes the next request that matches fail with this status (a 429 carries retry-after). */
  failNext(match: (r: Recorded) => boolean, status: number, retryAfterSeconds = 0.2): void {
    const body = status === 429 ? { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global: false } : { message: 'Server error', code: 0 };
    const headers: Record<string, string> = status === 429
      ? { 'retry-after': String(retryAfterSeconds), 'x-ratelimit-scope': 'user', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': String(retryAfterSeconds) }
      : {};
    this.failures.push({ match, status, body, headers });
  }

  private route(request: Recorded, res: Parameters<typeof sendJson>[0], options: FakeDiscordOptions): void {
    const failure = this.failures.findIndex((f) => f.match(request));
    if (failure >= 0) {
      const [f] = this.failures.splice(failure, 1);
      return sendJson(res, f!.status, f!.body, f!.headers);
    }
    const path = request.path.replace(/^\/api\/v10/, '');
    const auth = request.headers.authorization;
    let m: RegExpExecArray | null;
    if (request.method === 'GET' && path === '/gateway/bot') {
      if (auth !== `Bot ${this.token}`) return sendJson(res, 401, { message: '401: Unauthorized', code: 0 });
      return sendJson(res, 200, {
        url: `ws://127.0.0.1:${this.port}/gateway`,
        shards: options.shards ?? 1,
        // A high max_concurrency lets several shards identify at once instead of 5 s apart.
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 16 },
      });
    }
    if (request.method === 'PUT' && (m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path))) {
      if (m[2]) this.guildCommands.set(m[2], (request.body as { name: string }[]).map((c) => c.name));
      const commands = (request.body as { name: string }[]).map((c) => ({ ...c, id: nextId(), application_id: m![1], version: '1' }));
      return sendJson(res, 200, commands);
    }
    if (request.method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return sendJson(res, 204);
    if ((m = /^\/webhooks\/\d+\/[^/]+(\/messages\/@original)?$/.exec(path))) {
      if (request.method === 'DELETE') return sendJson(res, 204);
      return sendJson(res, 200, this.message(CHANNEL_ID, request.body));
    }
    if (request.method === 'GET' && /^\/guilds\/\d+\/threads\/active$/.test(path)) {
      const threads = [...this.forumPosts.values()].flat().map((post) => post.thread);
      return sendJson(res, 200, { threads, members: [] });
    }
    if (request.method === 'POST' && (m = /^\/channels\/(\d+)\/threads$/.exec(path)) && this.special[m[1]!]?.type === 15) {
      return this.forumPost(m[1]!, request.body as Record<string, unknown>, res);
    }
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path)) && request.method === 'POST') {
      return this.startThread(m[1]!, m[2]!, request.body as Record<string, unknown>, res);
    }
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path))) {
      const message = (this.created.get(m[1]!) ?? []).find((made) => made.id === m![2]);
      if (!message) return sendJson(res, 404, { message: 'Unknown Message', code: 10008 });
      if (request.method === 'PATCH') return this.edit(message, request.body as Record<string, unknown>, res);
      return sendJson(res, 200, { ...message, nonce: undefined });
    }
    if ((m = /^\/channels\/(\d+)(\/messages)?$/.exec(path))) {
      if (!this.channelIds.has(m[1]!)) return sendJson(res, 404, { message: 'Unknown Channel', code: 10003 });
      if (request.method === 'POST' && m[2]) return this.post(m[1]!, request.body as Record<string, unknown>, res);
      if (request.method === 'GET' && m[2]) return this.history(m[1]!, request.query, res);
      return sendJson(res, 200, this.channel(m[1]!));
    }
    sendJson(res, 404, { message: `404: Not Found (${request.method} ${path})`, code: 0 });
  }

  /** A channel post, as Discord treats it: with enforce_nonce, a nonce seen before returns the first message. */
  private post(channelId: string, body: Record<string, unknown>, res: Parameters<typeof sendJson>[0]): void {
    if (this.hangPosts) return;
    if (this.overLimit()) {
      this.rateLimited += 1;
      return sendJson(res, 429, { message: 'You are being rate limited.', retry_after: 0.1, global: true },
        { 'retry-after': '0.1', 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' });
    }
    const roll = this.flakiness > 0 ? this.random() : 1;
    if (roll < this.flakiness / 2) {
      return sendJson(res, 429, { message: 'You are being rate limited.', retry_after: 0.05, global: false },
        { 'retry-after': '0.05', 'x-ratelimit-scope': 'user', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '0.05' });
    }
    const nonceKey = body.enforce_nonce === true && body.nonce !== undefined ? `${channelId}|${String(body.nonce)}` : undefined;
    let message = nonceKey ? this.byNonce.get(nonceKey) : undefined;
    const lostResponse = roll < (this.flakiness * 3) / 4;
    if (roll < this.flakiness && !lostResponse) return sendJson(res, 500, { message: 'Server error', code: 0 });
    if (!message) {
      message = this.message(channelId, body);
      if (nonceKey) this.byNonce.set(nonceKey, message);
      this.created.set(channelId, [...(this.created.get(channelId) ?? []), message]);
    }
    if (lostResponse) return sendJson(res, 500, { message: 'Server error', code: 0 });
    const answer = message;
    if (this.answerDelayMs > 0) setTimeout(() => sendJson(res, 200, answer), this.answerDelayMs);
    else sendJson(res, 200, answer);
  }

  /** PATCH of a message: its content replaced (what was sent), answered after answerDelayMs. */
  private edit(message: Record<string, unknown>, body: Record<string, unknown>, res: Parameters<typeof sendJson>[0]): void {
    for (const field of ['content', 'embeds', 'components'] as const) if (body[field] !== undefined) message[field] = body[field];
    message.edited_timestamp = new Date().toISOString();
    const id = String(message.id);
    this.edits.set(id, [...(this.edits.get(id) ?? []), body]);
    const answer = { ...message, nonce: undefined };
    if (this.answerDelayMs > 0) setTimeout(() => sendJson(res, 200, answer), this.answerDelayMs);
    else sendJson(res, 200, answer);
  }

  /** A thread started on a message: a public thread whose id is the message's; a second start is refused (160004). */
  private startThread(channelId: string, messageId: string, body: Record<string, unknown>, res: Parameters<typeof sendJson>[0]): void {
    if (!(this.created.get(channelId) ?? []).some((made) => made.id === messageId)) return sendJson(res, 404, { message: 'Unknown Message', code: 10008 });
    if (this.messageThreads.has(messageId)) return sendJson(res, 400, { message: 'A thread has already been created for this message', code: 160004 });
    this.messageThreads.set(messageId, channelId);
    this.special[messageId] = { type: 11, parentId: channelId };
    this.channelIds.add(messageId);
    sendJson(res, 201, { ...this.channel(messageId), name: body.name, owner_id: BOT_USER.id });
  }

  /** GET /channels/{id}/messages?after=&limit=: the messages after a snowflake, newest first, as Discord (no nonces). */
  private history(channelId: string, query: URLSearchParams, res: Parameters<typeof sendJson>[0]): void {
    this.historyReads += 1;
    if (this.historyFailures > 0) {
      this.historyFailures -= 1;
      return sendJson(res, 500, { message: 'Server error', code: 0 });
    }
    const after = BigInt(query.get('after') ?? '0');
    const limit = Math.min(100, Number(query.get('limit') ?? 50));
    const messages = (this.created.get(channelId) ?? []).filter((message) => BigInt(String(message.id)) > after);
    sendJson(res, 200, messages.slice(0, limit).reverse().map((message) => ({ ...message, nonce: undefined })));
  }

  /** Discord keeps a nonce for a few minutes: after this, a resend with the same nonce makes a new message. */
  forgetNonces(): void {
    this.byNonce.clear();
  }

  private overLimit(): boolean {
    if (this.postsPerSecond === Infinity) return false;
    const now = performance.now();
    while (this.recentPosts.length > 0 && this.recentPosts[0]! <= now - 1000) this.recentPosts.shift();
    if (this.recentPosts.length >= this.postsPerSecond) return true;
    this.recentPosts.push(now);
    return false;
  }

  private random(): number {
    this.seed = (this.seed * 1664525 + 1013904223) >>> 0;
    return this.seed / 2 ** 32;
  }

  private message(channelId: string, body: unknown): Record<string, unknown> {
    const sent = (body ?? {}) as Record<string, unknown>;
    return {
      id: nextId(), channel_id: channelId, type: 0, content: sent.content ?? '', embeds: sent.embeds ?? [], components: sent.components ?? [],
      author: BOT_USER, timestamp: new Date().toISOString(), edited_timestamp: null, attachments: [], mentions: [], mention_roles: [],
      mention_everyone: false, pinned: false, tts: false, nonce: sent.nonce,
    };
  }

  private channel(id = CHANNEL_ID): Record<string, unknown> {
    const special = this.special[id];
    const overwrites = special?.deny ? [{ id: this.guildOf.get(id) ?? GUILD_ID, type: 0, allow: '0', deny: String(special.deny) }] : [];
    const guildId = this.guildOf.get(id) ?? GUILD_ID;
    const channel: Record<string, unknown> = {
      id, type: special?.type ?? 0, guild_id: guildId, name: id === CHANNEL_ID ? 'general' : `news-${id.slice(-4)}`, position: 0, permission_overwrites: overwrites,
    };
    if (special?.type === 11) {
      Object.assign(channel, { parent_id: special.parentId, owner_id: USER.id, thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date(0).toISOString(), locked: false } });
    }
    if (special?.type === 15) Object.assign(channel, { available_tags: [], default_reaction_emoji: null, default_sort_order: null, default_forum_layout: 0 });
    return channel;
  }

  /** A forum post: a new thread in the forum, opened by the message in the body. */
  private forumPost(forumId: string, body: Record<string, unknown>, res: Parameters<typeof sendJson>[0]): void {
    const threadId = nextId();
    const thread = { ...this.channel(forumId), id: threadId, type: 11, parent_id: forumId, name: body.name, owner_id: BOT_USER.id,
      thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false } };
    // As on Discord, the post's opening message has the post's id.
    const message = { ...this.message(threadId, body.message), id: threadId };
    this.channelIds.add(threadId);
    this.special[threadId] = { type: 11, parentId: forumId };
    this.created.set(threadId, [message]);
    this.forumPosts.set(forumId, [...(this.forumPosts.get(forumId) ?? []), { thread, message, body }]);
    if (this.loseNextForumAnswer) {
      this.loseNextForumAnswer = false;
      return sendJson(res, 500, { message: 'Server error', code: 0 });
    }
    sendJson(res, 201, { ...thread, message });
  }

  private send(ws: WebSocket, payload: Record<string, unknown>): void {
    ws.send(JSON.stringify(payload));
  }

  private dispatch(ws: WebSocket, t: string, d: unknown): void {
    this.send(ws, { op: 0, t, s: ++this.sequence, d });
  }

  private gateway(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    this.send(ws, { op: 10, d: { heartbeat_interval: 41250 } });
    ws.on('message', (data) => {
      const packet = JSON.parse(String(data)) as { op: number; d: Record<string, unknown> };
      if (packet.op === 1) this.send(ws, { op: 11 });
      else if (packet.op === 2) {
        this.identifies.push({ shard: packet.d.shard as [number, number], token: String(packet.d.token) });
        this.dispatch(ws, 'READY', {
          v: 10, user: BOT_USER, application: { id: APP_ID, flags: 0 }, guilds: this.guilds.map((guild) => ({ id: guild.id, unavailable: true })),
          session_id: `session-${this.identifies.length}`, resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway`, shard: packet.d.shard,
        });
        for (const guild of this.guilds) this.dispatch(ws, 'GUILD_CREATE', this.guildPayload(guild));
      } else if (packet.op === 6) {
        this.resumes.push(packet.d);
        this.dispatch(ws, 'RESUMED', {});
      }
    });
  }

  private guildPayload(guild: { id: string; name: string }): Record<string, unknown> {
    const inGuild = [...this.channelIds].filter((id) => (this.guildOf.get(id) ?? GUILD_ID) === guild.id);
    const role = (id: string, name: string, permissions: bigint) => ({ id, name, permissions: String(permissions), position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 });
    return {
      id: guild.id, name: guild.name, owner_id: USER.id, emojis: [], features: [], presences: [], voice_states: [],
      roles: [role(guild.id, '@everyone', BOT_PERMISSIONS), ...(this.roles.get(guild.id) ?? []).map((r) => role(r.id, r.name, 0n))],
      members: [{ user: BOT_USER, roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 }],
      member_count: 2, channels: inGuild.filter((id) => this.special[id]?.type !== 11).map((id) => this.channel(id)),
      threads: inGuild.filter((id) => this.special[id]?.type === 11).map((id) => this.channel(id)), stickers: [], unavailable: false,
    };
  }

  /** The bot is removed from a server: GUILD_DELETE without `unavailable`, as Discord sends it. */
  leaveGuild(guildId: string): void {
    this.guilds = this.guilds.filter((guild) => guild.id !== guildId);
    for (const ws of this.sockets) this.dispatch(ws, 'GUILD_DELETE', { id: guildId });
  }

  /** Closes every gateway connection with a resumable code, as Discord does on a restart. */
  dropConnections(code = 4000): void {
    for (const ws of this.sockets) ws.close(code, 'fake: reconnect');
  }

  /** Dispatches an interaction and returns its id; its token is `token-<id>`. */
  interact(data: Record<string, unknown>, type: number, options: InteractionOptions = {}, extra: Record<string, unknown> = {}): string {
    const id = nextId();
    const channelId = options.channelId ?? CHANNEL_ID;
    const guildId = options.guildId ?? this.guildOf.get(channelId) ?? GUILD_ID;
    const payload = {
      id, application_id: APP_ID, type, token: `token-${id}`, version: 1, guild_id: guildId, channel_id: channelId,
      channel: { id: channelId, type: 0, guild_id: guildId, name: 'general' },
      member: { user: USER, roles: options.roles ?? [], permissions: options.permissions ?? MEMBER_PERMISSIONS, joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 },
      app_permissions: MANAGER_PERMISSIONS, locale: 'en-GB', guild_locale: 'en-GB', entitlements: [], authorizing_integration_owners: { 0: guildId }, context: 0,
      data, ...extra,
    };
    for (const ws of this.sockets) this.dispatch(ws, 'INTERACTION_CREATE', payload);
    return id;
  }

  /** The first response to an interaction: the callback body ({type, data}). */
  async callback(interactionId: string): Promise<InteractionCallback> {
    const request = await this.log.waitFor((r) => r.method === 'POST' && r.path.includes(`/interactions/${interactionId}/`), 4000, `callback of ${interactionId}`);
    return request.body as InteractionCallback;
  }

  /** Every request made with this interaction's token after the callback (editReply, followUp, deleteReply). */
  webhookRequests(interactionId: string): Recorded[] {
    return this.log.requests.filter((r) => r.path.includes(`/token-${interactionId}`) && !r.path.endsWith('/callback'));
  }

  async stop(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    await closeServer(this.server);
  }
}

/** An application command interaction's data: /name [subcommand] options. */
export function slashData(name: string, options: Record<string, string> = {}, subcommand?: string): Record<string, unknown> {
  const given = Object.entries(options).map(([key, value]) => ({ name: key, type: 3, value }));
  return {
    id: nextId(), name, type: 1, guild_id: GUILD_ID,
    options: subcommand ? [{ name: subcommand, type: 1, options: given }] : given,
  };
}

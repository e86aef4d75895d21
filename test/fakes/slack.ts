import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { closeServer, listen, RequestLog, sendJson, type Recorded } from './http.js';

// A loopback Slack: the Web API methods the bot calls, a Socket Mode link, and response_url sinks.
// Built per docs/chat-platform-fakes.md (shared docs), sections 3 and 4.

export const BOT_TOKEN = 'xoxb-fake-bot-token';
export const APP_TOKEN = 'xapp-fake-app-token';
export const SIGNING_SECRET = 'fake-signing-secret';
export const TEAM_ID = 'T0FAKE';
export const CHANNEL = 'C0GENERAL';
export const USER_ID = 'U0READER';
export const CLIENT_ID = '1111.2222';
export const CLIENT_SECRET = 'fake-client-secret';

export interface SlackMessage { ts: string; text: string; thread_ts?: string; blocks?: unknown; metadata?: { event_type: string; event_payload: Record<string, unknown> } }

interface Failure { match: (r: Recorded) => boolean; status: number; body: unknown; headers: Record<string, string> }

export interface Frame { envelope_id?: string; payload?: Record<string, unknown>; [key: string]: unknown }

let counter = 0;

export class FakeSlack {
  readonly log = new RequestLog();
  readonly admins = new Set<string>();
  /** What conversations.info tells of a channel; others are public channels the bot is in. */
  readonly channels = new Map<string, { id: string; name: string; is_private: boolean; is_member: boolean; is_archived: boolean }>();
  private readonly sockets = new Set<WebSocket>();
  private readonly failures: Failure[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly ackWaiters = new Map<string, (frame: Frame) => void>();
  private server!: Server;
  private pinger?: NodeJS.Timeout;
  port = 0;
  connections = 0;
  /** Messages posted per channel, oldest first, with their metadata as Slack stores it. */
  readonly posted = new Map<string, SlackMessage[]>();
  /** Most messages one conversations.history read returns (Slack: 15 for new non-Marketplace apps). */
  historyLimit = 999;
  historyReads = 0;
  /** The next this many history reads are refused with 429 (retry-after 1 s). */
  historyRateLimited = 0;
  /** chat.postMessage and chat.update are answered this long after they take effect: a crash then leaves sends in doubt. */
  answerDelayMs = 0;
  /** Thread replies (chat.postMessage with thread_ts), per `channel/thread_ts`: not in the channel's history, as on Slack. */
  readonly replies = new Map<string, SlackMessage[]>();
  /** chat.update calls, in order. */
  readonly updates: { channel: string; ts: string; text: string; metadata?: SlackMessage['metadata'] }[] = [];
  /** Bot tokens issued by OAuth installs, and their team. */
  readonly installed = new Map<string, string>();

  static async start(): Promise<FakeSlack> {
    const fake = new FakeSlack();
    const { server, port } = await listen((request, res) => fake.route(request, res), fake.log);
    fake.server = server;
    fake.port = port;
    server.on('upgrade', (req, socket, head) => fake.wss.handleUpgrade(req, socket, head, (ws) => fake.link(ws)));
    // Socket Mode clients reconnect when the server has not pinged for 30 s.
    fake.pinger = setInterval(() => { for (const ws of fake.sockets) ws.ping(); }, 5000).unref();
    return fake;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  failNext(match: (r: Recorded) => boolean, status: number, body: unknown = {}, headers: Record<string, string> = {}): void {
    this.failures.push({ match, status, body, headers });
  }

  private route(request: Recorded, res: Parameters<typeof sendJson>[0]): void {
    const failure = this.failures.findIndex((f) => f.match(request));
    if (failure >= 0) {
      const [f] = this.failures.splice(failure, 1);
      return sendJson(res, f!.status, f!.body, f!.headers);
    }
    if (request.path.startsWith('/response/')) return sendJson(res, 200, { ok: true });
    // files.uploadV2: the bytes go to the upload URL handed out by files.getUploadURLExternal.
    if (request.path.startsWith('/upload/')) return sendJson(res, 200, { ok: true });
    const method = /^\/api\/([\w.]+)$/.exec(request.path)?.[1];
    const bearer = request.headers.authorization?.replace(/^Bearer /, '');
    const body = (request.body ?? {}) as Record<string, string>;
    switch (method) {
      case 'auth.test': {
        const team = bearer === BOT_TOKEN ? TEAM_ID : this.installed.get(bearer ?? '');
        if (!team) return sendJson(res, 200, { ok: false, error: 'invalid_auth' });
        return sendJson(res, 200, { ok: true, url: 'https://fake.slack.example/', team: 'Fake', user: 'dateline', team_id: team, user_id: 'U0BOT', bot_id: 'B0BOT' });
      }
      case 'oauth.v2.access': {
        // The install flow's last step: a code for a team (here `code-<team id>`) becomes that team's bot token.
        const team = /^code-(T\w+)$/.exec(String(body.code ?? ''))?.[1];
        if (!team || body.client_id !== CLIENT_ID || body.client_secret !== CLIENT_SECRET) return sendJson(res, 200, { ok: false, error: 'invalid_code' });
        const token = `xoxb-install-${team}`;
        this.installed.set(token, team);
        return sendJson(res, 200, {
          ok: true, app_id: 'A0FAKE', authed_user: { id: 'U0INSTALLER' }, scope: 'commands,chat:write', token_type: 'bot', access_token: token,
          bot_user_id: 'U0BOT', team: { id: team, name: `Team ${team}` }, enterprise: null, is_enterprise_install: false,
        });
      }
      case 'apps.connections.open':
        if (bearer !== APP_TOKEN) return sendJson(res, 200, { ok: false, error: 'invalid_auth' });
        return sendJson(res, 200, { ok: true, url: `ws://127.0.0.1:${this.port}/link/?ticket=${++counter}` });
      case 'users.info':
        return sendJson(res, 200, { ok: true, user: { id: body.user, name: 'reader', is_admin: this.admins.has(body.user!), is_owner: false } });
      case 'chat.postMessage': {
        if (body.channel === 'C0MISSING') return sendJson(res, 200, { ok: false, error: 'channel_not_found' });
        const message: SlackMessage = { ts: this.nextTs(), text: String(body.text ?? '') };
        if (body.blocks) message.blocks = typeof body.blocks === 'string' ? JSON.parse(body.blocks) : body.blocks;
        if (body.metadata) message.metadata = typeof body.metadata === 'string' ? JSON.parse(body.metadata) : body.metadata;
        if (body.thread_ts) {
          const thread = `${body.channel}/${body.thread_ts}`;
          this.replies.set(thread, [...(this.replies.get(thread) ?? []), { ...message, thread_ts: body.thread_ts }]);
        } else this.posted.set(body.channel!, [...(this.posted.get(body.channel!) ?? []), message]);
        return this.answer(res, { ok: true, channel: body.channel, ts: message.ts, message });
      }
      case 'chat.update': {
        const message = (this.posted.get(body.channel!) ?? []).find((m) => m.ts === body.ts);
        if (!message) return sendJson(res, 200, { ok: false, error: 'message_not_found' });
        message.text = String(body.text ?? '');
        if (body.blocks) message.blocks = typeof body.blocks === 'string' ? JSON.parse(body.blocks) : body.blocks;
        if (body.metadata) message.metadata = typeof body.metadata === 'string' ? JSON.parse(body.metadata) : body.metadata;
        this.updates.push({ channel: body.channel!, ts: body.ts!, text: message.text, metadata: message.metadata });
        return this.answer(res, { ok: true, channel: body.channel, ts: body.ts, text: message.text });
      }
      case 'conversations.replies': {
        const parent = (this.posted.get(body.channel!) ?? []).find((m) => m.ts === body.ts);
        if (!parent) return sendJson(res, 200, { ok: false, error: 'thread_not_found' });
        const oldest = Number(body.oldest ?? 0);
        const latest = body.latest ? Number(body.latest) : Infinity;
        const withMetadata = String(body.include_all_metadata) === 'true';
        const thread = (this.replies.get(`${body.channel}/${body.ts}`) ?? []).filter((m) => Number(m.ts) >= oldest && Number(m.ts) <= latest);
        const messages = [parent, ...thread].map(({ metadata, ...m }) => ({ type: 'message', bot_id: 'B0BOT', ...m, ...(withMetadata && metadata ? { metadata } : {}) }));
        return sendJson(res, 200, { ok: true, messages, has_more: false });
      }
      case 'conversations.history': {
        this.historyReads += 1;
        if (this.historyRateLimited > 0) {
          this.historyRateLimited -= 1;
          return sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' });
        }
        const oldest = Number(body.oldest ?? 0);
        const latest = body.latest ? Number(body.latest) : Infinity;
        const limit = Math.min(this.historyLimit, Number(body.limit ?? 100));
        const withMetadata = String(body.include_all_metadata) === 'true';
        const messages = (this.posted.get(body.channel!) ?? []).filter((m) => Number(m.ts) >= oldest && Number(m.ts) <= latest).reverse().slice(0, limit)
          .map(({ metadata, ...m }) => ({ type: 'message', bot_id: 'B0BOT', ...m, ...(withMetadata && metadata ? { metadata } : {}) }));
        return sendJson(res, 200, { ok: true, messages, has_more: false });
      }
      case 'conversations.info': {
        const channel = this.channels.get(body.channel!) ?? { id: body.channel, name: 'general', is_private: false, is_member: true, is_archived: false };
        if (body.channel === 'C0MISSING') return sendJson(res, 200, { ok: false, error: 'channel_not_found' });
        return sendJson(res, 200, { ok: true, channel });
      }
      case 'files.getUploadURLExternal': {
        const fileId = `F0FILE${++counter}`;
        return sendJson(res, 200, { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${fileId}`, file_id: fileId });
      }
      case 'files.completeUploadExternal': {
        const files = JSON.parse(body.files ?? '[]') as { id: string; title?: string }[];
        return sendJson(res, 200, { ok: true, files: files.map((file) => ({ id: file.id, title: file.title ?? '' })) });
      }
      default:
        return sendJson(res, 200, { ok: false, error: 'unknown_method' });
    }
  }

  private answer(res: Parameters<typeof sendJson>[0], body: unknown): void {
    if (this.answerDelayMs > 0) setTimeout(() => sendJson(res, 200, body), this.answerDelayMs);
    else sendJson(res, 200, body);
  }

  /** Message timestamps as Slack makes them: seconds.microseconds of the posting time, unique in the workspace. */
  private lastTs = 0;
  private nextTs(): string {
    this.lastTs = Math.max(this.lastTs + 1, Date.now() * 1000);
    return `${Math.floor(this.lastTs / 1e6)}.${String(this.lastTs % 1e6).padStart(6, '0')}`;
  }

  /** Messages in every channel. */
  get messageCount(): number {
    return [...this.posted.values()].reduce((sum, list) => sum + list.length, 0);
  }

  private link(ws: WebSocket): void {
    this.sockets.add(ws);
    this.connections += 1;
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      if (frame.envelope_id) {
        this.ackWaiters.get(frame.envelope_id)?.(frame);
        this.ackWaiters.delete(frame.envelope_id);
      }
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake', approximate_connection_time: 18060 }, connection_info: { app_id: 'A0FAKE' } }));
  }

  /** Sends a Socket Mode envelope to the connected client and resolves with its ack frame. */
  envelope(type: 'slash_commands' | 'interactive' | 'events_api', payload: Record<string, unknown>): Promise<Frame> {
    const envelopeId = `env-${++counter}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack for ${envelopeId}`)), 3000);
      this.ackWaiters.set(envelopeId, (frame) => { clearTimeout(timer); resolve(frame); });
      const socket = [...this.sockets][0];
      if (!socket) return reject(new Error('no Socket Mode client connected'));
      socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type === 'slash_commands' }));
    });
  }

  /** A new response_url on this fake, and a way to wait for what is posted to it. */
  responseUrl(): { url: string; posted: (timeoutMs?: number) => Promise<Record<string, unknown>> } {
    const path = `/response/${++counter}`;
    return {
      url: `http://127.0.0.1:${this.port}${path}`,
      posted: async (timeoutMs = 4000) => (await this.log.waitFor((r) => r.path === path, timeoutMs, `a response at ${path}`)).body as Record<string, unknown>,
    };
  }

  /** The fields of a slash command, as both transports deliver them. */
  slashCommand(command: string, text: string, responseUrl: string, userId = USER_ID): Record<string, string> {
    return {
      token: 'verification-token', team_id: TEAM_ID, team_domain: 'fake', channel_id: CHANNEL, channel_name: 'general',
      user_id: userId, user_name: 'reader', command, text, api_app_id: 'A0FAKE', is_enterprise_install: 'false',
      response_url: responseUrl, trigger_id: `trigger-${++counter}`,
    };
  }

  /** A block_actions payload for pressing a button of a message. */
  buttonPress(action: { action_id: string; value: string }, responseUrl: string): Record<string, unknown> {
    return {
      type: 'block_actions', user: { id: USER_ID, username: 'reader', name: 'reader', team_id: TEAM_ID }, api_app_id: 'A0FAKE', token: 'verification-token',
      container: { type: 'message', message_ts: '1700000000.000001', channel_id: CHANNEL, is_ephemeral: false },
      trigger_id: `trigger-${++counter}`, team: { id: TEAM_ID, domain: 'fake' }, enterprise: null, is_enterprise_install: false,
      channel: { id: CHANNEL, name: 'general' }, message: { type: 'message', ts: '1700000000.000001', text: '' }, response_url: responseUrl,
      actions: [{ ...action, type: 'button', block_id: 'paging', text: { type: 'plain_text', text: 'Next' }, action_ts: '1700000001.000001' }],
    };
  }

  /** Waits (up to 2 s) for clients to close their sockets first: terminating early leaks a 30 s timer in the client. */
  async stop(): Promise<void> {
    clearInterval(this.pinger);
    const until = Date.now() + 2000;
    while (this.sockets.size > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    await closeServer(this.server);
  }
}

/** POSTs a form to bolt's HTTP endpoint, signed the way Slack signs (or with the given signature and timestamp). */
export async function signedPost(port: number, form: Record<string, string>, options: { secret?: string; timestamp?: number; signature?: string } = {}): Promise<Response> {
  const raw = new URLSearchParams(form).toString();
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = options.signature ?? `v0=${createHmac('sha256', options.secret ?? SIGNING_SECRET).update(`v0:${timestamp}:${raw}`).digest('hex')}`;
  return fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature },
    body: raw,
  });
}

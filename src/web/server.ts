import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '../app.js';
import { ConfigError, envPort } from '../config/index.js';
import { runCommandInput } from '../core/commands/run.js';
import { renderTimelinePng } from '../render/timeline-png.js';
import { errorPage, notFoundPage, timelinePage, topicsPage } from './html.js';
import { timelineView } from './view.js';
import { webName } from '../core/web-link.js';

// `dateline web`: the read-only timeline pages, on Node's own HTTP server. The operator's (bundled and configured)
// topics are public at /t/<name>; a server's or workspace's own topic only while its admin publishes it, at
// /t/<name>~<token>. Anything else is 404, whether it exists or not.

export interface WebSettings {
  port: number;
  host: string;
}

export interface WebServer {
  /** http://host:port, with the port actually bound (port 0 picks a free one). */
  url: string;
  close(): Promise<void>;
}

/** WEB_PORT (and WEB_HOST, default 127.0.0.1) from the environment; null when the web timeline is not wanted. */
export function webSettings(env: NodeJS.ProcessEnv): WebSettings | null {
  const port = envPort(env, 'WEB_PORT');
  if (port === undefined) return null;
  return { port, host: env.WEB_HOST?.trim() || '127.0.0.1' };
}

const ASSETS: Record<string, { type: string; body: Buffer }> = {
  '/assets/app.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(new URL('./assets/app.js', import.meta.url)) },
  '/assets/style.css': { type: 'text/css; charset=utf-8', body: readFileSync(new URL('./assets/style.css', import.meta.url)) },
};

/** Sent with every response: no inline script or style, no framing, no MIME sniffing, no referrer to sources. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Pictures kept in memory, and for how long: a picture of a period changes only when its events do. */
const PNG_CACHE_ENTRIES = 200;
const PNG_CACHE_MS = 5 * 60_000;

export async function startWebServer(app: App, settings: WebSettings): Promise<WebServer> {
  const handler = webHandler(app);
  const server = createServer((request, response) => {
    handler(request, response).catch((error: unknown) => {
      app.log.error({ err: error, url: request.url }, 'web request failed');
      if (!response.headersSent) send(response, request, 500, 'text/html; charset=utf-8', errorPage());
      else response.destroy();
    });
  });
  await listen(server, settings);
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  app.log.info({ url }, 'web timeline listening');
  return {
    url,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function listen(server: Server, settings: WebSettings): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'EADDRINUSE' ? 'is already in use' : error.code === 'EACCES' ? 'is not allowed' : `cannot be used (${error.message})`;
      reject(new ConfigError(`WEB_PORT ${settings.port} on ${settings.host} ${reason}.`));
    };
    server.once('error', onError);
    server.listen(settings.port, settings.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function webHandler(app: App): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const pngCache = new Map<string, { png: Buffer; etag: string; made: number }>();
  const caller = { channel: null, userId: null, canManage: false };

  return async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      send(response, request, 405, 'text/plain; charset=utf-8', 'Only GET and HEAD.\n');
      return;
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    const asset = ASSETS[url.pathname];
    if (asset) {
      response.setHeader('Cache-Control', 'public, max-age=3600');
      send(response, request, 200, asset.type, asset.body);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      // No icon: an empty answer keeps browsers from logging a missing one on every page.
      send(response, request, 204, 'image/x-icon', '');
      return;
    }
    if (url.pathname === '/') {
      const topics = app.store.topics.list().map((topic) => ({
        topic,
        events: app.store.calendar.countsBy(topic.tenant, topic.id, 'year').reduce((sum, year) => sum + year.events, 0),
      }));
      send(response, request, 200, 'text/html; charset=utf-8', topicsPage(topics));
      return;
    }
    const match = /^\/t\/([a-z0-9][a-z0-9_-]{0,31})(?:~([A-Za-z0-9_-]{16,64}))?(?:\/([0-9.-]{4,40}?))?(\.png)?\/?$/.exec(url.pathname);
    const found = match && (match[2] ? app.store.topics.published(match[1]!, match[2]) : app.store.topics.get(match[1]!));
    if (!match || !found) {
      send(response, request, 404, 'text/html; charset=utf-8', notFoundPage());
      return;
    }
    // A published topic's pages link to each other with its token: the page sees it named as in its address.
    const topic = { ...found, name: webName(found)! };
    const segment = match[3];
    if (match[4]) {
      if (!segment) return notFound(response, request);
      // The same picture as chat: the topic command's own reply for this period, rendered by the chat renderer.
      const cacheKey = `${topic.name}/${segment}`;
      let cached = pngCache.get(cacheKey);
      if (!cached || Date.now() - cached.made > PNG_CACHE_MS) {
        const reply = await runCommandInput({ name: found.name, options: { query: segment }, text: '' }, app.registry(found.tenant), app.context({ ...caller, tenant: found.tenant }), app.log);
        if (reply.error) return notFound(response, request);
        const png = renderTimelinePng({ ...reply, text: reply.items.length > 0 ? undefined : reply.text });
        cached = { png, etag: `"${createHash('sha256').update(png).digest('base64url').slice(0, 27)}"`, made: Date.now() };
        pngCache.delete(cacheKey);
        pngCache.set(cacheKey, cached);
        if (pngCache.size > PNG_CACHE_ENTRIES) pngCache.delete(pngCache.keys().next().value!);
      }
      response.setHeader('Cache-Control', `public, max-age=${PNG_CACHE_MS / 1000}`);
      response.setHeader('ETag', cached.etag);
      if (request.headers['if-none-match'] === cached.etag) {
        send(response, request, 304, 'image/png', '');
        return;
      }
      send(response, request, 200, 'image/png', cached.png);
      return;
    }
    const result = timelineView(app.store, {
      topic,
      segment,
      q: url.searchParams.get('q') ?? undefined,
      page: url.searchParams.get('page') ?? undefined,
      now: app.now(),
    });
    if ('notFound' in result) return notFound(response, request);
    if ('redirect' in result) {
      response.setHeader('Location', result.redirect);
      send(response, request, 303, 'text/plain; charset=utf-8', `See ${result.redirect}\n`);
      return;
    }
    response.setHeader('Cache-Control', 'no-cache');
    send(response, request, result.status, 'text/html; charset=utf-8', timelinePage(result.view));
  };
}

function notFound(response: ServerResponse, request: IncomingMessage): void {
  send(response, request, 404, 'text/html; charset=utf-8', notFoundPage());
}

function send(response: ServerResponse, request: IncomingMessage, status: number, type: string, body: string | Buffer): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
  response.setHeader('Content-Type', type);
  response.setHeader('Content-Length', Buffer.byteLength(body));
  response.writeHead(status);
  response.end(request.method === 'HEAD' ? undefined : body);
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// The small HTTP plumbing both fakes share: a loopback server, a request log, and waiting on it.

export interface Recorded {
  method: string;
  /** Decoded path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  raw: string;
  body: unknown;
  at: number;
}

export type Handler = (request: Recorded, res: ServerResponse) => void | Promise<void>;

export function sendJson(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === '') return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

export class RequestLog {
  readonly requests: Recorded[] = [];
  private waiters: { match: (r: Recorded) => boolean; resolve: (r: Recorded) => void }[] = [];

  add(request: Recorded): void {
    this.requests.push(request);
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.match(request)) return true;
      waiter.resolve(request);
      return false;
    });
  }

  /** The first request (already seen, or still to come) that matches. */
  waitFor(match: (r: Recorded) => boolean, timeoutMs = 4000, what = 'request'): Promise<Recorded> {
    const seen = this.requests.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`timed out waiting for ${what}; saw ${this.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`));
      }, timeoutMs);
      const done = (request: Recorded) => {
        clearTimeout(timer);
        resolve(request);
      };
      this.waiters.push({ match, resolve: done });
    });
  }
}

/** Starts a server on 127.0.0.1 with a free port; every request is read whole, logged, then handled. */
export async function listen(handler: Handler, log: RequestLog): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = Buffer.concat(chunks).toString('utf8');
      const request: Recorded = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname),
        query: url.searchParams,
        headers: req.headers,
        raw,
        body: parseBody(raw, req.headers['content-type']),
        at: Date.now(),
      };
      log.add(request);
      Promise.resolve(handler(request, res)).catch((error: unknown) => sendJson(res, 500, { message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

// Polite, safe feed fetching over node:http/https. Polite: conditional GET, a descriptive User-Agent,
// compression. Safe: every connection (first hop and each redirect) resolves the host through a lookup
// that refuses private, loopback, link-local and other internal addresses before a socket connects;
// the body is capped while it streams; one timer bounds the whole exchange. Never throws.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { readFileSync } from 'node:fs';
import zlib from 'node:zlib';
import { pipeline, type Readable } from 'node:stream';
import { isBlockedAddress } from './address.js';

export type FetchErrorReason =
  | 'not-found'
  | 'http-error'
  | 'too-large'
  | 'blocked-address'
  | 'timeout'
  | 'too-many-redirects'
  | 'network'
  | 'bad-url';

export type FetchResult =
  | { kind: 'ok'; status: number; body: Buffer; contentType?: string; etag?: string; lastModified?: string; finalUrl: string }
  | { kind: 'not-modified' }
  | { kind: 'error'; reason: FetchErrorReason; message: string; status?: number };

export interface FetchOptions {
  /** Validators from the previous 200, for a conditional GET. */
  etag?: string;
  lastModified?: string;
  /** Bounds the whole exchange, redirects included. */
  timeoutMs?: number;
  /** Bounds the decoded body. */
  maxBytes?: number;
  maxRedirects?: number;
  userAgent?: string;
  /** Host names or IP literals (as they appear in URLs) exempt from the address check, e.g. "127.0.0.1". */
  allowHosts?: string[];
  signal?: AbortSignal;
}

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export function userAgent(contact?: string): string {
  return contact ? `Dateline/${VERSION} (+${contact})` : `Dateline/${VERSION}`;
}

const ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const DECODERS: Readonly<Record<string, () => NodeJS.ReadWriteStream>> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

class FetchFailure extends Error {
  constructor(
    readonly reason: FetchErrorReason,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const BLOCKED_CODE = 'EDATELINEBLOCKED';

/** A dns.lookup that fails, before any connection, when the host resolves to an internal address. */
function guardedLookup(): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const bad = addresses.find(({ address }) => isBlockedAddress(address));
      if (bad) {
        const refused = Object.assign(new Error(`${hostname} resolves to ${bad.address}, an internal address; refusing to connect.`), { code: BLOCKED_CODE });
        return callback(refused, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const [first] = addresses;
      callback(null, first!.address, first!.family);
    });
  };
}

/** Scheme and literal-address checks; host names are checked at connect time by the lookup. */
/**
 * Why this address cannot be a feed (not a URL, not http(s), an internal IP literal), or null: the checks every
 * fetch makes before connecting, without connecting. Host names are checked again at each connection.
 */
export function feedUrlProblem(raw: string, allowHosts: readonly string[] = []): string | null {
  try {
    checkUrl(raw, new Set(allowHosts.map((host) => host.replace(/^\[|\]$/g, '').toLowerCase())));
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

function checkUrl(raw: string, allowHosts: ReadonlySet<string>): { url: URL; allowed: boolean } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchFailure('bad-url', `"${raw}" is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchFailure('bad-url', `Only http and https feeds can be fetched, not ${url.protocol}.`);
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const allowed = allowHosts.has(host);
  // Node connects to IP literals without calling lookup, so they are checked here.
  if (!allowed && isIP(host) !== 0 && isBlockedAddress(host)) {
    throw new FetchFailure('blocked-address', `${host} is an internal address; refusing to connect.`);
  }
  return { url, allowed };
}

function request(url: URL, allowed: boolean, headers: Record<string, string>, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, { method: 'GET', headers, signal, agent: false, lookup: allowed ? undefined : guardedLookup() }, resolve);
    req.on('error', reject);
    req.end();
  });
}

async function readBody(response: IncomingMessage, maxBytes: number, url: string): Promise<Buffer> {
  const encoding = (response.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder = DECODERS[encoding];
  // pipeline, unlike pipe, carries an abort or reset of the response on to the decoder.
  const stream: Readable = decoder ? (pipeline(response, decoder(), () => {}) as unknown as Readable) : response;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) throw new FetchFailure('too-large', `${url} sent more than ${maxBytes} bytes; stopped reading.`);
      chunks.push(chunk as Buffer);
    }
  } finally {
    response.destroy();
  }
  return Buffer.concat(chunks);
}

const header = (response: IncomingMessage, name: string): string | undefined => {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function describe(error: unknown, signal: AbortSignal, url: string): FetchResult {
  if (signal.aborted && signal.reason instanceof FetchFailure) error = signal.reason;
  if (error instanceof FetchFailure) return { kind: 'error', reason: error.reason, message: error.message, status: error.status };
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === BLOCKED_CODE) return { kind: 'error', reason: 'blocked-address', message };
  if (code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
    return { kind: 'error', reason: 'network', message: `${url}: the response body was cut off or corrupt (${code}).` };
  }
  return { kind: 'error', reason: 'network', message: `Could not fetch ${url}: ${code ? `${code} ` : ''}${message}` };
}

export async function fetchFeed(url: string, opts: FetchOptions): Promise<FetchResult> {
  const { timeoutMs = 15_000, maxBytes = 5 * 1024 * 1024, maxRedirects = 5, signal: callerSignal } = opts;
  const allowHosts = new Set((opts.allowHosts ?? []).map((host) => host.replace(/^\[|\]$/g, '').toLowerCase()));
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new FetchFailure('timeout', `No complete response from ${url} within ${timeoutMs} ms.`)),
    timeoutMs,
  );
  const cancel = () => controller.abort(new FetchFailure('network', `Fetching ${url} was cancelled.`));
  if (callerSignal?.aborted) cancel();
  callerSignal?.addEventListener('abort', cancel, { once: true });

  const headers: Record<string, string> = {
    'user-agent': opts.userAgent ?? userAgent(),
    accept: ACCEPT,
    'accept-encoding': Object.keys(DECODERS).filter((name) => name !== 'x-gzip').join(', '),
  };
  if (opts.etag) headers['if-none-match'] = opts.etag;
  if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;

  let current = url;
  try {
    for (let redirects = 0; ; redirects++) {
      const { url: target, allowed } = checkUrl(current, allowHosts);
      const response = await request(target, allowed, headers, controller.signal);
      const status = response.statusCode ?? 0;
      const location = header(response, 'location');
      if (REDIRECTS.has(status) && location) {
        response.destroy();
        if (redirects >= maxRedirects) throw new FetchFailure('too-many-redirects', `${url} redirected more than ${maxRedirects} times.`, status);
        current = new URL(location, target).href;
        continue;
      }
      if (status === 304) {
        response.destroy();
        return { kind: 'not-modified' };
      }
      if (status < 200 || status >= 300) {
        response.destroy();
        const reason = status === 404 || status === 410 ? 'not-found' : 'http-error';
        throw new FetchFailure(reason, `${current} answered HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}.`, status);
      }
      const body = await readBody(response, maxBytes, current);
      return {
        kind: 'ok',
        status,
        body,
        contentType: header(response, 'content-type'),
        etag: header(response, 'etag'),
        lastModified: header(response, 'last-modified'),
        finalUrl: current,
      };
    }
  } catch (error) {
    return describe(error, controller.signal, current);
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener('abort', cancel);
  }
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gauge, Registry } from 'prom-client';
import type { App } from '../app.js';
import { ConfigError, envPort } from '../config/index.js';
import { collectStatus } from './status.js';

// Opt-in HTTP endpoint (METRICS_PORT) for Prometheus (/metrics) and container orchestrators (/healthz).
// The figures are read from the store at each scrape, so they are the same as `dateline status` shows.

export interface MetricsSettings {
  port: number;
  host: string;
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/** Reads METRICS_PORT and METRICS_HOST (default 127.0.0.1); null when METRICS_PORT is not set. */
export function metricsSettings(env: NodeJS.ProcessEnv): MetricsSettings | null {
  const port = envPort(env, 'METRICS_PORT');
  if (port === undefined) return null;
  return { port, host: env.METRICS_HOST?.trim() || '127.0.0.1' };
}

const OUTCOMES = ['delivered', 'failed', 'retried'] as const;
const STATES = ['connecting', 'connected', 'reconnecting', 'disconnected', 'listening', 'stopped'] as const;

function registry(app: App): Registry {
  const register = new Registry();
  const status = () => collectStatus(app);
  new Gauge({
    name: 'dateline_outbox_depth', help: 'Outbox rows queued', registers: [register],
    collect() { this.set(status().outbox.depth); },
  });
  new Gauge({
    name: 'dateline_outbox_oldest_queued_age_seconds', help: 'Age of the oldest queued outbox row (0 when none)', registers: [register],
    collect() { this.set(status().outbox.oldestQueuedAgeSeconds ?? 0); },
  });
  new Gauge({
    name: 'dateline_outbox_in_doubt', help: 'Queued rows whose send may have gone out, to check against channel history', registers: [register],
    collect() { this.set(status().outbox.inDoubt); },
  });
  new Gauge({
    name: 'dateline_deliveries_last_hour', help: 'Outbox rows per platform and outcome in the last hour', labelNames: ['platform', 'outcome'], registers: [register],
    collect() {
      this.reset();
      for (const [platform, counts] of Object.entries(status().lastHour)) {
        for (const outcome of OUTCOMES) this.set({ platform, outcome }, counts[outcome]);
      }
    },
  });
  new Gauge({
    name: 'dateline_feeds', help: 'Feeds by health', labelNames: ['health'], registers: [register],
    collect() {
      const { feeds } = status();
      this.set({ health: 'failing' }, feeds.failing.length);
      this.set({ health: 'disabled' }, feeds.disabled.length);
      this.set({ health: 'ok' }, feeds.total - feeds.failing.length - feeds.disabled.length);
    },
  });
  new Gauge({
    name: 'dateline_platform_state', help: 'Each platform connection state (1: the current one)', labelNames: ['platform', 'state'], registers: [register],
    collect() {
      this.reset();
      for (const [platform, current] of Object.entries(status().platforms)) {
        for (const state of STATES) this.set({ platform, state }, current.current && current.state === state ? 1 : 0);
      }
    },
  });
  return register;
}

/** /healthz is 200 while the store takes a write, 503 otherwise (a locked, full or read-only database). */
function storeWritable(app: App): boolean {
  try {
    app.store.setMeta('health_checked_at', app.now().toISOString());
    return true;
  } catch (error) {
    app.log.warn({ err: error }, 'health check: the store is not writable');
    return false;
  }
}

export async function startMetricsServer(app: App, settings: MetricsSettings): Promise<MetricsServer> {
  const register = registry(app);
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
    if (path === '/healthz') {
      const ok = storeWritable(app);
      return void res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(ok ? 'ok\n' : 'store not writable\n');
    }
    if (path === '/metrics') {
      register.metrics().then(
        (text) => res.writeHead(200, { 'content-type': register.contentType }).end(text),
        (error: unknown) => {
          app.log.error({ err: error }, 'metrics failed');
          res.writeHead(500).end();
        },
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new ConfigError(`METRICS_PORT ${settings.port} on ${settings.host}: ${error.code ?? error.message}`)));
    server.listen(settings.port, settings.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  app.log.info({ host: settings.host, port }, 'metrics and health endpoint listening');
  return {
    port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

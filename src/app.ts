import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { loadConfig, PACKAGE_ROOT, type ConfigOptions, type LoadedConfig } from './config/index.js';
import { clockFromEnv } from './core/clock.js';
import { CommandRegistry } from './core/commands/registry.js';
import type { Caller, Change, CommandContext } from './core/commands/types.js';
import { bundledDatasetPaths, importDataset, readDataset } from './core/dataset.js';
import { feedReader } from './feeds/reader.js';
import { createLogger } from './log.js';
import { OPERATOR, Store } from './store/index.js';

// Wires configuration, the store and the command core together; the platforms take an App.

export interface AppOptions extends ConfigOptions {
  /** Create the database without the bundled timelines (and keep it that way). */
  bare?: boolean;
  log?: Logger;
  now?: () => Date;
}

export interface App {
  config: LoadedConfig;
  store: Store;
  log: Logger;
  now: () => Date;
  /** The commands a tenant has: the built-ins, the operator's topics and its own (default: the operator's). */
  registry(tenant?: string): CommandRegistry;
  context(caller: Caller, page?: number): CommandContext;
  /** Calls the listener when a command changed a tenant's topics or feeds (the platforms update commands, polling wakes). */
  onChange(listener: (what: Change, tenant: string) => void): () => void;
  close(): void;
}

export const DEFAULT_PAGE_SIZE = 10;
/** A tenant's last command is recorded at most this often (owners see it in /dateline tenants). */
const SEEN_EVERY_MS = 10 * 60_000;

export function openApp(options: AppOptions = {}): App {
  const config = loadConfig(options);
  const log = options.log ?? createLogger();
  const now = options.now ?? clockFromEnv(options.env);
  const store = Store.open(config.databasePath);
  prepareDatabase(store, config, Boolean(options.bare), now());
  // Built per tenant on first use, and again whenever the topics changed (here, or in another process: ingest --topic).
  const registries = new Map<string, { version: string; registry: CommandRegistry }>();
  const getRegistry = (tenant: string = OPERATOR): CommandRegistry => {
    const version = store.topics.version();
    const cached = registries.get(tenant);
    if (cached?.version === version) return cached.registry;
    const registry = CommandRegistry.forStore(store, tenant);
    registries.set(tenant, { version, registry });
    return registry;
  };
  const feeds = feedReader({ allowHosts: config.allowHosts, contact: config.contact }, now);
  const changes = new EventEmitter();
  const seen = new Map<string, number>();
  const noteTenant = (caller: Caller, tenant: string) => {
    // Only a person's command marks a tenant as seen (the web serving a published topic does not).
    if (tenant === OPERATOR || caller.userId === null || (seen.get(tenant) ?? -Infinity) > Date.now() - SEEN_EVERY_MS) return;
    seen.set(tenant, Date.now());
    store.tenants.seen(tenant, caller.tenantName ?? null, now());
  };
  return {
    config,
    store,
    log,
    now,
    registry: getRegistry,
    context: (caller, page = 1) => {
      const tenant = caller.tenant ?? OPERATOR;
      noteTenant(caller, tenant);
      const isOwner = tenant === OPERATOR || (caller.userId !== null && config.owners.includes(caller.userId));
      return {
        store, feeds, config, now, caller, tenant, isOwner, page, pageSize: DEFAULT_PAGE_SIZE,
        commands: () => getRegistry(tenant).list(),
        changed: (what, changedTenant) => changes.emit('change', what, changedTenant),
      };
    },
    onChange: (listener) => {
      changes.on('change', listener);
      return () => changes.off('change', listener);
    },
    close: () => store.close(),
  };
}

/** First open: remember whether the database is bare. Every open: sync configured topics, import bundled timelines. */
function prepareDatabase(store: Store, config: LoadedConfig, bare: boolean, now: Date): void {
  if (store.meta('created_at') === undefined) {
    store.transaction(() => {
      store.setMeta('created_at', now.toISOString());
      store.setMeta('bare', bare ? '1' : '0');
    });
  }
  store.transaction(() => {
    for (const topic of config.topics) store.topics.save(topic, now);
  });
  if (store.meta('bare') === '1') return;
  for (const path of bundledDatasetPaths(resolve(PACKAGE_ROOT, 'data'))) {
    importDataset(store, readDataset(path), now);
  }
}

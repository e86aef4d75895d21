import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { loadConfig, PACKAGE_ROOT, type ConfigOptions, type LoadedConfig } from './config/index.js';
import { clockFromEnv } from './core/clock.js';
import { CommandRegistry } from './core/commands/registry.js';
import type { Caller, CommandContext } from './core/commands/types.js';
import { bundledDatasetPaths, importDataset, readDataset } from './core/dataset.js';
import { createLogger } from './log.js';
import { Store } from './store/index.js';

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
  registry(): CommandRegistry;
  context(caller: Caller, page?: number): CommandContext;
  close(): void;
}

export const DEFAULT_PAGE_SIZE = 10;

export function openApp(options: AppOptions = {}): App {
  const config = loadConfig(options);
  const log = options.log ?? createLogger();
  const now = options.now ?? clockFromEnv(options.env);
  const store = Store.open(config.databasePath);
  prepareDatabase(store, config, Boolean(options.bare), now());
  let registry: CommandRegistry | undefined;
  const getRegistry = () => (registry ??= CommandRegistry.forStore(store));
  return {
    config,
    store,
    log,
    now,
    // Built on first use and rebuilt by callers after topics change (ingest --topic can add one).
    registry: getRegistry,
    context: (caller, page = 1) => ({ store, config, now, caller, page, pageSize: DEFAULT_PAGE_SIZE, commands: () => getRegistry().list() }),
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

import { openApp, type App } from '../app.js';

/** Options every CLI command takes. */
export const GLOBAL_OPTIONS = {
  db: { type: 'string' },
  bare: { type: 'boolean' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

export type GlobalValues = { db?: string; bare?: boolean; config?: string };

/** Opens the app the global options name, runs the work, and always closes the database. */
export async function withApp<T>(values: GlobalValues, work: (app: App) => Promise<T> | T): Promise<T> {
  const app = openApp({ dbPath: values.db, bare: values.bare, configPath: values.config });
  try {
    return await work(app);
  } finally {
    app.close();
  }
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openApp, type App, type AppOptions } from '../../src/app.js';

/** An app on a fresh database file in a temporary folder; remove() closes and deletes it. */
export function tempApp(options: AppOptions = {}): App & { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-test-'));
  const app = openApp({ dbPath: join(dir, 'dateline.db'), log: pino({ level: 'silent' }), ...options });
  return Object.assign(app, {
    dir,
    remove() {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

export const fixedClock = (iso: string) => () => new Date(iso);

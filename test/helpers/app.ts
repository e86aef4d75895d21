import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openApp, type App, type AppOptions } from '../../src/app.js';
import { ingestItems, type IngestItem } from '../../src/core/ingest.js';

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

/** A fresh bare app with the items ingested under the topic "millbrook" (the tests' made-up town), removed after fn. */
export function withMillbrook(items: IngestItem[], fn: (app: ReturnType<typeof tempApp>, topicId: number) => void, now = '2024-06-01T00:00:00Z'): void {
  const app = tempApp({ bare: true, now: fixedClock(now) });
  try {
    ingestItems(app.store, items, { topic: 'millbrook', now: app.now() });
    fn(app, app.store.topics.get('millbrook')!.id);
  } finally {
    app.remove();
  }
}

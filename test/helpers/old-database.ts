import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrations } from '../../src/store/migrations.js';
import { Store } from '../../src/store/index.js';

/** A database file as an earlier release left it: the migrations `applied` keeps, applied as it applied them. */
export function oldDatabase(path: string, applied: (id: number) => boolean, at: Date): Database.Database {
  const old = new Database(path);
  old.pragma('foreign_keys = ON');
  old.exec('CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const migration of [...migrations].filter((m) => applied(m.id)).sort((a, b) => a.id - b.id)) {
    old.exec(migration.sql);
    old.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(migration.id, migration.name, at.toISOString());
  }
  return old;
}

/**
 * Fills a database as an earlier release left it (`fill`, after the migrations `applied` keeps), then opens it as
 * this release does, which upgrades it, for `check`. The file is removed afterwards.
 */
export function upgradedStore(applied: (id: number) => boolean, at: Date, fill: (old: Database.Database) => void, check: (store: Store) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-migrate-'));
  try {
    const path = join(dir, 'old.db');
    const old = oldDatabase(path, applied, at);
    fill(old);
    old.close();
    const store = Store.open(path);
    try {
      check(store);
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

import Database from 'better-sqlite3';
import { migrations } from '../../src/store/migrations.js';

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

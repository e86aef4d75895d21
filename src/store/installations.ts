import type { Db } from './db.js';

/** One Slack installation as stored: its key and the sealed (encrypted) installation. */
export interface StoredInstallation {
  key: string;
  teamId: string | null;
  enterpriseId: string | null;
  data: Buffer;
  installedAt: string;
}

/** Slack installations (OAuth, several workspaces in one deployment), kept sealed: the platform code encrypts them. */
export class InstallationStore {
  private readonly upsert;
  private readonly one;
  private readonly remove;
  private readonly count;

  constructor(db: Db) {
    this.upsert = db.prepare(`
      INSERT INTO slack_installations (key, team_id, enterprise_id, data, installed_at) VALUES (@key, @teamId, @enterpriseId, @data, @installedAt)
      ON CONFLICT (key) DO UPDATE SET team_id = excluded.team_id, enterprise_id = excluded.enterprise_id, data = excluded.data, installed_at = excluded.installed_at`);
    this.one = db.prepare<[string], StoredInstallation>(
      'SELECT key, team_id AS teamId, enterprise_id AS enterpriseId, data, installed_at AS installedAt FROM slack_installations WHERE key = ?');
    this.remove = db.prepare('DELETE FROM slack_installations WHERE key = ?');
    this.count = db.prepare<[], number>('SELECT count(*) FROM slack_installations').pluck();
  }

  save(row: StoredInstallation): void {
    this.upsert.run(row);
  }

  get(key: string): StoredInstallation | undefined {
    return this.one.get(key);
  }

  delete(key: string): boolean {
    return this.remove.run(key).changes > 0;
  }

  size(): number {
    return this.count.get()!;
  }
}

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { ConfigError } from '../config/index.js';
import type { Store } from '../store/index.js';

// Bolt's installation store for several workspaces in one deployment (HTTP mode with OAuth): each installation is
// kept in the database, sealed with AES-256-GCM under SLACK_INSTALLATION_KEY, so no token is stored in clear.

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The 32-byte key from SLACK_INSTALLATION_KEY (64 hex digits, or base64); a bad one is a ConfigError naming it. */
export function installationKey(text: string | undefined): Buffer {
  const value = text?.trim() ?? '';
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) {
    throw new ConfigError('SLACK_INSTALLATION_KEY must be 32 random bytes, as 64 hex digits or base64 (e.g. `openssl rand -hex 32`): it encrypts the workspaces\' tokens at rest.');
  }
  return key;
}

export function seal(key: Buffer, plain: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function unseal(key: Buffer, sealed: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}

/** An org-wide install answers for every team of the organisation; a workspace install for its team. */
const keyOf = (query: { isEnterpriseInstall?: boolean; enterpriseId?: string; teamId?: string }): string =>
  query.isEnterpriseInstall && query.enterpriseId ? `enterprise:${query.enterpriseId}` : `team:${query.teamId ?? ''}`;

export class SealedInstallationStore implements InstallationStore {
  constructor(private readonly store: Store, private readonly key: Buffer, private readonly now: () => Date) {}

  async storeInstallation(installation: Installation): Promise<void> {
    const isEnterpriseInstall = Boolean(installation.isEnterpriseInstall);
    this.store.slackInstallations.save({
      key: keyOf({ isEnterpriseInstall, enterpriseId: installation.enterprise?.id, teamId: installation.team?.id }),
      teamId: installation.team?.id ?? null,
      enterpriseId: installation.enterprise?.id ?? null,
      data: seal(this.key, JSON.stringify(installation)),
      installedAt: this.now().toISOString(),
    });
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<'v1' | 'v2', boolean>> {
    const row = this.store.slackInstallations.get(keyOf(query));
    if (!row) throw new Error(`no installation for ${keyOf(query)}`);
    return JSON.parse(unseal(this.key, row.data)) as Installation<'v1' | 'v2', boolean>;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    this.store.slackInstallations.delete(keyOf(query));
  }

  /** The bot token of the workspace (or its organisation's install), or undefined when it is not installed. */
  async botToken(teamId: string): Promise<string | undefined> {
    const row = this.store.slackInstallations.get(`team:${teamId}`);
    if (!row) return undefined;
    return (JSON.parse(unseal(this.key, row.data)) as Installation).bot?.token;
  }
}

import type { App as BoltApp } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Caller } from '../core/commands/types.js';

// Who may manage a channel's settings on Slack: workspace admins and owners, or users listed in SLACK_ADMIN_USER_IDS.

const CACHE_MS = 10 * 60_000;
/** The Web API client retries for a long time; a command answer should not wait on it that long. */
const LOOKUP_TIMEOUT_MS = 2000;
const MISSING = 'Slack workspace admin or owner (or a user listed in SLACK_ADMIN_USER_IDS)';

export class SlackPermissions {
  private readonly cache = new Map<string, { admin: boolean; until: number }>();

  constructor(
    private readonly client: BoltApp['client'],
    private readonly adminUserIds: ReadonlySet<string>,
    private readonly log: Logger,
  ) {}

  async callerFor(channelId: string | undefined, userId: string): Promise<Caller> {
    const canManage = this.adminUserIds.has(userId) || (await this.isWorkspaceAdmin(userId));
    const caller: Caller = { channel: channelId ? `slack:${channelId}` : null, userId, canManage };
    if (!canManage) caller.missingPermission = MISSING;
    return caller;
  }

  /** users.info per user, cached: a command should not cost an API call every time. */
  private async isWorkspaceAdmin(userId: string): Promise<boolean> {
    const cached = this.cache.get(userId);
    if (cached && cached.until > Date.now()) return cached.admin;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`users.info took over ${LOOKUP_TIMEOUT_MS} ms`)), LOOKUP_TIMEOUT_MS);
    });
    const lookup = this.client.users.info({ user: userId });
    lookup.catch(() => undefined); // A late failure after the timeout is already handled below.
    try {
      const { user } = await Promise.race([lookup, timeout]);
      const admin = Boolean(user?.is_admin || user?.is_owner);
      this.cache.set(userId, { admin, until: Date.now() + CACHE_MS });
      return admin;
    } catch (err) {
      this.log.warn({ err, userId }, 'users.info failed; treating the user as not an admin');
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}

import type { App as BoltApp } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Caller } from '../core/commands/types.js';
import type { TargetCheck } from '../core/targets.js';

// Who may manage a channel's settings on Slack: workspace admins and owners, or users listed in SLACK_ADMIN_USER_IDS.

type Client = BoltApp['client'];

const CACHE_MS = 10 * 60_000;
/** The Web API client retries for a long time; a command answer should not wait on it that long. */
const LOOKUP_TIMEOUT_MS = 2000;
const MISSING = 'Slack workspace admin or owner (or a user listed in SLACK_ADMIN_USER_IDS)';

export class SlackPermissions {
  private readonly cache = new Map<string, { admin: boolean; until: number }>();

  constructor(
    private readonly client: Client,
    private readonly adminUserIds: ReadonlySet<string>,
    private readonly log: Logger,
  ) {}

  /**
   * Who asked. The tenant is the workspace (`team_id`, which every request carries; an org-wide install sends several
   * teams, each its own tenant). Workspace admins and owners administer it: topics, feeds, every channel's subscriptions.
   */
  async callerFor(channelId: string | undefined, userId: string, teamId?: string, teamName?: string, client: Client = this.client): Promise<Caller> {
    const canManage = this.adminUserIds.has(userId) || (await this.isWorkspaceAdmin(userId, client, teamId));
    const caller: Caller = {
      tenant: `slack:${teamId ?? 'unknown'}`, tenantName: teamName,
      channel: channelId ? `slack:${channelId}` : null, userId, canManage, isAdmin: canManage, checkTarget: (ref) => this.checkTarget(ref, client),
    };
    if (!canManage) caller.missingPermission = MISSING;
    return caller;
  }

  /**
   * Whether the bot can post in a channel (conversations.info): public channels take posts through
   * chat:write.public; private ones only once the bot is invited; archived ones never.
   */
  async checkTarget(channelRef: string, client: Client = this.client): Promise<TargetCheck> {
    const channel = /^slack:([A-Z0-9]+)$/i.exec(channelRef)?.[1];
    if (!channel) return { ok: false, message: 'That is not a Slack channel.' };
    try {
      const info = (await withTimeout(client.conversations.info({ channel }), 'conversations.info')).channel;
      const name = `#${info?.name ?? channel}`;
      if (info?.is_archived) return { ok: false, message: `${name} is archived; pick an active channel.` };
      if (info?.is_private && !info.is_member) return { ok: false, message: `${name} is private and I am not in it: invite me first (/invite @Dateline), then subscribe again.` };
      return { ok: true, kind: 'channel', name };
    } catch (err) {
      const reason = (err as { data?: { error?: string; needed?: string } }).data;
      if (reason?.error === 'channel_not_found') return { ok: false, message: 'I can\'t see that channel: if it is private, invite me first (/invite @Dateline).' };
      if (reason?.error === 'missing_scope') return { ok: false, message: `The app lacks the ${reason.needed ?? 'channels:read'} scope to check that channel; add it (see config/slack-manifest.yml) and reinstall.` };
      this.log.warn({ err, channel }, 'conversations.info failed; the subscription is saved unchecked');
      return { ok: true, kind: 'channel', name: channel };
    }
  }

  /**
   * users.info per user and workspace, cached: a command should not cost an API call every time, and one person (an
   * Enterprise Grid user id) may be an admin in one workspace and not another.
   */
  private async isWorkspaceAdmin(userId: string, client: Client, teamId?: string): Promise<boolean> {
    const key = `${teamId ?? ''}:${userId}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > Date.now()) return cached.admin;
    try {
      const { user } = await withTimeout(client.users.info({ user: userId }), 'users.info');
      const admin = Boolean(user?.is_admin || user?.is_owner);
      this.cache.set(key, { admin, until: Date.now() + CACHE_MS });
      return admin;
    } catch (err) {
      this.log.warn({ err, userId }, 'users.info failed; treating the user as not an admin');
      return false;
    }
  }
}

/** A Web API call that gives up after LOOKUP_TIMEOUT_MS (a late failure is then ignored). */
async function withTimeout<T>(call: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${LOOKUP_TIMEOUT_MS} ms`)), LOOKUP_TIMEOUT_MS);
  });
  call.catch(() => undefined);
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

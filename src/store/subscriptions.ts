import type { Db } from './db.js';
import { OPERATOR } from './topics.js';

export type DeliveryMode = 'instant' | 'daily' | 'off';
export type FollowupPlace = 'thread' | 'channel';

export interface Subscription {
  id: number;
  /** The channel's tenant; null for a row made before tenancy whose channel's tenant is not known yet. */
  tenant: string | null;
  channelRef: string;
  topicId: number;
  topicName: string;
  mode: DeliveryMode;
  /** 'HH:MM' local time of the daily digest and the on-this-day post. */
  localTime: string;
  timezone: string;
  onThisDay: boolean;
  /** Words of which an alert or digest item must contain one; null for everything. */
  filter: string | null;
  /** The role (Discord) or user group (Slack) id that alerts ping; null for none. Digests never ping. */
  mention: string | null;
  /** The alerts' wording with {placeholders} (core/templates); null for the standard alert. */
  template: string | null;
  /** Where a story's new developments go: the alert's thread, or the channel as posts of their own. */
  followups: FollowupPlace;
  pausedReason: string | null;
  lastDigestAt: string | null;
  createdBy: string | null;
  createdAt: string;
}

export interface SubscriptionSettings {
  mode: DeliveryMode;
  localTime: string;
  timezone: string;
  onThisDay: boolean;
  filter: string | null;
  /** Absent: none. */
  mention?: string | null;
  template?: string | null;
  /** Absent: in the alert's thread. */
  followups?: FollowupPlace;
}

interface Row {
  id: number;
  tenant: string | null;
  channel_ref: string;
  topic_id: number;
  topic_name: string;
  mode: DeliveryMode;
  local_time: string;
  timezone: string;
  on_this_day: number;
  filter: string | null;
  mention: string | null;
  template: string | null;
  followups: FollowupPlace | null;
  paused_reason: string | null;
  last_digest_at: string | null;
  created_by: string | null;
  created_at: string;
}

const fromRow = (row: Row): Subscription => ({
  id: row.id,
  tenant: row.tenant,
  channelRef: row.channel_ref,
  topicId: row.topic_id,
  topicName: row.topic_name,
  mode: row.mode,
  localTime: row.local_time,
  timezone: row.timezone,
  onThisDay: row.on_this_day === 1,
  filter: row.filter,
  mention: row.mention,
  template: row.template,
  followups: row.followups ?? 'thread',
  pausedReason: row.paused_reason,
  lastDigestAt: row.last_digest_at,
  createdBy: row.created_by,
  createdAt: row.created_at,
});

const SELECT = `SELECT s.*, t.name AS topic_name FROM subscriptions s JOIN topics t ON t.id = s.topic_id`;

export class SubscriptionStore {
  private readonly one;
  private readonly forChannel;
  private readonly every;
  private readonly ofTenantRows;
  private readonly claim;
  private readonly claimPrefix;
  private readonly claimPosts;
  private readonly claimPostsPrefix;
  private readonly forTopicInstant;
  private readonly upsert;
  private readonly remove;
  private readonly channelOwner;
  private readonly pauseChannel;
  private readonly digestAt;

  constructor(db: Db) {
    this.one = db.prepare<[string, number], Row>(`${SELECT} WHERE s.channel_ref = ? AND s.topic_id = ?`);
    this.forChannel = db.prepare<[string], Row>(`${SELECT} WHERE s.channel_ref = ? ORDER BY t.name`);
    this.every = db.prepare<[], Row>(`${SELECT} ORDER BY s.channel_ref, t.name`);
    this.ofTenantRows = db.prepare<[string], Row>(`${SELECT} WHERE s.tenant = ? ORDER BY s.channel_ref, t.name`);
    this.claim = db.prepare('UPDATE subscriptions SET tenant = ? WHERE tenant IS NULL AND channel_ref = ?');
    this.claimPrefix = db.prepare(`UPDATE subscriptions SET tenant = ? WHERE tenant IS NULL AND substr(channel_ref, 1, length(?)) = ?`);
    // The channel's posts (and posts decided against, keyed '<channel>|…') go with its subscriptions.
    // The channel's queued and sent posts, and the posts decided against (keyed '<channel>|…'), go with its subscriptions.
    const posts = db.prepare<{ tenant: string; ref: string }>(`UPDATE outbox SET tenant = @tenant WHERE tenant IS NULL AND channel_ref = @ref
      AND NOT EXISTS (SELECT 1 FROM subscriptions WHERE channel_ref = @ref AND tenant IS NOT NULL AND tenant != @tenant)`);
    const skips = db.prepare<{ tenant: string; ref: string }>(`UPDATE outbox_skips SET tenant = @tenant WHERE tenant IS NULL AND substr(key, 1, length(@ref) + 1) = @ref || '|'
      AND NOT EXISTS (SELECT 1 FROM subscriptions WHERE channel_ref = @ref AND tenant IS NOT NULL AND tenant != @tenant)`);
    this.claimPosts = (tenant: string, ref: string) => { posts.run({ tenant, ref }); skips.run({ tenant, ref }); };
    const postsOn = db.prepare<{ tenant: string; prefix: string }>('UPDATE outbox SET tenant = @tenant WHERE tenant IS NULL AND substr(channel_ref, 1, length(@prefix)) = @prefix');
    const skipsOn = db.prepare<{ tenant: string; prefix: string }>('UPDATE outbox_skips SET tenant = @tenant WHERE tenant IS NULL AND substr(key, 1, length(@prefix)) = @prefix');
    this.claimPostsPrefix = (tenant: string, prefix: string) => { postsOn.run({ tenant, prefix }); skipsOn.run({ tenant, prefix }); };
    this.forTopicInstant = db.prepare<[number], Row>(
      `${SELECT} WHERE s.topic_id = ? AND s.mode = 'instant' AND s.paused_reason IS NULL ORDER BY s.id`);
    this.upsert = db.prepare(`
      INSERT INTO subscriptions (tenant, channel_ref, topic_id, mode, local_time, timezone, on_this_day, filter, mention, template, followups, created_by, created_at)
      SELECT @tenant, @channelRef, @topicId, @mode, @localTime, @timezone, @onThisDay, @filter, @mention, @template, @followups, @createdBy, @now
      FROM topics WHERE id = @topicId AND tenant IN (@tenant, '${OPERATOR}')
        AND NOT EXISTS (SELECT 1 FROM subscriptions o WHERE o.channel_ref = @channelRef AND o.tenant IS NOT NULL AND o.tenant != @tenant)
      ON CONFLICT (channel_ref, topic_id) DO UPDATE SET tenant = excluded.tenant, mode = excluded.mode, local_time = excluded.local_time,
        timezone = excluded.timezone, on_this_day = excluded.on_this_day, filter = excluded.filter,
        mention = excluded.mention, template = excluded.template, followups = excluded.followups, paused_reason = NULL
      WHERE subscriptions.tenant IS NULL OR subscriptions.tenant = excluded.tenant`);
    this.remove = db.prepare('DELETE FROM subscriptions WHERE channel_ref = ? AND topic_id = ? AND tenant = ?');
    this.channelOwner = db.prepare<[string], string>('SELECT tenant FROM subscriptions WHERE channel_ref = ? AND tenant IS NOT NULL LIMIT 1').pluck();
    this.pauseChannel = db.prepare('UPDATE subscriptions SET paused_reason = ? WHERE channel_ref = ? AND paused_reason IS NULL');
    this.digestAt = db.prepare('UPDATE subscriptions SET last_digest_at = ? WHERE id = ?');
  }

  get(channelRef: string, topicId: number): Subscription | undefined {
    const row = this.one.get(channelRef, topicId);
    return row && fromRow(row);
  }

  forChannelRef(channelRef: string): Subscription[] {
    return this.forChannel.all(channelRef).map(fromRow);
  }

  /** Every tenant's subscriptions: for the scheduler, which serves all of them; callers see ofTenant's. */
  all(): Subscription[] {
    return this.every.all().map(fromRow);
  }

  /** The subscriptions of the tenant's channels. */
  ofTenant(tenant: string): Subscription[] {
    return this.ofTenantRows.all(tenant).map(fromRow);
  }

  /** Gives every row made before tenancy on a platform (`slack:`) to one tenant: a single-workspace install's. */
  claimPlatform(tenant: string, refPrefix: string): number {
    this.claimPostsPrefix(tenant, refPrefix);
    return this.claimPrefix.run(tenant, refPrefix, refPrefix).changes;
  }

  /** Gives rows made before tenancy to their channel's tenant, once a platform tells whose channels these are. */
  claimChannels(tenant: string, channelRefs: string[]): number {
    let claimed = 0;
    for (const ref of channelRefs) {
      this.claimPosts(tenant, ref);
      claimed += this.claim.run(tenant, ref).changes;
    }
    return claimed;
  }

  /** Active instant subscribers of a topic: who gets an alert for a new story. */
  instantFor(topicId: number): Subscription[] {
    return this.forTopicInstant.all(topicId).map(fromRow);
  }

  /**
   * Creates or replaces the channel's subscription to the topic; saving again also lifts a pause. The topic must be
   * the tenant's own or the operator's, and the channel not another tenant's: anything else is refused with an error
   * (commands check both first, and answer in words).
   */
  save(channelRef: string, topicId: number, settings: SubscriptionSettings, createdBy: string | null, now: Date, tenant: string = OPERATOR): Subscription {
    const { changes } = this.upsert.run({
      tenant, channelRef, topicId, createdBy, now: now.toISOString(),
      mode: settings.mode, localTime: settings.localTime, timezone: settings.timezone,
      onThisDay: settings.onThisDay ? 1 : 0, filter: settings.filter, mention: settings.mention ?? null, template: settings.template ?? null,
      followups: settings.followups ?? 'thread',
    });
    if (changes === 0) throw new Error('no such topic for this tenant');
    return this.get(channelRef, topicId)!;
  }

  /** Ends the tenant's channel's subscription to the topic; another tenant's is left alone. */
  delete(channelRef: string, topicId: number, tenant: string = OPERATOR): boolean {
    return this.remove.run(channelRef, topicId, tenant).changes > 0;
  }

  /** The tenant a channel's subscriptions belong to, if it has any whose tenant is known. */
  tenantOfChannel(channelRef: string): string | undefined {
    return this.channelOwner.get(channelRef);
  }

  /** Pauses every subscription of a channel the bot can no longer post to. */
  pause(channelRef: string, reason: string): number {
    return this.pauseChannel.run(reason, channelRef).changes;
  }

  markDigest(id: number, at: Date): void {
    this.digestAt.run(at.toISOString(), id);
  }
}

import type { DeliveryMode, FollowupPlace, Subscription, SubscriptionSettings, Topic } from '../../../store/index.js';
import { isoDay } from '../../dates.js';
import { errorReply, textReply, type Reply } from '../../reply.js';
import { checkLocalTime, checkTimeZone } from '../../schedule/localtime.js';
import { describeMention, readMention } from '../../mentions.js';
import { readTarget, type TargetKind } from '../../targets.js';
import { applyTemplate, checkTemplate } from '../../templates/index.js';
import { toReplyItems } from '../../timeline.js';
import type { Caller, CommandContext, CommandInput, Subcommand } from '../types.js';
import { requireTopic } from './options.js';

const MODES: DeliveryMode[] = ['instant', 'daily', 'off'];
const FOLLOWUPS: FollowupPlace[] = ['thread', 'channel'];
const MAX_FILTER = 200;

/** Changing subscriptions needs the right to manage the channel; the refusal names what is missing. */
export function refuseUnlessManager(caller: Caller, action: string, readInstead: string): Reply | undefined {
  if (caller.canManage) return undefined;
  return errorReply(
    `You can't ${action} here`,
    `Only members who can manage this channel may ${action}: you need ${caller.missingPermission ?? 'permission to manage this channel'}. Everyone may read ${readInstead}.`,
  );
}

/**
 * The channel and topic a subscription change is about (this channel, or the one target: names), once the
 * caller may change it; else the refusal.
 */
function subscriptionTarget(input: CommandInput, context: CommandContext): { channel: string; topic: Topic } | { reply: Reply } {
  const refused = refuseUnlessManager(context.caller, 'change subscriptions', '/dateline subscriptions');
  if (refused) return { reply: refused };
  const here = requireChannel(context.caller);
  if (typeof here !== 'string') return { reply: here };
  let channel = here;
  if (input.options.target !== undefined) {
    const target = readTarget(input.options.target, here);
    if (!target.ok) return { reply: errorReply('Which channel?', `${target.message}\nNothing was changed.`) };
    channel = target.channelRef;
  }
  // A channel belongs to one server or workspace; another's is answered as if unknown.
  const owner = context.store.subscriptions.tenantOfChannel(channel);
  if (owner !== undefined && owner !== context.tenant) {
    return { reply: errorReply('Which channel?', 'I can\'t find that channel here. Nothing was changed.') };
  }
  // A channel subscribed before tenancy is the caller's tenant's: the caller is in its server or workspace.
  context.store.subscriptions.claimChannels(context.tenant, [here]);
  const found = requireTopic(input, context);
  return 'reply' in found ? found : { channel, topic: found.topic };
}

/** Where the subscription posts, in words: this channel, or the target by the name the platform gave. */
const placeOf = (channel: string, context: CommandContext, checked?: { kind: TargetKind; name: string }) =>
  channel === context.caller.channel ? 'this channel' : checked ? `the ${checked.kind === 'channel' ? 'channel' : checked.kind} ${checked.name}` : channel;

function requireChannel(caller: Caller): string | Reply {
  return caller.channel ?? errorReply('No channel', 'Subscriptions belong to a channel; run this in one (or pass --channel console:NAME on the CLI).');
}

export function describeSubscription(sub: Subscription): string {
  const parts = [
    `/${sub.topicName}: ${sub.mode === 'off' ? 'no alerts or digest' : sub.mode === 'instant' ? 'instant alerts' : `daily digest at ${sub.localTime}`}`,
    `on this day ${sub.onThisDay ? `on, at ${sub.localTime}` : 'off'}`,
    sub.timezone,
  ];
  if (sub.filter) parts.push(`filter "${sub.filter}"`);
  if (sub.mention) parts.push(`alerts ping ${describeMention(sub.mention, sub.channelRef)}`);
  if (sub.template) parts.push(`alert template "${sub.template}"`);
  if (sub.mode === 'instant') parts.push(sub.followups === 'thread' ? 'story updates in the alert\'s thread' : 'story updates as new posts');
  if (sub.pausedReason) parts.push(`PAUSED: ${sub.pausedReason}`);
  return parts.join(' · ');
}

function parseSettings(input: CommandInput, existing: Subscription | undefined, caller: Caller, channel: string): { ok: true; value: SubscriptionSettings } | { ok: false; reply: Reply } {
  const o = input.options;
  const problems: string[] = [];
  let mode = existing?.mode ?? 'daily';
  if (o.mode !== undefined) {
    const wanted = o.mode.trim().toLowerCase() as DeliveryMode;
    if (MODES.includes(wanted)) mode = wanted;
    else problems.push(`mode takes ${MODES.join(', ')}: for example mode: instant.`);
  }
  let localTime = existing?.localTime ?? '09:00';
  if (o.time !== undefined) {
    const checked = checkLocalTime(o.time);
    if (checked.ok) localTime = checked.time;
    else problems.push(checked.message);
  }
  let timezone = existing?.timezone ?? defaultZone(caller);
  if (o.timezone !== undefined) {
    const checked = checkTimeZone(o.timezone);
    if (checked.ok) timezone = checked.zone;
    else problems.push(checked.message);
  }
  let onThisDay = existing?.onThisDay ?? true;
  if (o.onthisday !== undefined) {
    const value = o.onthisday.trim().toLowerCase();
    if (['on', 'yes', 'true'].includes(value)) onThisDay = true;
    else if (['off', 'no', 'false'].includes(value)) onThisDay = false;
    else problems.push('onthisday takes on or off: for example onthisday: off.');
  }
  let filter = existing?.filter ?? null;
  if (o.filter !== undefined) {
    const words = o.filter.trim();
    if (words.length > MAX_FILTER) problems.push(`filter is limited to ${MAX_FILTER} characters.`);
    filter = words === '' || words.toLowerCase() === 'none' ? null : words;
  }
  let mention = existing?.mention ?? null;
  if (o.mention !== undefined) {
    const read = readMention(o.mention, channel);
    if (read.ok) mention = read.id;
    else problems.push(read.message);
  }
  let template = existing?.template ?? null;
  if (o.template !== undefined) {
    if (['off', 'none'].includes(o.template.trim().toLowerCase())) template = null;
    else {
      const checked = checkTemplate(o.template);
      if (checked.ok) template = checked.template;
      else problems.push(`template: ${checked.message}`);
    }
  }
  let followups = existing?.followups ?? 'thread';
  if (o.followups !== undefined) {
    const wanted = o.followups.trim().toLowerCase() as FollowupPlace;
    if (FOLLOWUPS.includes(wanted)) followups = wanted;
    else problems.push(`followups takes ${FOLLOWUPS.join(' or ')}: for example followups: channel.`);
  }
  if (problems.length > 0) {
    return { ok: false, reply: errorReply('That subscription has a problem', `${problems.join('\n')}\nNothing was changed.`) };
  }
  return { ok: true, value: { mode, localTime, timezone, onThisDay, filter, mention, template, followups } };
}

function defaultZone(caller: Caller): string {
  if (!caller.timezone) return 'UTC';
  const checked = checkTimeZone(caller.timezone);
  return checked.ok ? checked.zone : 'UTC';
}

/** The template filled in from the topic's latest event (as `latest` finds it), so its author sees what alerts will say. */
function templatePreview(template: string, topic: Topic, context: CommandContext): string {
  const newest = context.store.events.page(context.tenant, { topicId: topic.id, newestFirst: true, limit: 1 }).events;
  const item = toReplyItems(context.store, context.tenant, newest)[0]
    ?? { date: isoDay(context.now()), precision: 'day' as const, summary: 'A headline from a new story', sources: [{ title: 'An outlet\'s report', url: 'https://example.org/story', published: null }] };
  const shown = applyTemplate({ title: '', items: [item] }, template, topic.title).text ?? '';
  return `Preview of an alert:\n${shown}`;
}

export const subscribeSubcommand: Subcommand = {
  spec: {
    name: 'subscribe',
    description: 'Subscribe this channel to a topic (or change its subscription)',
    options: [
      { name: 'topic', description: 'The topic', required: true, autocomplete: true },
      { name: 'target', description: 'Post in this channel, thread or forum instead of here (forums: a post per story)', kind: 'channel' },
      { name: 'mode', description: 'instant alerts, a daily digest, or off', choices: MODES },
      { name: 'time', description: 'Local time of the digest and on-this-day post, HH:MM (default 09:00)' },
      { name: 'timezone', description: 'IANA time zone, e.g. Europe/London (default: the server\'s, else UTC)' },
      { name: 'onthisday', description: 'Post anniversaries at the local time', choices: ['on', 'off'] },
      { name: 'filter', description: 'Only items with one of these words' },
      { name: 'mention', description: 'A role (Slack: user group) that alerts ping; never digests. off to stop', kind: 'role' },
      { name: 'template', description: 'Alert wording with {title} {date} {summary} {sources} {topic} {link}; off for the standard' },
      { name: 'followups', description: 'A story\'s new developments: in the alert\'s thread, or as new posts in the channel', choices: FOLLOWUPS },
    ],
  },
  run: async (input, context) => {
    const target = subscriptionTarget(input, context);
    if ('reply' in target) return target.reply;
    const { channel, topic } = target;
    const existing = context.store.subscriptions.get(channel, topic.id);
    const settings = parseSettings(input, existing, context.caller, channel);
    if (!settings.ok) return settings.reply;
    // The bot must be able to post there before anything is saved; the refusal names what is missing.
    const checked = context.caller.checkTarget ? await context.caller.checkTarget(channel) : undefined;
    if (checked && !checked.ok) return errorReply('I can\'t post there', `${checked.message}\nNothing was changed.`);
    const saved = context.store.subscriptions.save(channel, topic.id, settings.value, context.caller.userId, context.now(), context.tenant);
    const verb = existing ? (existing.pausedReason ? 'Updated and resumed' : 'Updated') : 'Subscribed';
    const preview = saved.template && input.options.template !== undefined ? `\n\n${templatePreview(saved.template, topic, context)}` : '';
    const forum = checked?.ok && checked.kind === 'forum' ? '\nIn a forum, each story gets its own post.' : '';
    return textReply(`${verb}: /${topic.name} in ${placeOf(channel, context, checked?.ok ? checked : undefined)}`, `${describeSubscription(saved)}${forum}${preview}`);
  },
};

export const unsubscribeSubcommand: Subcommand = {
  spec: {
    name: 'unsubscribe',
    description: 'Stop this channel\'s subscription to a topic',
    options: [
      { name: 'topic', description: 'The topic', required: true, autocomplete: true },
      { name: 'target', description: 'The channel, thread or forum subscribed, if not this one', kind: 'channel' },
    ],
  },
  run: (input, context) => {
    const target = subscriptionTarget(input, context);
    if ('reply' in target) return target.reply;
    const { channel, topic } = target;
    if (!context.store.subscriptions.delete(channel, topic.id, context.tenant)) {
      return textReply(`Not subscribed to /${topic.name}`, `There was no subscription to that topic in ${placeOf(channel, context)}; nothing changed.`);
    }
    return textReply(`Unsubscribed from /${topic.name}`, `No more alerts, digests or anniversaries for it in ${placeOf(channel, context)}.`);
  },
};

export const subscriptionsSubcommand: Subcommand = {
  spec: {
    name: 'subscriptions',
    description: 'This channel\'s subscriptions (add "all" for every channel; admins only)',
    options: [{ name: 'scope', description: 'all: every channel (admins)', choices: ['all'] }],
  },
  run: (input: CommandInput, context: CommandContext) => {
    const all = (input.options.scope ?? input.text).trim().toLowerCase() === 'all';
    if (all) {
      if (!(context.caller.isAdmin ?? context.caller.canManage)) {
        return errorReply('Only admins see every channel', `You need ${context.caller.missingPermission ?? 'admin rights'} to list all channels' subscriptions. /dateline subscriptions shows this channel's.`);
      }
      const subs = context.store.subscriptions.ofTenant(context.tenant);
      if (subs.length === 0) return textReply('Subscriptions: all channels', 'No channel is subscribed to anything yet.');
      return textReply('Subscriptions: all channels', subs.map((s) => `${s.channelRef} ${describeSubscription(s)}`).join('\n'));
    }
    const channel = requireChannel(context.caller);
    if (typeof channel !== 'string') return channel;
    const subs = context.store.subscriptions.forChannelRef(channel);
    if (subs.length === 0) return textReply('Subscriptions: this channel', 'None yet. Try /dateline subscribe topic:<name>.');
    return textReply('Subscriptions: this channel', subs.map(describeSubscription).join('\n'));
  },
};

import { ChannelType, PermissionFlagsBits, type ApplicationCommandOptionAllowedChannelType, type Client, type ForumChannel, type MediaChannel } from 'discord.js';
import { clip } from '../core/clip.js';
import type { Reply } from '../core/reply.js';
import type { TargetCheck } from '../core/targets.js';
import { deliveryRow, renderReply } from './render.js';

// Where subscriptions post on Discord: a text channel, a thread, or a forum (one post per story). Checked when
// subscribing, so a missing permission is named then rather than found by a failing alert.

const THREAD_NAME_MAX = 100;

export function isForum(channel: { type: ChannelType }): channel is ForumChannel | MediaChannel {
  return channel.type === ChannelType.GuildForum || channel.type === ChannelType.GuildMedia;
}

/** The kinds of channel a subscription's target: picker offers. */
export const TARGET_CHANNEL_TYPES: ApplicationCommandOptionAllowedChannelType[] = [
  ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.GuildForum, ChannelType.GuildMedia,
  ChannelType.PublicThread, ChannelType.PrivateThread, ChannelType.AnnouncementThread,
];

/** Whether the bot can post where the subscription would deliver, or a message naming what is missing. */
export async function checkDiscordTarget(client: Client, guildId: string | null, channelRef: string): Promise<TargetCheck> {
  const id = /^discord:(\d+)$/.exec(channelRef)?.[1];
  if (!id) return { ok: false, message: 'That is not a Discord channel.' };
  const channel = await client.channels.fetch(id).catch(() => null);
  if (!channel || channel.isDMBased()) return { ok: false, message: 'I can\'t see that channel: I need the View Channel permission there.' };
  if (guildId && channel.guildId !== guildId) return { ok: false, message: 'That channel is in another server; subscribe from a channel of that server.' };
  const kind = channel.isThread() ? 'thread' : isForum(channel) ? 'forum' : 'channel';
  if (kind === 'channel' && !channel.isSendable()) return { ok: false, message: `#${channel.name} does not take messages; pick a text channel, a thread or a forum.` };
  if (channel.isThread() && channel.locked) return { ok: false, message: `The thread ${channel.name} is locked; pick an open thread or its channel.` };
  const me = channel.guild.members.me ?? await channel.guild.members.fetchMe();
  const granted = channel.permissionsFor(me);
  const needed: [bigint, string][] = [
    [PermissionFlagsBits.ViewChannel, 'View Channel'],
    kind === 'thread' ? [PermissionFlagsBits.SendMessagesInThreads, 'Send Messages in Threads']
      : [PermissionFlagsBits.SendMessages, kind === 'forum' ? 'Send Messages (it creates the forum posts)' : 'Send Messages'],
    [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
  ];
  const missing = needed.filter(([bit]) => !granted.has(bit)).map(([, name]) => name);
  const name = kind === 'channel' ? `#${channel.name}` : channel.name;
  if (missing.length > 0) {
    return {
      ok: false,
      message: `I am missing ${missing.join(' and ')} in ${name}. Give Dateline's role ${missing.length === 1 ? 'that permission' : 'those permissions'} there (Edit Channel → Permissions), then subscribe again.`,
    };
  }
  return { ok: true, kind, name };
}

/**
 * A message to a forum: a new post, named after the story (or the message's title), opened by the message. Forum
 * posts take no nonce: the delivery tag rides in the opening message's button, for the in-doubt check.
 */
export async function postToForum(forum: ForumChannel | MediaChannel, reply: Reply, tag?: string): Promise<string> {
  const name = clip(reply.items.length === 1 ? reply.items[0]!.summary : reply.title, THREAD_NAME_MAX);
  const message = renderReply(reply);
  const components = tag ? [...message.components, deliveryRow(tag, reply.more)] : message.components;
  const post = await forum.threads.create({ name, message: { ...message, components } });
  return post.id;
}

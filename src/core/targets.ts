// Where a subscription posts: the channel the command runs in, or another one named by target:, which may be
// a thread or a forum (Discord) or any channel the bot can post to (Slack).

/** The kind of place a subscription posts into: forums get one post per story. */
export type TargetKind = 'channel' | 'thread' | 'forum';

export type TargetCheck = { ok: true; kind: TargetKind; name: string } | { ok: false; message: string };

/** Reads target:<channel> for the platform of the channel it is typed in: a channel ref, or why not. */
export function readTarget(raw: string, callerChannel: string): { ok: true; channelRef: string } | { ok: false; message: string } {
  const value = raw.trim();
  const platform = callerChannel.split(':', 1)[0];
  if (platform === 'discord') {
    const id = /^(?:<#(\d{17,20})>|(\d{17,20}))$/.exec(value);
    if (id) return { ok: true, channelRef: `discord:${id[1] ?? id[2]}` };
    return { ok: false, message: 'target takes a channel, thread or forum: pick one from the list (target:#news).' };
  }
  if (platform === 'slack') {
    const id = /^(?:<#([CG][A-Z0-9]+)(?:\|[^>]*)?>|([CG][A-Z0-9]{6,}))$/.exec(value);
    if (id) return { ok: true, channelRef: `slack:${id[1] ?? id[2]}` };
    return { ok: false, message: 'target takes a channel: type it as #channel-name so Slack links it (target:#news).' };
  }
  const name = /^(?:console:)?([\w-]{1,80})$/.exec(value);
  if (name) return { ok: true, channelRef: `console:${name[1]}` };
  return { ok: false, message: 'target takes a console channel name, for example target:news.' };
}

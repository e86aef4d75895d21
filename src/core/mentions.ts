// Role mentions, opt-in per subscription: a Discord role or a Slack user group that alerts ping. Only that id
// can ping: platforms allow exactly it, and every other @ in a message stays inert.

export type MentionResult = { ok: true; id: string | null } | { ok: false; message: string };

const OFF = new Set(['off', 'none', 'no']);
const EVERYONE = /^@?(everyone|here|channel)$|^<!(everyone|here|channel)(\|[^>]*)?>$/i;

/** Reads mention:<value> for the platform of the channel it is set in: the id to store, null to stop pinging. */
export function readMention(raw: string, channelRef: string): MentionResult {
  const value = raw.trim();
  if (OFF.has(value.toLowerCase())) return { ok: true, id: null };
  if (EVERYONE.test(value)) return { ok: false, message: 'Alerts ping one role or group, never @everyone, @here or the whole channel: pick a role, for example mention:@news.' };
  const platform = channelRef.split(':', 1)[0];
  if (platform === 'discord') {
    const id = /^(?:<@&(\d{17,20})>|(\d{17,20}))$/.exec(value);
    if (id) return { ok: true, id: id[1] ?? id[2]! };
    return { ok: false, message: 'mention takes a role: pick one from the list (mention:@news), or mention:off to stop pinging.' };
  }
  if (platform === 'slack') {
    const id = /^(?:<!subteam\^(S[A-Z0-9]+)(?:\|[^>]*)?>|(S[A-Z0-9]{6,}))$/.exec(value);
    if (id) return { ok: true, id: id[1] ?? id[2]! };
    return { ok: false, message: 'mention takes a user group: type it as @group-name so Slack links it (mention:@oncall), or mention:off to stop pinging.' };
  }
  const name = /^@?([\p{L}\p{N}_.-]{1,80})$/u.exec(value);
  if (name) return { ok: true, id: name[1]! };
  return { ok: false, message: 'mention takes a role name, for example mention:@news, or mention:off.' };
}

/** How a stored mention reads in a subscription's description (as words: a description never pings). */
export function describeMention(id: string, channelRef: string): string {
  switch (channelRef.split(':', 1)[0]) {
    case 'discord': return `role ${id}`;
    case 'slack': return `user group ${id}`;
    default: return `@${id}`;
  }
}

import { errorReply, textReply } from '../../reply.js';
import type { Subcommand } from '../types.js';

// /dateline tenants: for the bot's owners, every server and workspace it serves and what each uses.

export const tenantsSubcommand: Subcommand = {
  spec: { name: 'tenants', description: 'Every server and workspace this bot serves, and its usage (owners only)', options: [] },
  run: (_input, context) => {
    if (!context.isOwner) {
      return errorReply('Only the bot\'s owners list tenants', 'This lists every server and workspace the bot serves; it is for the people who run the bot (DATELINE_OWNERS).');
    }
    const rows = context.store.tenants.usage();
    const lines = rows.map((row) => [
      `${row.id}${row.name ? ` (${row.name})` : ''}: ${row.topics} topics, ${row.feeds} feeds, ${row.subscriptions} subscriptions, ${row.events} events`,
      row.lastSeen ? `last command ${row.lastSeen}` : undefined,
      row.leftAt ? `LEFT ${row.leftAt}: removed ${context.config.tenancy.removeAfterDays} days after` : undefined,
    ].filter(Boolean).join(' · '));
    return textReply(`Tenants: ${rows.length}`, lines.join('\n') || 'None yet.');
  },
};

import {
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type BaseInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type GuildMemberRoleManager,
  type Interaction,
} from 'discord.js';
import type { App } from '../app.js';
import { runCommandInput, runCommandLine } from '../core/commands/run.js';
import type { Caller, CommandInput } from '../core/commands/types.js';
import type { Reply } from '../core/reply.js';
import { decodeDeliveryId, decodePageId, renderReply } from './render.js';
import { checkDiscordTarget } from './targets.js';

// Turns Discord interactions into core commands, and core replies back into interaction responses.

/** Discord drops an interaction not answered within 3 s; past this we defer and edit later. */
export const DEFER_AFTER_MS = 1500;
const SUGGESTIONS_MAX = 25;
const CHOICE_MAX = 100;
const MANAGE = 'Manage Channels or Manage Server';
const ADMIN = 'Manage Server, or a role the bot\'s operator named';

/** Where a command comes from, beyond the member's permission bits: the server, and the member's roles. */
export interface DiscordPlace {
  guildId: string | null;
  guildName?: string;
  /** The member's roles: ids, and names where the guild is cached. */
  roles: { id: string; name?: string }[];
  /** Roles (ids or names) the operator named as topic admins (tenancy.adminRoles). */
  adminRoles: readonly string[];
}

export function callerOfInteraction(interaction: BaseInteraction, adminRoles: readonly string[]): Caller {
  const member = interaction.member;
  const ids = !member ? [] : Array.isArray(member.roles) ? member.roles as string[] : [...(member.roles as GuildMemberRoleManager).cache.keys()];
  const roles = ids.map((id) => ({ id, name: interaction.guild?.roles.cache.get(id)?.name }));
  return callerFrom(interaction.channelId, interaction.user.id, interaction.memberPermissions?.bitfield ?? null,
    { guildId: interaction.guildId, guildName: interaction.guild?.name, roles, adminRoles });
}

/**
 * Who asked, from the channel, the user and the member's permission bits (null outside a server). The tenant is the
 * server; its admins (topics, feeds, every channel's subscriptions) have Manage Server or a role from the configuration.
 */
export function callerFrom(channelId: string | null, userId: string, permissions: bigint | null, place: DiscordPlace): Caller {
  const canManage = permissions !== null && (permissions & (PermissionFlagsBits.ManageChannels | PermissionFlagsBits.ManageGuild)) !== 0n;
  const byRole = place.roles.some((role) => place.adminRoles.includes(role.id) || (role.name !== undefined && place.adminRoles.includes(role.name)));
  const isAdmin = place.guildId !== null && ((permissions !== null && (permissions & PermissionFlagsBits.ManageGuild) !== 0n) || byRole);
  const caller: Caller = {
    tenant: place.guildId ? `discord:${place.guildId}` : 'discord:@me',
    tenantName: place.guildName,
    channel: channelId ? `discord:${channelId}` : null,
    userId,
    canManage: canManage || isAdmin,
    isAdmin,
  };
  if (!caller.canManage) caller.missingPermission = permissions !== null ? `${MANAGE} (for topics and feeds: ${ADMIN})` : `${MANAGE} (only in a server)`;
  else if (!isAdmin) caller.missingPermission = ADMIN;
  return caller;
}

export function inputOf(interaction: ChatInputCommandInteraction): CommandInput {
  const subcommand = interaction.options.getSubcommand(false) ?? undefined;
  const given = subcommand ? interaction.options.data[0]?.options ?? [] : interaction.options.data;
  const options: Record<string, string> = {};
  for (const option of given) if (option.value !== undefined) options[option.name] = String(option.value);
  return { name: interaction.commandName, subcommand, options, text: '' };
}

/** Autocomplete choices for a partly typed option, from the core command. */
export function suggestions(app: App, commandName: string, option: string, partial: string, caller: Caller): { name: string; value: string }[] {
  const values = app.registry(caller.tenant).get(commandName)?.suggest?.(option, partial, app.context(caller)) ?? [];
  return values.slice(0, SUGGESTIONS_MAX).map((value) => ({ name: value.slice(0, CHOICE_MAX), value: value.slice(0, CHOICE_MAX) }));
}

const LATE = Symbol('late');

/** Waits for the work; if it is slow, runs `defer` first so Discord keeps the interaction open. */
export async function deferIfSlow(work: Promise<Reply>, defer: () => Promise<unknown>): Promise<Reply> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof LATE>((resolve) => { timer = setTimeout(() => resolve(LATE), DEFER_AFTER_MS); });
  const first = await Promise.race([work, late]);
  clearTimeout(timer);
  if (first !== LATE) return first;
  await defer();
  return work;
}

export function interactionHandler(app: App): (interaction: Interaction) => Promise<void> {
  const callerOf = (interaction: BaseInteraction) => callerOfInteraction(interaction, app.config.tenancy.adminRoles);
  async function command(interaction: ChatInputCommandInteraction): Promise<void> {
    const caller: Caller = { ...callerOf(interaction), checkTarget: (channelRef) => checkDiscordTarget(interaction.client, interaction.guildId, channelRef) };
    const context = app.context(caller);
    const reply = await deferIfSlow(runCommandInput(inputOf(interaction), app.registry(caller.tenant), context, app.log), () => interaction.deferReply());
    const message = renderReply(reply);
    if (!interaction.deferred) {
      await interaction.reply({ ...message, flags: reply.error ? MessageFlags.Ephemeral : undefined });
    } else if (!reply.error) {
      await interaction.editReply(message);
    } else {
      // A deferred reply is already public; swap it for a message only the asker sees.
      await interaction.deleteReply();
      await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral });
    }
  }

  async function page(interaction: ButtonInteraction): Promise<void> {
    const state = decodePageId(interaction.customId);
    if (!state) return;
    const caller = callerOf(interaction);
    const context = app.context(caller, state.page);
    const reply = await deferIfSlow(runCommandLine(state.command, app.registry(caller.tenant), context, app.log), () => interaction.deferUpdate());
    const message = renderReply(reply);
    if (reply.error) {
      // An error goes to the presser alone; the paged message stays as it was.
      const ephemeral = { ...message, flags: MessageFlags.Ephemeral } as const;
      await (interaction.deferred ? interaction.followUp(ephemeral) : interaction.reply(ephemeral));
    } else {
      await (interaction.deferred ? interaction.editReply(message) : interaction.update(message));
    }
  }

  /** "Open timeline" under a delivered post: the topic's command (or help), to the presser alone; the post stays. */
  async function openTimeline(interaction: ButtonInteraction, command: string | undefined): Promise<void> {
    const caller = callerOf(interaction);
    const context = app.context(caller);
    const reply = await deferIfSlow(runCommandLine(command ?? '/help', app.registry(caller.tenant), context, app.log), () => interaction.deferReply({ flags: MessageFlags.Ephemeral }));
    const message = { ...renderReply(reply), flags: MessageFlags.Ephemeral } as const;
    await (interaction.deferred ? interaction.editReply(renderReply(reply)) : interaction.reply(message));
  }

  async function button(interaction: ButtonInteraction): Promise<void> {
    const delivery = decodeDeliveryId(interaction.customId);
    if (delivery) await openTimeline(interaction, delivery.command);
    else await page(interaction);
  }

  async function autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    await interaction.respond(suggestions(app, interaction.commandName, focused.name, String(focused.value), callerOf(interaction)));
  }

  return async (interaction) => {
    if (interaction.isChatInputCommand()) await command(interaction);
    else if (interaction.isAutocomplete()) await autocomplete(interaction);
    else if (interaction.isButton()) await button(interaction);
  };
}

import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Command, OptionSpec } from '../core/commands/types.js';
import { TARGET_CHANNEL_TYPES } from './targets.js';

// Discord's slash-command JSON, built from the core specs alone: a new topic or subcommand shows up by itself.

const DESCRIPTION_MAX = 100;
const CHOICES_MAX = 25;

const describe = (text: string): string => text.slice(0, DESCRIPTION_MAX) || '-';

function stringOption(spec: OptionSpec): APIApplicationCommandBasicOption {
  // A role is picked from Discord's own list; its id arrives as the option's value.
  if (spec.kind === 'role') return { type: ApplicationCommandOptionType.Role, name: spec.name, description: describe(spec.description), required: spec.required ?? false };
  if (spec.kind === 'channel') {
    return { type: ApplicationCommandOptionType.Channel, name: spec.name, description: describe(spec.description), required: spec.required ?? false, channel_types: TARGET_CHANNEL_TYPES };
  }
  const choices = spec.choices?.slice(0, CHOICES_MAX).map((choice) => ({ name: choice, value: choice }));
  const base = { type: ApplicationCommandOptionType.String, name: spec.name, description: describe(spec.description), required: spec.required ?? false } as const;
  // Discord forbids autocomplete together with fixed choices; fixed choices win.
  if (choices && choices.length > 0) return { ...base, choices };
  return { ...base, autocomplete: spec.autocomplete ?? false };
}

// Discord wants required options before optional ones.
const ordered = (options: OptionSpec[]): APIApplicationCommandBasicOption[] =>
  [...options].sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false)).map(stringOption);

function commandJson(command: Command): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const { spec } = command;
  const subcommands = spec.subcommands ?? [];
  const options = subcommands.length > 0
    ? subcommands.map((sub): APIApplicationCommandSubcommandOption => ({
      type: ApplicationCommandOptionType.Subcommand,
      name: sub.name,
      description: describe(sub.description),
      options: ordered(sub.options),
    }))
    : ordered(spec.options);
  return { type: ApplicationCommandType.ChatInput, name: spec.name, description: describe(spec.description), options };
}

/** The body of a bulk overwrite (PUT): every command of the list, so removed topics disappear. */
export function applicationCommands(commands: readonly Command[]): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return commands.map(commandJson);
}

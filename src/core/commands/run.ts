import type { Logger } from 'pino';
import { errorReply, type Reply } from '../reply.js';
import { parseArguments, splitCommandLine, MAX_COMMAND_LENGTH } from './parse.js';
import { CommandRegistry } from './registry.js';
import type { CommandContext, CommandInput } from './types.js';

/** Runs a typed command line (console, Slack text, dateline ask) through the registry. */
export async function runCommandLine(line: string, registry: CommandRegistry, context: CommandContext, log?: Logger): Promise<Reply> {
  if (line.length > MAX_COMMAND_LENGTH * 2) {
    return errorReply('That is too long', `That is ${line.length} characters long; keep a command under ${MAX_COMMAND_LENGTH}.`);
  }
  const split = splitCommandLine(line);
  if (!split) {
    const names = registry.list().map((c) => `/${c.spec.name}`).join(', ');
    return errorReply('I need a command', `Start with a command, for example /help. Commands: ${names}.`);
  }
  return runCommandText(split.name, split.rest, registry, context, log);
}

/** Runs a command given as its name and the text after it, as Slack delivers slash commands. */
export async function runCommandText(name: string, text: string, registry: CommandRegistry, context: CommandContext, log?: Logger): Promise<Reply> {
  const command = registry.get(name);
  if (!command) return unknownCommand(name, registry);
  const parsed = parseArguments(command.spec.name, text, CommandRegistry.shapeOf(command));
  if (!parsed.ok) return errorReply(`/${command.spec.name}: I can't read that`, parsed.message);
  return runCommandInput(parsed.input, registry, context, log);
}

/** Runs an already structured command (Discord options arrive this way). Never throws. */
export async function runCommandInput(input: CommandInput, registry: CommandRegistry, context: CommandContext, log?: Logger): Promise<Reply> {
  const command = registry.get(input.name);
  if (!command) return unknownCommand(input.name, registry);
  try {
    return await command.run(input, context);
  } catch (error) {
    log?.error({ err: error, command: input.name, subcommand: input.subcommand }, 'command failed');
    return errorReply('Something went wrong', 'That command failed on our side. It has been logged; please try again later.');
  }
}

function unknownCommand(name: string, registry: CommandRegistry): Reply {
  const names = registry.list().map((c) => `/${c.spec.name}`).join(', ');
  return errorReply(`No command /${name.slice(0, 40)}`, `Commands: ${names}. Try /help.`);
}

import { textReply, type Reply } from '../reply.js';
import { QUERY_OPTION, topicUsage } from './topic.js';
import type { Command, CommandContext, OptionSpec } from './types.js';

// Help generated from the command registry: every command, subcommand and option, as typed in the console or
// Slack (Discord shows the same options as fields), so help cannot drift from what the commands accept.

/** One option as typed: topic:<topic>, [mode:instant|daily|off], or a topic's query as free text, <query>. */
function optionUsage(option: OptionSpec, freeText: boolean): string {
  if (freeText) return `<${option.name}>`;
  const value = option.choices && option.choices.length > 0 ? option.choices.join('|') : `<${option.name}>`;
  return option.required ? `${option.name}:${value}` : `[${option.name}:${value}]`;
}

/**
 * The usage of every command in the list: a line per command or subcommand, then its options' descriptions,
 * each said once (topic: is the same option everywhere).
 */
export function commandUsage(commands: readonly Command[]): string[] {
  const lines: string[] = [];
  const described = new Set<string>();
  const usage = (path: string, options: OptionSpec[], description: string) => {
    const typed = options.map((option) => optionUsage(option, option.name === QUERY_OPTION));
    lines.push(`${[path, ...typed].join(' ')}: ${description}`);
    for (const option of options) {
      const said = `${option.name}: ${option.description}`;
      if (described.has(said)) continue;
      described.add(said);
      lines.push(`    ${said}`);
    }
  };
  for (const { spec } of commands) {
    const subcommands = spec.subcommands ?? [];
    if (subcommands.length === 0) usage(`/${spec.name}`, spec.options, spec.description);
    for (const sub of subcommands) usage(`/${spec.name} ${sub.name}`, sub.options, sub.description);
  }
  return lines;
}

/** What the bot can do: the topics' query forms, then every command with its options. */
export function helpReply(context: CommandContext): Reply {
  const commands = context.commands();
  const topics = context.store.topics.list(context.tenant);
  const example = topics[0]?.name ?? 'topic';
  const topicNames = new Set(topics.map((topic) => topic.name));
  const topicCommands = commands.filter((command) => topicNames.has(command.spec.name));
  const others = commands.filter((command) => !topicNames.has(command.spec.name));
  return textReply('Dateline: news as a dated timeline', [
    'Topic commands:',
    ...(topicCommands.length > 0 ? commandUsage(topicCommands) : ['(no topics configured yet)']),
    '',
    `A query is one of:`,
    topicUsage(example),
    '',
    'Commands and their options (key:value; [ ] marks an optional one):',
    ...commandUsage(others),
  ].join('\n'));
}

/** /help: what the bot can do. */
export const helpCommand: Command = {
  spec: { name: 'help', description: 'What Dateline can do: every command and option', options: [] },
  run: (_input, context) => helpReply(context),
};

import { OPERATOR, type Store } from '../../store/index.js';
import { datelineCommand } from './dateline/index.js';
import { helpCommand } from './help.js';
import { topicCommand } from './topic.js';
import type { ArgumentShape } from './parse.js';
import type { Command } from './types.js';

/** Maps command names to their definitions and handlers: the built-ins, and one command per topic. */
export class CommandRegistry {
  private readonly commands = new Map<string, Command>();

  constructor(commands: Command[]) {
    for (const command of commands) this.commands.set(command.spec.name, command);
  }

  /** The built-ins and every topic the tenant sees: the operator's and its own. */
  static forStore(store: Store, tenant: string = OPERATOR): CommandRegistry {
    return new CommandRegistry([helpCommand, datelineCommand, ...store.topics.list(tenant).map(topicCommand)]);
  }

  get(name: string): Command | undefined {
    return this.commands.get(name.toLowerCase());
  }

  list(): Command[] {
    return [...this.commands.values()];
  }

  /** How the text form of a command is read: which key:value options it takes. */
  static shapeOf(command: Command): ArgumentShape {
    const subcommands = command.spec.subcommands ?? [];
    const names = new Set([...command.spec.options, ...subcommands.flatMap((sub) => sub.options)].map((o) => o.name));
    return { options: [...names], hasSubcommands: subcommands.length > 0 };
  }
}

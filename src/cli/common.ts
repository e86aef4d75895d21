import { openApp, type App } from '../app.js';

/** Options every CLI command takes. */
export const GLOBAL_OPTIONS = {
  db: { type: 'string' },
  bare: { type: 'boolean' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/**
 * Moves global options given before the subcommand (dateline --db x.db ask …) after it, where each
 * subcommand's parser reads them, so they work on either side.
 */
export function subcommandFirst(argv: readonly string[]): string[] {
  const leading: string[] = [];
  let index = 0;
  for (; index < argv.length; index += 1) {
    const name = /^--([a-z]+)(=|$)/.exec(argv[index]!);
    const option = name ? (GLOBAL_OPTIONS as Record<string, { type: string }>)[name[1]!] : undefined;
    if (!option || name![1] === 'help' || name![1] === 'version') break;
    leading.push(argv[index]!);
    // A string option's value is the next word unless given as --db=PATH.
    if (option.type === 'string' && name![2] === '' && index + 1 < argv.length) leading.push(argv[(index += 1)]!);
  }
  const [command, ...rest] = argv.slice(index);
  return command === undefined ? [] : [command, ...rest, ...leading];
}

export type GlobalValues = { db?: string; bare?: boolean; config?: string };

/** Opens the app the global options name, runs the work, and always closes the database. */
export async function withApp<T>(values: GlobalValues, work: (app: App) => Promise<T> | T): Promise<T> {
  const app = openApp({ dbPath: values.db, bare: values.bare, configPath: values.config });
  try {
    return await work(app);
  } finally {
    app.close();
  }
}

import { createHash } from 'node:crypto';
import { Routes, type REST } from 'discord.js';
import type { Logger } from 'pino';
import type { App } from '../app.js';
import { topicCommand } from '../core/commands/topic.js';
import { applicationCommands } from './commands.js';

// A server's own topics are its guild commands. After a change they are registered with one bulk overwrite per
// server, debounced; an overwrite identical to the last one is never sent (so a restart changes nothing), and the
// commands it creates are counted against Discord's 200 creates per server per day.

/** Changes within this long go out as one overwrite. */
export const DEBOUNCE_MS = 1000;
/** Discord's limit of command creates per server per day. */
const DAILY_CREATES = 200;

interface Registered { hash: string; names: string[] }
interface Budget { day: string; creates: number }

export class GuildCommandSync {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  /** `baseGuildId`: the DISCORD_GUILD_ID server, whose commands also hold the built-ins and shared topics. */
  constructor(private readonly app: App, private readonly rest: REST, private readonly applicationId: string,
    private readonly baseGuildId: string | undefined, private readonly log: Logger) {}

  /** Registers the server's commands soon, once for every change made meanwhile. */
  schedule(guildId: string, delayMs = DEBOUNCE_MS): void {
    if (this.stopped) return;
    clearTimeout(this.timers.get(guildId));
    const timer = setTimeout(() => {
      this.timers.delete(guildId);
      this.sync(guildId).catch((err: unknown) => this.log.error({ err, guild: guildId }, 'could not register the server\'s commands'));
    }, delayMs);
    timer.unref();
    this.timers.set(guildId, timer);
  }

  /** The server's commands: its own topics (and, in the DISCORD_GUILD_ID server, the built-ins and shared topics). */
  commandsOf(guildId: string) {
    const own = this.app.store.topics.ownedBy(`discord:${guildId}`).map(topicCommand);
    const base = guildId === this.baseGuildId ? this.app.registry().list() : [];
    const names = new Set(base.map((command) => command.spec.name));
    return applicationCommands([...base, ...own.filter((command) => !names.has(command.spec.name))]);
  }

  /** Sends the server's overwrite now, unless it is what Discord already has or the day's creates are spent. */
  async sync(guildId: string): Promise<'sent' | 'unchanged' | 'postponed'> {
    const body = this.commandsOf(guildId);
    const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    const registeredKey = `discord.guildCommands.${guildId}`;
    const last = readJson<Registered>(this.app.store.meta(registeredKey));
    if ((!last && body.length === 0) || last?.hash === hash) return 'unchanged';
    const creates = body.filter((command) => !last?.names.includes(command.name)).length;
    const budgetKey = `discord.guildCreates.${guildId}`;
    const today = this.app.now().toISOString().slice(0, 10);
    const budget = readJson<Budget>(this.app.store.meta(budgetKey));
    const used = budget?.day === today ? budget.creates : 0;
    if (used + creates > DAILY_CREATES) {
      const tomorrow = Date.parse(`${today}T00:00:00Z`) + 86_400_000;
      this.log.warn({ guild: guildId, used, creates }, 'the server\'s command creates for today are spent; registering tomorrow');
      this.schedule(guildId, Math.min(tomorrow - this.app.now().getTime() + 1000, 2 ** 31 - 1));
      return 'postponed';
    }
    await this.rest.put(Routes.applicationGuildCommands(this.applicationId, guildId), { body });
    this.app.store.transaction(() => {
      this.app.store.setMeta(registeredKey, JSON.stringify({ hash, names: body.map((command) => command.name) }));
      this.app.store.setMeta(budgetKey, JSON.stringify({ day: today, creates: used + creates }));
    });
    this.log.info({ guild: guildId, commands: body.length }, 'registered the server\'s commands');
    return 'sent';
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}

function readJson<T>(text: string | undefined): T | undefined {
  try {
    return text ? JSON.parse(text) as T : undefined;
  } catch {
    return undefined;
  }
}

import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from 'pino';

// Bolt and its clients log through this into the app's pino log. Their lines are strings, which pino's
// redaction cannot see into, so anything shaped like a Slack token is scrubbed here.

const TOKEN = /\b(?:xox[abposre]|xapp)-[\w-]+/g;

const text = (part: unknown): string =>
  part instanceof Error ? part.message : typeof part === 'string' ? part : JSON.stringify(part) ?? String(part);

export function slackLogger(log: Logger): SlackLogger {
  let level = LogLevel.INFO;
  let target = log;
  const write = (method: 'debug' | 'info' | 'warn' | 'error') => (...parts: unknown[]) => {
    target[method](parts.map(text).join(' ').replace(TOKEN, '[redacted]'));
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (next) => { level = next; },
    getLevel: () => level,
    setName: (name) => { target = log.child({ component: name }); },
  };
}

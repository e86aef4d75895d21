import pino, { type Logger } from 'pino';

/** Structured logs on stderr, so stdout stays for answers (console chat, --json). */
export function createLogger(level = process.env.DATELINE_LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      level,
      base: { app: 'dateline' },
      // Tokens and secrets never reach a log line, whatever object is logged.
      redact: {
        paths: ['token', '*.token', 'headers.authorization', '*.headers.authorization', 'signingSecret', '*.signingSecret', 'appToken', '*.appToken'],
        censor: '[redacted]',
      },
    },
    pino.destination(2),
  );
}

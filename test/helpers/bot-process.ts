import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PACKAGE_ROOT } from '../../src/config/index.js';

// The real bot as a child process (`dateline start`), for tests that kill it: crash safety is only real across processes.

export function startBotProcess(env: NodeJS.ProcessEnv, paths: { db: string; config: string }): ChildProcess {
  return spawn(process.execPath, [join(PACKAGE_ROOT, 'bin/dateline.js'), 'start', '--db', paths.db, '--config', paths.config], {
    env: { PATH: process.env.PATH, ...env, DATELINE_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export async function stopBotProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/** Reads the database file directly, read-only (polled often: no app start each time). */
export function readDb<T>(path: string, read: (db: Database.Database) => T): T {
  const reader = new Database(path, { readonly: true });
  try {
    return read(reader);
  } finally {
    reader.close();
  }
}

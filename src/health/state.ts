import type { Store } from '../store/index.js';

// Each platform's connection state, written by the running bot to the store so `dateline status` (another
// process) and the metrics can show it. A heartbeat tells whether the bot is still there to keep it current.

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'listening' | 'stopped';

export interface PlatformState {
  state: ConnectionState;
  since: string;
}

const PREFIX = 'platform_state:';
const HEARTBEAT = 'bot_seen_at';
export const HEARTBEAT_MS = 15_000;

/** Records a platform's state; the same state again keeps its `since`. */
export function recordPlatformState(store: Store, platform: string, state: ConnectionState, now: Date): void {
  const previous = readState(store.meta(`${PREFIX}${platform}`));
  if (previous?.state === state) return;
  store.setMeta(`${PREFIX}${platform}`, JSON.stringify({ state, since: now.toISOString() }));
}

export function platformStates(store: Store): Record<string, PlatformState> {
  const states: Record<string, PlatformState> = {};
  for (const platform of ['discord', 'slack']) {
    const state = readState(store.meta(`${PREFIX}${platform}`));
    if (state) states[platform] = state;
  }
  return states;
}

function readState(raw: string | undefined): PlatformState | undefined {
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as PlatformState;
    return typeof parsed.state === 'string' && typeof parsed.since === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the heartbeat now and every HEARTBEAT_MS until the returned function is called. */
export function startHeartbeat(store: Store, now: () => Date): () => void {
  const beat = () => store.setMeta(HEARTBEAT, now().toISOString());
  beat();
  const timer = setInterval(() => {
    try {
      beat();
    } catch {
      // A locked or read-only store shows in /healthz; the heartbeat just goes stale.
    }
  }, HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}

export function lastSeen(store: Store): string | null {
  return store.meta(HEARTBEAT) ?? null;
}

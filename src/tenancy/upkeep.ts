import type { App } from '../app.js';
import { purgeLeftTenants } from '../core/tenancy/index.js';

// The running bot's side of tenancy: servers and workspaces the bot left (or that uninstalled the app) are removed
// once the configured grace period is over, checked at start and hourly.

const PURGE_EVERY_MS = 60 * 60_000;

export function startTenantUpkeep(app: App): () => void {
  const purge = () => {
    try {
      for (const removed of purgeLeftTenants(app.store, app.now(), app.config.tenancy.removeAfterDays)) {
        app.log.info(removed, 'removed a server or workspace the bot left, after its grace period');
      }
    } catch (err) {
      app.log.error({ err }, 'could not remove departed tenants');
    }
  };
  purge();
  const timer = setInterval(purge, PURGE_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

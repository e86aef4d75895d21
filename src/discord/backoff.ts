import { setTimeout as sleep } from 'node:timers/promises';
import { DefaultRestOptions, type RESTOptions } from 'discord.js';

// @discordjs/rest retries a 5xx or a dropped connection straight away, three times in a row: a brief Discord
// outage would exhaust that in milliseconds. This request function spaces the retries out instead.

export const RETRY_DELAYS_MS = [250, 1000, 2500];

type MakeRequest = RESTOptions['makeRequest'];

export function withBackoff(makeRequest: MakeRequest = DefaultRestOptions.makeRequest, delays: readonly number[] = RETRY_DELAYS_MS): MakeRequest {
  return async (url, init) => {
    // Only a body we can send twice is retried (JSON is a string; file uploads are streams). A forum post takes no
    // nonce, so a repeat after a lost answer would open a second post: it is left to the outbox's in-doubt check.
    const forumPost = init.method === 'POST' && /\/channels\/\d+\/threads$/.test(String(url));
    const replayable = (init.body == null || typeof init.body === 'string') && !forumPost;
    for (let attempt = 0; ; attempt += 1) {
      const last = !replayable || attempt >= delays.length;
      try {
        const response = await makeRequest(url, init);
        if (response.status < 500 || last) return response;
        await response.arrayBuffer().catch(() => undefined);
      } catch (error) {
        if (last || init.signal?.aborted) throw error;
      }
      await sleep(delays[attempt]);
    }
  };
}

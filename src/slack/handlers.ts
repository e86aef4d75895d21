import { RespondError, type App as BoltApp, type BlockButtonAction, type InstallationStore, type RespondArguments, type RespondFn } from '@slack/bolt';
import type { App } from '../app.js';
import { runCommandLine, runCommandText } from '../core/commands/run.js';
import type { Reply } from '../core/reply.js';
import type { SlackPermissions } from './permissions.js';
import { renderTimelinePng } from '../render/timeline-png.js';
import { decodePageValue, renderReply } from './render.js';

// The command wiring, shared by both transports (Socket Mode and HTTP): ack first, then compute, then respond.

/** Every slash command the Slack app is configured with; the core decides which exist. */
const ANY_COMMAND = /^\/[\p{L}\p{N}_-]+$/u;
const PAGE_ACTIONS = /^dateline_page_(prev|next)$/;
/** respond() posts to response_url with no retries of its own; a 5xx there is retried after these pauses. */
const RESPOND_BACKOFF_MS = [250, 1000, 3000];

function response(reply: Reply, replaceOriginal: boolean): RespondArguments {
  const message = renderReply(reply);
  // Errors go only to the asker, and never replace the message a button sits on.
  if (reply.error) return { ...message, response_type: 'ephemeral', replace_original: false };
  return { ...message, response_type: 'in_channel', replace_original: replaceOriginal };
}

async function respondWithRetry(respond: RespondFn, message: RespondArguments): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await respond(message);
      return;
    } catch (error) {
      const transient = error instanceof RespondError ? error.statusCode >= 500 || error.statusCode === 429 : error instanceof TypeError;
      if (!transient || attempt >= RESPOND_BACKOFF_MS.length) throw error;
      await new Promise((resolve) => setTimeout(resolve, RESPOND_BACKOFF_MS[attempt]));
    }
  }
}

/**
 * The timeline picture as a file in the channel, right under the answer (a response_url message cannot carry
 * files). If Slack refuses, the asker alone is told why.
 */
async function uploadPicture(client: BoltApp['client'], channel: string, reply: Reply, respond: RespondFn, app: App): Promise<void> {
  try {
    await client.files.uploadV2({ channel_id: channel, file: renderTimelinePng(reply), filename: 'timeline.png', title: reply.title, alt_text: reply.title });
  } catch (error) {
    const reason = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
    app.log.warn({ channel, reason }, 'could not upload the timeline picture');
    const hint = reason === 'missing_scope' ? ' The app needs the files:write scope (see config/slack-manifest.yml).'
      : reason === 'not_in_channel' ? ' Invite the bot to this channel first.' : '';
    await respond({ response_type: 'ephemeral', replace_original: false, text: `I could not attach the picture (${reason}).${hint}` });
  }
}

/** `installations`: set with OAuth (several workspaces); an uninstall also drops the workspace's installation. */
export function registerHandlers(bolt: BoltApp, app: App, permissions: SlackPermissions, installations?: InstallationStore): void {
  bolt.command(ANY_COMMAND, async ({ command, ack, respond, client }) => {
    await ack();
    const caller = await permissions.callerFor(command.channel_id, command.user_id, command.team_id, command.team_domain, client);
    const reply = await runCommandText(command.command.slice(1), command.text, app.registry(caller.tenant), app.context(caller), app.log);
    await respondWithRetry(respond, response(reply, false));
    if (reply.picture && !reply.error) await uploadPicture(client, command.channel_id, reply, respond, app);
  });

  bolt.action<BlockButtonAction>(PAGE_ACTIONS, async ({ action, body, ack, respond, client }) => {
    await ack();
    const state = decodePageValue(action.value);
    if (!state) return;
    const caller = await permissions.callerFor(body.channel?.id, body.user.id, body.team?.id ?? body.user.team_id, undefined, client);
    const reply = await runCommandLine(state.command, app.registry(caller.tenant), app.context(caller, state.page), app.log);
    await respondWithRetry(respond, response(reply, true));
  });

  // Uninstalled (or its tokens revoked): the workspace's data is removed after the grace period.
  const uninstalled = async ({ context }: { context: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean } }) => {
    if (!context.teamId) return;
    app.log.info({ team: context.teamId }, 'the app was uninstalled from a workspace; its data is removed after the grace period');
    app.store.tenants.markLeft(`slack:${context.teamId}`, app.now());
    await installations?.deleteInstallation?.({ teamId: context.teamId, enterpriseId: context.enterpriseId, isEnterpriseInstall: Boolean(context.isEnterpriseInstall) });
  };
  bolt.event('app_uninstalled', uninstalled);
  bolt.event('tokens_revoked', uninstalled);
}

import type { App } from '@slack/bolt';
import type { Core } from '../core/app.js';
import type { Logger } from '../core/ports.js';
import type { SlackInstallationStore } from './installation-store.js';
import type { WorkspaceClients } from './workspace-clients.js';

// app_uninstalled and tokens_revoked: forget the workspace's installation and pause its channels,
// so the scheduler stops trying a token that will never work again. Bolt skips authorization for
// these two events, so they arrive even though the token is already dead.

export function registerLifecycleEvents(
  app: App,
  deps: { core: Pick<Core, 'subscriptions'>; installations: SlackInstallationStore | undefined; clients: WorkspaceClients; logger: Logger },
): void {
  async function revoke(teamId: string, enterpriseId: string | undefined, reason: string): Promise<void> {
    await deps.installations?.deleteInstallation({ teamId, enterpriseId, isEnterpriseInstall: false });
    deps.clients.forget(teamId);
    const paused = await deps.core.subscriptions.pauseWorkspace('slack', teamId, reason);
    deps.logger.info('slack workspace access ended', { team: teamId, reason, pausedChannels: paused });
  }

  app.event('app_uninstalled', async ({ body }) => {
    await revoke(body.team_id, body.enterprise_id, 'the app was uninstalled from this workspace');
  });

  app.event('tokens_revoked', async ({ event, body }) => {
    // Only the bot token matters to Paperboy; revoked user tokens change nothing.
    if ((event.tokens.bot ?? []).length === 0) return;
    await revoke(body.team_id, body.enterprise_id, 'the bot token was revoked');
  });
}

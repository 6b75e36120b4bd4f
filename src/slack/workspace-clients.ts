import { webApi } from '@slack/bolt';
import type { SlackInstallationStore } from './installation-store.js';

// A WebClient per workspace token. Slack rate-limits per workspace, and a WebClient pauses its whole
// queue on a 429, so one busy workspace must not hold up the others' digests.

export interface WorkspaceClients {
  /** The client for a workspace, or null when we hold no token for it (not installed, uninstalled). */
  forTeam(teamId: string): Promise<webApi.WebClient | null>;
  /** Drops a workspace's client after its token was revoked. */
  forget(teamId: string): void;
}

export function createWorkspaceClients(options: {
  /** Single-workspace mode: the one bot token. */
  botToken?: string | undefined;
  /** OAuth mode: tokens come from the installation store. */
  installations?: SlackInstallationStore | undefined;
  clientOptions: webApi.WebClientOptions;
  /** Called on every 429 a client sees (it then waits and retries by itself). */
  onRateLimited?: () => void;
}): WorkspaceClients {
  const clients = new Map<string, webApi.WebClient>();
  return {
    async forTeam(teamId) {
      const token = options.installations ? await options.installations.botTokenFor(teamId) : options.botToken;
      if (!token) return null;
      const key = `${teamId}:${token}`;
      let client = clients.get(key);
      if (!client) {
        client = new webApi.WebClient(token, options.clientOptions);
        if (options.onRateLimited) client.on(webApi.WebClientEvent.RATE_LIMITED, options.onRateLimited);
        clients.set(key, client);
      }
      return client;
    },
    forget(teamId) {
      for (const key of clients.keys()) if (key.startsWith(`${teamId}:`)) clients.delete(key);
    },
  };
}

import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, webApi, type AppOptions } from '@slack/bolt';
import type { Core } from '../core/app.js';
import type { Config } from '../core/config.js';
import type { ChatPlatform, Logger } from '../core/ports.js';
import { registerActions } from './actions.js';
import { registerAppHome } from './app-home.js';
import { boltLogger } from './bolt-logger.js';
import { registerSlashCommand } from './commands.js';
import { httpListening, watchSocketMode } from './connection-state.js';
import { createDigestDelivery } from './delivery.js';
import { createOwnIms } from './direct-messages.js';
import { createInstallationStore, type SlackInstallationStore } from './installation-store.js';
import { registerLifecycleEvents } from './lifecycle.js';
import { registerMessagesTab } from './messages-tab.js';
import { createPermissionPolicy } from './permissions.js';
import { createPostPacer, defaultPacing, type PostPacerOptions } from './post-pacer.js';
import { createWorkspaceClients } from './workspace-clients.js';

// Start-up wiring for Slack: the one place that builds Bolt and its clients. Three modes:
//   socket  SLACK_APP_TOKEN + SLACK_BOT_TOKEN: no public URL, the self-hosting default
//   http    SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET: POST /slack/events on PORT
//   oauth   SLACK_CLIENT_ID/SECRET/STATE_SECRET (+ signing secret): many workspaces, HTTP

export type SlackMode = 'socket' | 'http' | 'oauth';

export interface SlackAdapter extends ChatPlatform {
  readonly platform: 'slack';
  readonly mode: SlackMode;
  /** HTTP and OAuth modes: where the receiver listens, e.g. http://127.0.0.1:3000. */
  readonly url: string | undefined;
  /** Socket Mode: the socket is open; HTTP modes: the receiver is listening. */
  connected(): boolean;
  stop(): Promise<void>;
}

export interface StartSlackOptions {
  config: Config;
  core: Core;
  logger?: Logger;
  /** HTTP modes: overrides PORT (tests listen on port 0 of 127.0.0.1). */
  listen?: { port: number; host?: string };
  /** HTTP modes: more routes on the receiver's server (e.g. /healthz and /metrics, since it owns PORT). */
  extraRoutes?: { path: string; method: string; handler: (req: IncomingMessage, res: ServerResponse) => void }[];
  /** How digests are paced per workspace and channel (default: 300 a minute per workspace, 1 a second per channel). */
  pacing?: PostPacerOptions;
}

/**
 * Bot scopes Paperboy asks for (as in slack/manifest.json and slack/manifest.http.json).
 * channels:read and groups:read let the Home tab show a person only their own channels;
 * channels:history and groups:history let a retried digest find a part an earlier attempt posted
 * without recording it (message metadata through conversations.history/replies);
 * im:history does the same in a person's IM with the app (its Messages tab) and brings the
 * message.im events typed there; im:write (conversations.open) proves a DM is the app's own;
 * users:read is asked for only when SLACK_MANAGERS=admins needs to look roles up.
 */
export function botScopes(config: Pick<Config, 'SLACK_MANAGERS'>): string[] {
  const scopes = ['commands', 'chat:write', 'chat:write.public', 'channels:read', 'groups:read', 'channels:history', 'groups:history', 'im:history', 'im:write'];
  return config.SLACK_MANAGERS === 'admins' ? [...scopes, 'users:read'] : scopes;
}

export function slackMode(config: Config): SlackMode | null {
  if (config.SLACK_CLIENT_ID && config.SLACK_CLIENT_SECRET && config.SLACK_STATE_SECRET) return 'oauth';
  if (config.SLACK_APP_TOKEN && config.SLACK_BOT_TOKEN) return 'socket';
  if (config.SLACK_BOT_TOKEN && config.SLACK_SIGNING_SECRET) return 'http';
  return null;
}

export async function startSlack(options: StartSlackOptions): Promise<SlackAdapter> {
  const { config, core } = options;
  const logger = options.logger ?? core.logger;
  const mode = slackMode(config);
  if (!mode) {
    throw new Error('Slack is not configured: set SLACK_APP_TOKEN and SLACK_BOT_TOKEN (Socket Mode), SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP), or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and SLACK_SIGNING_SECRET (OAuth)');
  }
  const clientOptions: webApi.WebClientOptions = {
    slackApiUrl: `${config.SLACK_API_URL}/`,
    // After a 429 the WebClient already sleeps for Retry-After; the extra backoff on top stays short.
    retryConfig: { retries: 6, factor: 1.5, minTimeout: 100, maxTimeout: 10_000, randomize: true },
  };
  const installations: SlackInstallationStore | undefined = mode === 'oauth' ? createInstallationStore(core.database.db) : undefined;
  const onRateLimited = () => core.metrics.rateLimited('slack');
  const clients = createWorkspaceClients({ botToken: config.SLACK_BOT_TOKEN, installations, clientOptions: { ...clientOptions, logger: boltLogger(logger, 'slack-web-api') }, onRateLimited });
  // Digests get clients of their own that retry nothing but 429s: a post whose answer was lost (a
  // reset connection, a 5xx) may have gone through, and re-sending it blindly would post it twice.
  // The delivery looks it up instead (see delivery.ts).
  const digestClients = createWorkspaceClients({
    botToken: config.SLACK_BOT_TOKEN,
    installations,
    clientOptions: { ...clientOptions, retryConfig: onlyRateLimitRetries(clientOptions.retryConfig), logger: boltLogger(logger, 'slack-web-api') },
    onRateLimited,
  });

  const bot = mode === 'oauth' ? undefined : await verifyBotToken(config.SLACK_BOT_TOKEN ?? '', clientOptions, logger);
  const extraRoutes = mode !== 'socket' && options.extraRoutes ? { customRoutes: options.extraRoutes } : {};
  const app = new App({ ...appOptions(mode, config, clientOptions, installations, logger), ...bot, ...extraRoutes });
  app.client.on(webApi.WebClientEvent.RATE_LIMITED, onRateLimited);
  app.error(async (error) => {
    logger.error('slack handler failed', { error: error.message, code: error.code });
  });

  const policy = createPermissionPolicy({
    mode: config.SLACK_MANAGERS,
    logger,
    async lookup(teamId, userId) {
      const client = await clients.forTeam(teamId);
      if (!client) throw new Error(`no token for workspace ${teamId}`);
      const { user } = await client.users.info({ user: userId });
      return { isAdmin: user?.is_admin === true, isOwner: user?.is_owner === true || user?.is_primary_owner === true };
    },
  });
  const ims = createOwnIms({
    logger,
    async lookup(teamId, userId) {
      const client = await clients.forTeam(teamId);
      if (!client) throw new Error(`no token for workspace ${teamId}`);
      return (await client.conversations.open({ users: userId })).channel?.id;
    },
  });
  registerSlashCommand(app, { core, policy, ims, logger });
  registerActions(app, { core, policy, ims, logger });
  registerMessagesTab(app, { core, policy, ims, logger });
  registerAppHome(app, { core, logger });
  registerLifecycleEvents(app, { core, installations, clients, logger });

  let url: string | undefined;
  let connected = () => false;
  if (mode === 'socket') {
    connected = watchSocketMode(app);
    await app.start();
    logger.info('slack connected', { mode });
  } else {
    const listen = options.listen ?? { port: config.PORT };
    const server = (await app.start(listen)) as Server;
    connected = httpListening(server);
    const address = server.address() as AddressInfo;
    url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
    logger.info('slack listening', { mode, url, events: '/slack/events', ...(mode === 'oauth' ? { install: '/slack/install' } : {}) });
  }

  const deliverDigest = createDigestDelivery({ clients: digestClients, logger, pacer: createPostPacer(options.pacing ?? defaultPacing) });
  let stopped = false;
  return {
    platform: 'slack',
    mode,
    url,
    deliverDigest,
    connected: () => !stopped && connected(),
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.stop();
    },
  };
}

function appOptions(
  mode: SlackMode,
  config: Config,
  clientOptions: webApi.WebClientOptions,
  installations: SlackInstallationStore | undefined,
  logger: Logger,
): AppOptions {
  const common: AppOptions = {
    logger: boltLogger(logger),
    clientOptions,
    // The Socket Mode client and the OAuth installer build their own WebClients from these.
    installerOptions: { clientOptions },
  };
  if (mode === 'socket') {
    return { ...common, socketMode: true, token: config.SLACK_BOT_TOKEN, appToken: config.SLACK_APP_TOKEN };
  }
  const http: AppOptions = {
    ...common,
    signingSecret: config.SLACK_SIGNING_SECRET,
    endpoints: '/slack/events',
    // Ack first, work after: the HTTP response goes out as soon as ack() is called.
    processBeforeResponse: false,
  };
  if (mode === 'http') return { ...http, token: config.SLACK_BOT_TOKEN };
  return {
    ...http,
    clientId: config.SLACK_CLIENT_ID,
    clientSecret: config.SLACK_CLIENT_SECRET,
    stateSecret: config.SLACK_STATE_SECRET,
    scopes: botScopes(config),
    installationStore: installations,
    installerOptions: { clientOptions, installPath: '/slack/install', redirectUriPath: '/slack/oauth_redirect', directInstall: false },
  };
}

// Bolt would otherwise call auth.test lazily and fail on the first command; failing at start names
// the problem, and the bot's ids it returns let Bolt skip its own call.
/**
 * The WebClient runs requests through p-retry with retryConfig as its options, and signals a 429 it
 * waited out with an error saying "A rate limit was exceeded", to be retried. p-retry's onFailedAttempt (not in
 * the WebClient's types) aborts the retries when it throws.
 */
function onlyRateLimitRetries(config: webApi.WebClientOptions['retryConfig']): webApi.WebClientOptions['retryConfig'] {
  const onFailedAttempt = (error: Error) => {
    if (!error.message.includes('A rate limit was exceeded')) throw error;
  };
  return { ...config, onFailedAttempt } as webApi.WebClientOptions['retryConfig'];
}

async function verifyBotToken(token: string, clientOptions: webApi.WebClientOptions, logger: Logger): Promise<{ botId?: string; botUserId?: string }> {
  try {
    const auth = await new webApi.WebClient(token, { ...clientOptions, logger: boltLogger(logger, 'slack-web-api') }).auth.test();
    logger.info('slack bot token accepted', { team: auth.team, teamId: auth.team_id, botUser: auth.user_id });
    return { ...(auth.bot_id ? { botId: auth.bot_id } : {}), ...(auth.user_id ? { botUserId: auth.user_id } : {}) };
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    throw new Error(`Slack refused SLACK_BOT_TOKEN${code ? ` (${code})` : ''}: copy the Bot User OAuth Token (xoxb-) from your Slack app's OAuth & Permissions page`);
  }
}

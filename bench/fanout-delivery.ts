import { sql } from 'drizzle-orm';
import { createCore } from '../src/core/app.js';
import { loadConfig } from '../src/core/config.js';
import type { Database } from '../src/core/db/client.js';
import { createScheduler, type TickReport } from '../src/core/delivery/scheduler.js';
import { createLogger } from '../src/core/logger.js';
import { startDiscord } from '../src/discord/index.js';
import { startSlack } from '../src/slack/index.js';
import { FakeDiscord, type FakeGuild } from '../test/fakes/discord/fake-discord.js';
import { snowflake } from '../test/fakes/discord/payloads.js';
import { startFakeSlack, workspace } from '../test/fakes/slack/fake-slack.js';
import { FANOUT_NOW, insertChannels, unsubscribeAll, type ChannelSpec } from './fanout-data.js';
import { discordLimiter } from './limits-discord.js';
import { slackLimiter, slackLimits } from './limits-slack.js';
import { round } from './stats.js';

// Delivery of one tick through the real adapters: discord.js against the fake Discord (REST only
// needs no gateway, but the gateway is connected as in production) and Bolt in OAuth mode against
// the fake Slack with one installation per workspace. Both fakes enforce the platforms' limits; the
// figures are counted at the fakes.

export const DISCORD_TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.GqZ1xY.benchbenchbenchbenchbenchbench0123AB';

export interface DeliveryOptions {
  discordChannels: number;
  discordGuilds: number;
  slackChannels: number;
  slackWorkspaces: number;
  topicsFor: (i: number) => string[];
  env?: Record<string, string>;
  log: (line: string) => void;
}

export async function measureDelivery(database: Database, options: DeliveryOptions): Promise<Record<string, unknown>[]> {
  await unsubscribeAll(database);
  const guilds: FakeGuild[] = Array.from({ length: options.discordGuilds }, (_, g) => ({
    id: snowflake(),
    name: `Guild ${g}`,
    channels: Array.from({ length: Math.ceil(options.discordChannels / options.discordGuilds) }, (_, c) => ({ id: snowflake(), name: `papers-${c}` })),
  }));
  const teams = Array.from({ length: options.slackWorkspaces }, (_, w) =>
    workspace(`T${String(w).padStart(4, '0')}`, {
      channels: Array.from({ length: Math.ceil(options.slackChannels / options.slackWorkspaces) }, (_, c) => ({ id: `C${w}X${c}`, name: `papers-${c}` })),
    }),
  );
  const specs: ChannelSpec[] = [
    ...guilds.flatMap((g) => g.channels.map((c) => ({ platform: 'discord' as const, workspaceId: g.id, channelId: c.id }))).slice(0, options.discordChannels),
    ...teams.flatMap((t) => t.channels.map((c) => ({ platform: 'slack' as const, workspaceId: t.teamId, channelId: c.id }))).slice(0, options.slackChannels),
  ].map((s, i) => ({ ...s, topics: options.topicsFor(i) }));
  await insertChannels(database, specs);
  for (const t of teams) {
    await database.db.execute(sql`insert into slack_installations (id, team_id, bot_token, bot_user_id, installation)
      values (${t.teamId}, ${t.teamId}, ${t.botToken}, ${t.botUserId}, ${JSON.stringify({ team: { id: t.teamId } })}::jsonb)`);
  }

  const discordLimits = discordLimiter();
  const slackLimit = slackLimiter();
  const fakeDiscord = await FakeDiscord.start({ token: DISCORD_TOKEN, guilds, rateLimiter: discordLimits });
  const fakeSlack = await startFakeSlack({ workspaces: teams, postIntervalMs: 0, rateLimiter: slackLimit });
  const problems: string[] = [];
  const logger = createLogger({ level: 'warn', write: (line) => problems.push(line) });
  const config = loadConfig({
    HF_API_URL: 'http://127.0.0.1:9',
    DISCORD_TOKEN,
    DISCORD_API_URL: fakeDiscord.url,
    SLACK_API_URL: fakeSlack.url,
    SLACK_CLIENT_ID: 'client-id',
    SLACK_CLIENT_SECRET: 'client-secret',
    SLACK_STATE_SECRET: 'state-secret',
    SLACK_SIGNING_SECRET: 'signing-secret',
    ...options.env,
  });
  const core = await createCore({ config, database, logger });
  const discord = await startDiscord({ config, core, logger });
  const slack = await startSlack({ config, core, logger, listen: { port: 0, host: '127.0.0.1' } });
  try {
    const scheduler = createScheduler({ core, platforms: [discord, slack], instanceId: 'bench-delivery' });
    const started = Date.now();
    options.log(`fanout delivery: ${specs.length} digests (${options.discordChannels} Discord, ${options.slackChannels} Slack), DIGEST_CONCURRENCY ${config.DIGEST_CONCURRENCY}`);
    const report = await scheduler.tick(FANOUT_NOW);
    const seconds = (Date.now() - started) / 1000;
    options.log(`fanout delivery: tick done in ${round(seconds)} s: ${JSON.stringify(report)}`);
    const creates = fakeDiscord.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path));
    const discordOk = creates.filter((r) => r.status === 200);
    const discordRequests = fakeDiscord.requests.filter((r) => !r.path.startsWith('/interactions/') && r.at >= started);
    const posts = fakeSlack.recording.calls.filter((c) => c.method === 'chat.postMessage' && c.at >= started);
    const slackOk = fakeSlack.recording.posts;
    return [
      discordRow(report, discordRequests, discordOk.length, discordLimits.stats, options.discordChannels, config.DIGEST_CONCURRENCY, problems),
      slackRow(report, posts.map((p) => p.at), slackOk.length, slackLimit.stats, options, config.DIGEST_CONCURRENCY),
    ];
  } finally {
    await discord.stop();
    await slack.stop();
    await fakeDiscord.close();
    await fakeSlack.close();
    if (problems.length > 0) options.log(`fanout delivery: ${problems.length} warnings, first: ${problems[0]?.slice(0, 300)}`);
  }
}

function discordRow(report: TickReport, requests: { at: number; status: number }[], created: number, stats: ReturnType<typeof discordLimiter>['stats'],
  channels: number, concurrency: number, problems: string[]): Record<string, unknown> {
  const accepted = requests.filter((r) => r.status !== 429);
  const span = spanSeconds(accepted.map((r) => r.at));
  // The global bucket starts full (50), then refills at 50 a second: n requests need (n - 50) / 50 s.
  const idealSeconds = Math.max(0, (accepted.length - 50) / 50);
  return {
    part: 'delivery',
    platform: 'discord',
    channels,
    digests_sent: report.sent,
    requests: requests.length,
    messages_created: created,
    seconds: round(span),
    per_second: round(accepted.length / Math.max(span, 0.001)),
    limit_bound_per_second: 50,
    share_of_bound: round(idealSeconds / Math.max(span, 0.001)),
    responses_429: requests.length - accepted.length,
    share_429: round4((requests.length - accepted.length) / Math.max(1, requests.length)),
    limited_global: stats.limitedGlobal,
    limited_route: stats.limitedRoute,
    concurrency,
    warnings: problems.filter((p) => p.includes('discord')).length,
  };
}

function slackRow(report: TickReport, attempts: number[], accepted: number, stats: ReturnType<typeof slackLimiter>['stats'],
  options: DeliveryOptions, concurrency: number): Record<string, unknown> {
  const span = spanSeconds(attempts);
  const perWorkspace = accepted / options.slackWorkspaces;
  const rate = slackLimits.workspacePerMinute / 60;
  const idealSeconds = Math.max(0, (perWorkspace - slackLimits.workspaceBurst) / rate);
  const limited = stats.limitedChannel + stats.limitedWorkspace;
  return {
    part: 'delivery',
    platform: 'slack',
    channels: options.slackChannels,
    workspaces: options.slackWorkspaces,
    digests_sent: report.sent,
    requests: attempts.length,
    messages_created: accepted,
    seconds: round(span),
    per_second: round(accepted / Math.max(span, 0.001)),
    limit_bound_per_second: round(options.slackWorkspaces * rate),
    share_of_bound: round(idealSeconds / Math.max(span, 0.001)),
    responses_429: limited,
    share_429: round4(limited / Math.max(1, attempts.length)),
    limited_channel: stats.limitedChannel,
    limited_workspace: stats.limitedWorkspace,
    concurrency,
  };
}

function spanSeconds(times: number[]): number {
  if (times.length < 2) return 0;
  return (Math.max(...times) - Math.min(...times)) / 1000;
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

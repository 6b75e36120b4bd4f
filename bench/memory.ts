import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/core/db/client.js';
import { FakeDiscord, type FakeGuild } from '../test/fakes/discord/fake-discord.js';
import { snowflake } from '../test/fakes/discord/payloads.js';
import { startFakeSlack, workspace } from '../test/fakes/slack/fake-slack.js';
import { buildModel } from './corpus.js';
import { DISCORD_TOKEN } from './fanout-delivery.js';
import { channelTopics, dayTopics, freshDatabase, insertChannelsAt, insertDayOfPapers, type ChannelSpec } from './fanout-data.js';
import { discordLimiter } from './limits-discord.js';
import { slackLimiter } from './limits-slack.js';
import { postgresVersion } from './machine.js';
import { round } from './stats.js';

// `npm run bench -- memory`, server part: resident memory of one real `paperboy start` process
// (bin/paperboy.js runs the built CLI in its own process) with 10,000
// subscribed channels, the Discord gateway and Slack Socket Mode connected to the fakes. Sampled
// from /proc/<pid>/status (VmRSS) while idle, then while a fan-out of all 10,000 digests runs.

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'paperboy.js');
const SLACK_TOKEN = 'xoxb-tbench-bot';

export interface MemoryOptions {
  serverUrl: string | undefined;
  channels?: number;
  idleSeconds?: number;
  fanoutSeconds?: number;
  log: (line: string) => void;
}

export async function runMemoryBench(options: MemoryOptions): Promise<Record<string, unknown>[]> {
  if (!options.serverUrl) throw new Error('the memory benchmark needs a Postgres server (BENCH_DATABASE_URL)');
  const total = options.channels ?? 10_000;
  const { log } = options;
  const model = buildModel();
  const database = await freshDatabase(options.serverUrl, 'paperboy_bench_memory', 2);
  const idleSeconds = options.idleSeconds ?? 30;
  // The slot falls after start-up and the idle window: whole minutes, UTC.
  const slotAt = new Date(Math.ceil((Date.now() + (idleSeconds + 45) * 1000) / 60_000) * 60_000);
  const coversDay = new Date(Date.UTC(slotAt.getUTCFullYear(), slotAt.getUTCMonth(), slotAt.getUTCDate() - 1)).toISOString().slice(0, 10);
  const papers = await insertDayOfPapers(database, model, coversDay, 100);
  const lists = channelTopics(dayTopics(papers, 500), total, 5);
  const guilds: FakeGuild[] = Array.from({ length: 50 }, (_, g) => ({
    id: snowflake(),
    name: `Guild ${g}`,
    channels: Array.from({ length: Math.ceil(total / 2 / 50) }, (_, c) => ({ id: snowflake(), name: `papers-${c}` })),
  }));
  const team = workspace('TBENCH', { botToken: SLACK_TOKEN, channels: Array.from({ length: total / 2 }, (_, c) => ({ id: `CB${c}`, name: `papers-${c}` })) });
  const specs: ChannelSpec[] = [
    ...guilds.flatMap((g) => g.channels.map((c) => ({ platform: 'discord' as const, workspaceId: g.id, channelId: c.id }))),
    ...team.channels.map((c) => ({ platform: 'slack' as const, workspaceId: team.teamId, channelId: c.id })),
  ].slice(0, total).map((s, i) => ({ ...s, topics: lists[i] ?? [] }));
  await insertChannelsAt(database, specs, slotAt.toISOString().slice(11, 16), new Date(slotAt.getTime() - 3_600_000));
  const postgres = await postgresVersion(database.db);

  const fakeDiscord = await FakeDiscord.start({ token: DISCORD_TOKEN, guilds, rateLimiter: discordLimiter() });
  const fakeSlack = await startFakeSlack({ workspaces: [team], appToken: 'xapp-bench', postIntervalMs: 0, rateLimiter: slackLimiter() });
  const child = spawn(process.execPath, [bin, 'start'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_URL: database.location,
      DISCORD_TOKEN,
      DISCORD_API_URL: fakeDiscord.url,
      SLACK_BOT_TOKEN: SLACK_TOKEN,
      SLACK_APP_TOKEN: 'xapp-bench',
      SLACK_API_URL: fakeSlack.url,
      HF_API_URL: 'http://127.0.0.1:9',
      INGEST_ON_START: 'false',
      DIGEST_TICK_CRON: '*/5 * * * * *',
      PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-5000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const rows: Record<string, unknown>[] = [];
  try {
    const started = Date.now();
    await fakeDiscord.waitFor(() => fakeDiscord.gateway.connected > 0, 120_000, 'the gateway session');
    await Promise.race([fakeSlack.socket.connected(), sleep(120_000).then(() => Promise.reject(new Error('no Socket Mode connection')))]);
    // bin/paperboy.js runs the CLI in its own process (no wrapper child): its pid is the one to sample.
    const pid = child.pid ?? 0;
    log(`memory: paperboy ready in ${round((Date.now() - started) / 1000)} s (pid ${pid}); idle for ${idleSeconds} s`);
    const idle = await sample(pid, idleSeconds * 1000);
    const waitMs = slotAt.getTime() - Date.now();
    if (waitMs > 0) await sleep(waitMs);
    log(`memory: slot ${slotAt.toISOString()} reached; sampling the fan-out`);
    const fanoutMs = (options.fanoutSeconds ?? 90) * 1000;
    const during = await sample(pid, fanoutMs);
    const sent = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from deliveries where status = 'sent'`);
    const claimed = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from deliveries`);
    const base = { postgres, channels: total, discord_channels: total / 2, slack_channels: total / 2 };
    rows.push({ phase: 'idle', ...base, rss_mb_max: idle.max, rss_mb_mean: idle.mean, samples: idle.samples, seconds: idleSeconds });
    rows.push({
      phase: 'fan-out', ...base, rss_mb_max: during.max, rss_mb_mean: during.mean, samples: during.samples, seconds: fanoutMs / 1000,
      deliveries_claimed: Number(claimed[0]?.n ?? 0), digests_sent: Number(sent[0]?.n ?? 0),
      discord_messages: fakeDiscord.messages().length, slack_messages: fakeSlack.recording.posts.length,
    });
    log(`memory: idle max ${idle.max} MB, fan-out max ${during.max} MB (${Number(sent[0]?.n ?? 0)} digests sent while sampling)`);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- paperboy output:\n${output}`);
  } finally {
    child.kill('SIGTERM');
    await Promise.race([new Promise((resolve) => child.once('exit', resolve)), sleep(15_000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
    await fakeDiscord.close();
    await fakeSlack.close();
    await database.close();
  }
  return rows;
}

function rssMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function sample(pid: number, ms: number): Promise<{ max: number; mean: number; samples: number }> {
  const values: number[] = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const value = rssMb(pid);
    if (value !== undefined) values.push(value);
    await sleep(250);
  }
  return { max: round(Math.max(...values)), mean: round(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)), samples: values.length };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 3999;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export const memoryNotes = [
  'Server rows (`part` server): one `node bin/paperboy.js start` (the CLI from dist/ in that process; sampled every 250 ms, VmRSS from /proc/<pid>/status) against a Postgres server database with 10,000 subscribed channels (5,000 Discord in 50 guilds, 5,000 Slack in one workspace, 5 topics each) and 100 listed papers, the Discord gateway and Slack Socket Mode connected to the fakes (which enforce the rate limits of `bench/limits-*.ts`).',
  'Idle: after both adapters connected, before the digest slot. Fan-out: from the slot on, for the sampling window: every digest is claimed and planned in the first tick, then delivered at the platforms\' pace (a full fan-out of 10,000 digests takes minutes under the limits), so the window covers the peak (planning and the start of delivery), not the whole fan-out.',
];

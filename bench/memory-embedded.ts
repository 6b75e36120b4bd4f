import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/core/db/client.js';
import { migrate } from '../src/core/db/migrate.js';
import { FakeDiscord, type FakeGuild } from '../test/fakes/discord/fake-discord.js';
import { snowflake } from '../test/fakes/discord/payloads.js';
import { startFakeSlack, workspace } from '../test/fakes/slack/fake-slack.js';
import { buildModel } from './corpus.js';
import { DISCORD_TOKEN } from './fanout-delivery.js';
import { channelTopics, dayTopics, freshDatabase, insertChannelsAt, insertDayOfPapers, type ChannelSpec } from './fanout-data.js';
import { discordLimiter } from './limits-discord.js';
import { slackLimiter } from './limits-slack.js';
import { freePort, sleep } from './memory.js';
import { TreeSampler } from './proc-tree.js';
import { percentile, round } from './stats.js';

// `npm run bench -- memory`, embedded part: `paperboy start` with the default embedded database as
// a newcomer runs it. A first start on an empty data folder (terminal adapter), restarts on the
// existing folder, both chat adapters against the fakes through a 1,000-channel fan-out, and the
// wall time of one-shot commands. Memory is the whole process tree (bin/paperboy.js and anything
// it spawns), sampled every 50 ms.

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'paperboy.js');
const SLACK_TOKEN = 'xoxb-tbench-bot';

export interface EmbeddedMemoryOptions {
  serverUrl: string | undefined;
  log: (line: string) => void;
  channels?: number;
  idleSeconds?: number;
  fanoutSeconds?: number;
}

interface Running {
  child: ChildProcess;
  sampler: TreeSampler;
  started: number;
  output(): string;
}

function start(command: string, args: string[], env: Record<string, string>): Running {
  const child = spawn(command, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HF_API_URL: 'http://127.0.0.1:9', INGEST_ON_START: 'false', LOG_LEVEL: 'warn', ...env },
    // The terminal adapter stops at the end of input: keep stdin open.
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-10_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, sampler: new TreeSampler(child.pid ?? 0), started: Date.now(), output: () => output };
}

async function until(check: () => boolean, what: string, run: Running, ms = 120_000): Promise<number> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline || run.child.exitCode !== null) throw new Error(`no ${what}\n--- paperboy output:\n${run.output()}`);
    await sleep(20);
  }
  return Date.now() - run.started;
}

/** True while any process of the group is alive (npm exits before the paperboy under it). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stop(run: Running): Promise<void> {
  const pgid = run.child.pid ?? 0;
  if (groupAlive(pgid)) process.kill(-pgid, 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(50);
  if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
  run.sampler.stop();
}

const terminalReady = (run: Running) => () => run.output().includes('Paperboy is running');

/** Wall time of one command, process start to exit. */
async function wall(args: string[], env: Record<string, string>): Promise<number> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env }, stdio: 'ignore' });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`paperboy ${args.join(' ')} exited ${code}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function wallRow(label: string, runs: number, args: string[], env: Record<string, string>) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await wall(args, env));
  return { scenario: label, runs, wall_s_median: round(percentile(times, 50)), wall_s_max: round(Math.max(...times)) };
}

export async function runEmbeddedMemoryBench(options: EmbeddedMemoryOptions): Promise<Record<string, unknown>[]> {
  const { log } = options;
  const total = options.channels ?? 1000;
  const idleMs = (options.idleSeconds ?? 20) * 1000;
  mkdirSync(join(root, 'bench', 'tmp'), { recursive: true });
  const dir = mkdtempSync(join(root, 'bench', 'tmp', 'memory-embedded-'));
  const rows: Record<string, unknown>[] = [];
  const env = { PAPERBOY_DATA_DIR: dir, DIGEST_TICK_CRON: '*/5 * * * * *' };
  try {
    // 1. First start on an empty folder, terminal adapter.
    const first = start(process.execPath, [bin, 'start'], { ...env, PORT: String(await freePort()) });
    const firstReady = await until(terminalReady(first), 'terminal start-up', first);
    await sleep(idleMs);
    const firstIdle = first.sampler.window(Date.now() - idleMs + 5000);
    await stop(first);
    const firstPeaks = first.sampler.peaks();
    rows.push({ scenario: 'first start, empty data folder', adapters: 'terminal', ready_s: round(firstReady / 1000), idle_rss_mb: firstIdle.mean, tree_peak_mb: firstPeaks.treeMb, main_hwm_mb: firstPeaks.rootHwmMb, child_hwm_mb: firstPeaks.childHwmMb });
    log(`memory/embedded: first start ready in ${round(firstReady / 1000)} s, idle ${firstIdle.mean} MB, tree peak ${firstPeaks.treeMb} MB (child ${firstPeaks.childHwmMb} MB)`);

    // 2. The world: papers and channels due at a slot after the next phases, written while stopped.
    const slotAt = new Date(Math.ceil((Date.now() + 3 * idleMs + 90_000) / 60_000) * 60_000);
    const coversDay = new Date(Date.UTC(slotAt.getUTCFullYear(), slotAt.getUTCMonth(), slotAt.getUTCDate() - 1)).toISOString().slice(0, 10);
    const guilds: FakeGuild[] = Array.from({ length: 10 }, (_, g) => ({
      id: snowflake(),
      name: `Guild ${g}`,
      channels: Array.from({ length: Math.ceil(total / 2 / 10) }, (_, c) => ({ id: snowflake(), name: `papers-${c}` })),
    }));
    const team = workspace('TBENCH', { botToken: SLACK_TOKEN, channels: Array.from({ length: total / 2 }, (_, c) => ({ id: `CB${c}`, name: `papers-${c}` })) });
    {
      const database = await openDatabase({ dataDir: dir });
      await migrate(database);
      const papers = await insertDayOfPapers(database, buildModel(), coversDay, 100);
      const lists = channelTopics(dayTopics(papers, 500), total, 5);
      const specs: ChannelSpec[] = [
        ...guilds.flatMap((g) => g.channels.map((c) => ({ platform: 'discord' as const, workspaceId: g.id, channelId: c.id }))),
        ...team.channels.map((c) => ({ platform: 'slack' as const, workspaceId: team.teamId, channelId: c.id })),
      ].slice(0, total).map((s, i) => ({ ...s, topics: lists[i] ?? [] }));
      await insertChannelsAt(database, specs, slotAt.toISOString().slice(11, 16), new Date(slotAt.getTime() - 3_600_000));
      await database.close();
    }

    // 3. Restarts on the existing folder: memory of one, ready time of `npm start` three times.
    const again = start(process.execPath, [bin, 'start'], { ...env, PORT: String(await freePort()) });
    const againReady = await until(terminalReady(again), 'terminal start-up', again);
    await sleep(idleMs);
    const againIdle = again.sampler.window(Date.now() - idleMs + 5000);
    await stop(again);
    const againPeaks = again.sampler.peaks();
    const npmReady: number[] = [];
    for (let i = 0; i < 3; i++) {
      const npm = start('npm', ['start', '--silent'], { ...env, PORT: String(await freePort()) });
      npmReady.push(await until(terminalReady(npm), '`npm start` start-up', npm));
      await stop(npm);
    }
    rows.push({ scenario: 'restart, existing data folder', adapters: 'terminal', ready_s: round(againReady / 1000), npm_start_ready_s: round(percentile(npmReady, 50) / 1000), idle_rss_mb: againIdle.mean, tree_peak_mb: againPeaks.treeMb, main_hwm_mb: againPeaks.rootHwmMb });
    log(`memory/embedded: restart ready in ${round(againReady / 1000)} s (npm start ${npmReady.map((ms) => round(ms / 1000)).join(', ')} s), idle ${againIdle.mean} MB`);

    // 4. Both chat adapters against the fakes, idle, then the fan-out at the slot.
    const fakeDiscord = await FakeDiscord.start({ token: DISCORD_TOKEN, guilds, rateLimiter: discordLimiter() });
    const fakeSlack = await startFakeSlack({ workspaces: [team], appToken: 'xapp-bench', postIntervalMs: 0, rateLimiter: slackLimiter() });
    let slackUp = false;
    void fakeSlack.socket.connected().then(() => (slackUp = true));
    const chat = start(process.execPath, [bin, 'start'], {
      ...env, PORT: String(await freePort()), DISCORD_TOKEN, DISCORD_API_URL: fakeDiscord.url,
      SLACK_BOT_TOKEN: SLACK_TOKEN, SLACK_APP_TOKEN: 'xapp-bench', SLACK_API_URL: fakeSlack.url,
    });
    try {
      const chatReady = await until(() => fakeDiscord.gateway.connected > 0 && slackUp, 'gateway and Socket Mode connections', chat);
      await sleep(idleMs);
      const chatIdle = chat.sampler.window(Date.now() - idleMs + 5000);
      if (slotAt.getTime() > Date.now()) await sleep(slotAt.getTime() - Date.now());
      log('memory/embedded: slot reached; sampling the fan-out');
      await sleep((options.fanoutSeconds ?? 60) * 1000);
      const sent = fakeDiscord.messages().length + fakeSlack.recording.posts.length;
      await stop(chat);
      const chatPeaks = chat.sampler.peaks();
      rows.push({ scenario: `both chat adapters, ${total}-channel fan-out`, adapters: 'discord+slack', ready_s: round(chatReady / 1000), idle_rss_mb: chatIdle.mean, tree_peak_mb: chatPeaks.treeMb, main_hwm_mb: chatPeaks.rootHwmMb, channels: total, messages_sent: sent });
      log(`memory/embedded: chat ready in ${round(chatReady / 1000)} s, idle ${chatIdle.mean} MB, peak ${chatPeaks.treeMb} MB through the fan-out (${sent} messages)`);
    } finally {
      await stop(chat);
      await fakeDiscord.close();
      await fakeSlack.close();
    }

    // 5. One-shot commands, process start to exit.
    rows.push(await wallRow('paperboy --help', 7, ['--help'], {}));
    rows.push(await wallRow('paperboy search (embedded)', 5, ['search', 'diffusion models'], { PAPERBOY_DATA_DIR: dir }));
    if (options.serverUrl) {
      const server = await freshDatabase(options.serverUrl, 'paperboy_bench_cli', 2);
      await insertDayOfPapers(server, buildModel(), coversDay, 1000);
      await server.close();
      const url = new URL(options.serverUrl);
      url.pathname = '/paperboy_bench_cli';
      rows.push(await wallRow('paperboy search (server)', 5, ['search', 'diffusion models'], { DATABASE_URL: url.toString() }));
    }
    for (const row of rows.slice(-3)) log(`memory/embedded: ${row.scenario} ${row.wall_s_median} s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

export const embeddedMemoryNotes = [
  'Embedded rows (`part` embedded): the default set-up, no DATABASE_URL. Memory is the whole process tree of `node bin/paperboy.js start` (the CLI runs in that process from dist/; a first start adds a short-lived child that unpacks the pre-initialised data folder), VmRSS summed over the tree every 50 ms (`tree_peak_mb`, `idle_rss_mb` = mean over the last 15 s of a 20 s idle window) and each process\'s own VmHWM (`main_hwm_mb`, `child_hwm_mb`). PAPERBOY_DB_CACHE_MB at its default (16).',
  'Phases on one data folder in `bench/tmp/`: a first start on the empty folder (terminal adapter); 1,000 channels (500 Discord in 10 guilds, 500 Slack in one workspace, 5 topics each of 500) and 100 listed papers written while stopped; a restart (terminal; `npm_start_ready_s` is the median of three `npm start` runs to the terminal prompt); then both chat adapters against the fakes (ready = gateway session and Socket Mode connection up), idle, and 60 s from the digest slot through the fan-out.',
  'One-shot rows: wall time from spawning `node bin/paperboy.js ...` to its exit (dist/ already built), median of 7 (`--help`) or 5 runs; `search` on the embedded folder above and on a server database of 1,000 papers.',
];

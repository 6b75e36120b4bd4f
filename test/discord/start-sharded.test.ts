import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, guildIdOnShard, type FakeGuild } from '../fakes/discord/fake-discord.js';
import { snowflake } from '../fakes/discord/payloads.js';
import { startFakeHf, type FakeHf } from '../fakes/hf/fake-hf-server.js';
import { fixtureDayItems } from '../fakes/hf/payloads.js';
import { freePort, startPaperboy, type PaperboyProcess } from '../scale/paperboy-process.js';
import { BOT_TOKEN } from './discord-harness.js';

// `paperboy start` with DISCORD_SHARDS=2, as a user runs it: one process, both shards, one scheduler.
// Commands in guilds of either shard are answered once, and a due digest is posted once, not once per shard.

describe('paperboy start with two shards in one process', () => {
  const guilds: FakeGuild[] = [0, 1].map((shard) => ({ id: guildIdOnShard(shard, 2), name: `Shard ${shard}`, channels: [{ id: snowflake(), name: 'papers' }] }));
  let fake: FakeDiscord;
  let hf: FakeHf;
  let dataDir: string;
  let paperboy: PaperboyProcess | undefined;

  beforeAll(async () => {
    fake = await FakeDiscord.start({ token: BOT_TOKEN, guilds, shardCount: 2, maxConcurrency: 2 });
    hf = await startFakeHf();
    // Paperboy runs on the test's clock (PAPERBOY_CLOCK_START): "today" is the fixture's next day.
    for (const day of ['2026-11-28', '2026-11-27']) hf.setDay(day, fixtureDayItems());
    dataDir = mkdtempSync(join(tmpdir(), 'paperboy-sharded-'));
  });
  afterAll(async () => {
    paperboy?.kill('SIGKILL');
    await fake?.close();
    await hf?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function until(what: string, timeoutMs: number, check: () => boolean): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${paperboy?.output() ?? ''}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const ask = async (guild: FakeGuild, subcommand: string, options: Record<string, string> = {}) => {
    const id = fake.sendCommand(subcommand, options, { guildId: guild.id, channelId: guild.channels[0]!.id, manager: true });
    return { id, log: await fake.waitForAnswer(id, 10_000) };
  };
  const callbacksOf = (id: string) => fake.requests.filter((r) => r.path.startsWith(`/interactions/${id}/`)).length;

  const start = async (clockStart: string) =>
    startPaperboy('sharded', {
      PAPERBOY_DATA_DIR: dataDir,
      PAPERBOY_CLOCK_START: clockStart,
      DISCORD_TOKEN: BOT_TOKEN,
      DISCORD_API_URL: fake.url,
      DISCORD_SHARDS: '2',
      HF_API_URL: hf.url,
      DIGEST_TICK_CRON: '*/1 * * * * *',
      LOG_LEVEL: 'warn',
      PORT: String(await freePort()),
    });

  it('answers each guild once and posts a due digest once', async () => {
    paperboy = await start('2026-11-28T08:55:00Z');
    await until('two gateway sessions and /papers registered', 60_000, () => fake.gateway.connected === 2 && fake.registrations.length === 1);
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([[0, 2], [1, 2]]);

    const answered: string[] = [];
    for (const guild of guilds) answered.push((await ask(guild, 'help')).id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(answered.map(callbacksOf)).toEqual([1, 1]);

    // A channel on shard 1 subscribes at 08:55 for a 09:00 digest; Paperboy is started again at
    // 09:00:30 (as after a deploy) and its first ticks find the digest due.
    const guild = guilds[1]!;
    const channelId = guild.channels[0]!.id;
    expect(JSON.stringify((await ask(guild, 'subscribe', { topic: 'compression' })).log)).toMatch(/compression/);
    const schedule = await ask(guild, 'schedule', { time: '09:00', timezone: 'UTC', weekdays: 'daily' });
    expect(JSON.stringify(schedule.log)).toContain('Digest schedule saved');
    const headers = () => fake.messages(channelId).filter((m) => /^\*\*Daily Papers, /.test(String(m.body.content ?? '')));
    expect(headers()).toEqual([]);
    const first = paperboy;
    first.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    await until('both sessions closed', 10_000, () => fake.gateway.connected === 0);
    paperboy = await start('2026-11-28T09:00:30Z');
    await until('the digest', 90_000, () => headers().length > 0);
    // Two or more ticks later (one a second): a scheduler per shard would have posted (or at least tried) again by now.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(headers()).toHaveLength(1);
    expect(fake.messages(guilds[0]!.channels[0]!.id)).toEqual([]);
    const creates = fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);
    expect(creates.filter((r) => /^\*\*Daily Papers, /.test(String((r.body as { content?: unknown }).content ?? '')))).toHaveLength(1);
  }, 180_000);
});

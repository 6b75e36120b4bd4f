import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channel.js';
import { createCommandRunner } from '../../src/core/commands/command-runner.js';
import { ErrorCode } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import { createHealthCheck } from '../../src/ops/health-check.js';
import { startDiscordHarness } from '../discord/discord-harness.js';
import { startSlackContractHarness } from '../slack/contract-harness.js';
import { backendOf, openReopenablePglite, type ReopenableDatabase } from '../support/reopenable-pglite.js';
import type { ChatHarness } from './chat-contract.js';

// Commands while the database is down: a clear "the store is unavailable, try again in a minute"
// through the real discord.js and Bolt, never silence or an endless "thinking…"; /healthz says why.

describe.each([
  ['Discord', (b: ReturnType<typeof backendOf>) => startDiscordHarness({ backend: b })],
  ['Slack', (b: ReturnType<typeof backendOf>) => startSlackContractHarness(b)],
] as const)('%s commands while the database is down', (_name, start) => {
  let h: ChatHarness;
  let database: ReopenableDatabase;
  beforeAll(async () => {
    database = await openReopenablePglite();
    h = await start(backendOf(database));
  }, 60_000);
  afterAll(async () => {
    if (!database.running) await database.start();
    await h?.close();
  });

  it('answers that the store is unavailable, and answers normally once it is back', async () => {
    await database.stop();
    const down = await h.send({ name: 'search', query: 'diffusion' }, { manager: false });
    expect(down.text).toMatch(/store is unavailable.*try again in a minute/i);
    expect(down.ephemeral).toBe(true);
    const health = await createHealthCheck({ database, adapters: () => [] }).check();
    expect(health.status).toBe('unhealthy');
    expect(health.problems.join(' ')).toMatch(/database unreachable/);

    await database.start();
    const up = await h.send({ name: 'search', query: 'diffusion' }, { manager: false });
    expect(up.text).not.toMatch(/unavailable/i);
  });
});

describe('a command stuck on a database that does not answer', () => {
  const channel: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C1' };
  const never = () => new Promise<never>(() => {});
  const stuck = { search: never, get: never, similar: never, upsert: never };
  /** A runner whose paper store and probe the test gives; nothing else is reached by a search. */
  const runnerWith = (papers: Parameters<typeof createCommandRunner>[0]['papers'], probeStore: () => Promise<number>) =>
    createCommandRunner({
      papers,
      subscriptions: {} as never,
      source: {} as never,
      ledger: {} as never,
      digests: {} as never,
      logger: silentLogger,
      now: () => new Date('2026-11-28T10:00:00Z'),
      probeStore,
      commandDeadlineMs: 50,
      defaults: { digestTime: '09:00', timezone: 'UTC', cutoffHours: 12 },
      lookupDeadlineMs: 1000,
      votes: {} as never,
    });

  it('is answered at its deadline when the store does not answer a probe either', async () => {
    const runner = runnerWith(stuck, never);
    const reply = await runner.run({ name: 'search', query: 'diffusion', page: 1 }, { channel, caller: { id: 'U1' }, canManage: false });
    expect(reply.error?.code).toBe(ErrorCode.StoreUnavailable);
  });

  it('is left to finish when the store answers (slow, not down)', async () => {
    let finish: (value: { hits: []; hasMore: false; fuzzy: false }) => void = () => {};
    const slow = new Promise<{ hits: []; hasMore: false; fuzzy: false }>((resolve) => (finish = resolve));
    const runner = runnerWith({ ...stuck, search: () => slow }, async () => {
      finish({ hits: [], hasMore: false, fuzzy: false });
      return 1;
    });
    const reply = await runner.run({ name: 'search', query: 'diffusion', page: 1 }, { channel, caller: { id: 'U1' }, canManage: false });
    expect(reply.error?.code).not.toBe(ErrorCode.StoreUnavailable);
  });
});

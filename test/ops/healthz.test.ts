import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core/app.js';
import type { PaperSource } from '../../src/core/ports.js';
import { ingestThresholds } from '../../src/ops/ingest-thresholds.js';
import type { OpsServer } from '../../src/ops/ops-server.js';
import type { PromMetrics } from '../../src/ops/prom-metrics.js';
import { FIXTURE_MORNING, TestClock } from '../support/clock.js';
import { backends } from '../support/databases.js';
import { useBackend } from '../support/use-harness.js';
import { listedOn, makePaper } from '../support/papers.js';
import { coreWithMetrics, getJson, serveOps } from './ops-support.js';

const HOUR = 3_600_000;
const source: PaperSource = {
  async fetchDay(day) {
    return { items: listedOn(day, [makePaper({ title: 'Diffusion one' })]), skipped: 0 };
  },
  async fetchPaper() {
    return null;
  },
};

describe.each(backends)('GET /healthz ($name)', (backend) => {
  const shared = useBackend(backend);
  let core: Core;
  let metrics: PromMetrics;
  const servers: OpsServer[] = [];
  // The core's clock (the test's), and the health check's: the same moved ahead to age the last ingest.
  const clock = new TestClock();
  const today = () => clock.now().toISOString().slice(0, 10);
  let ahead = 0;
  const healthNow = () => new Date(clock.now().getTime() + ahead);

  beforeEach(async () => {
    clock.set(FIXTURE_MORNING);
    ahead = 0;
    ({ core, metrics } = await coreWithMetrics(shared.database, { source, now: clock.now }));
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });

  async function serve(options: { adapters?: { platform: string; connected?(): boolean }[]; startupGraceMs?: number } = {}) {
    const server = await serveOps({ database: shared.database, metrics, now: healthNow, maxIngestAgeMs: 2 * HOUR, startupGraceMs: options.startupGraceMs ?? 0, ...(options.adapters ? { adapters: options.adapters } : {}) });
    servers.push(server);
    return (path = '/healthz') => getJson(`${server.url}${path}`);
  }

  it('answers 200 with the database, every adapter and the age of the last ingest when all is well', async () => {
    await core.ingest.ingestDay(today());
    const get = await serve({ adapters: [{ platform: 'discord', connected: () => true }, { platform: 'slack', connected: () => true }] });
    const { status, body } = await get();
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      problems: [],
      database: { ok: true, kind: shared.database.kind },
      adapters: { discord: 'connected', slack: 'connected' },
      ingest: { maxAgeSeconds: 7200 },
    });
    const ingest = body.ingest as { lastSuccessAt: string; ageSeconds: number };
    expect(ingest.lastSuccessAt).toBe(clock.now().toISOString());
    expect(ingest.ageSeconds).toBe(0);
  });

  it('answers 503 when an adapter reports it is disconnected', async () => {
    await core.ingest.ingestDay(today());
    let up = true;
    const get = await serve({ adapters: [{ platform: 'discord', connected: () => up }] });
    expect((await get()).status).toBe(200);
    up = false;
    const { status, body } = await get();
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: 'unhealthy', adapters: { discord: 'disconnected' }, problems: ['discord disconnected'] });
  });

  it('answers 503 when the last successful ingest is older than the threshold', async () => {
    await core.ingest.ingestDay(today());
    const get = await serve();
    ahead = 2 * HOUR - 60_000;
    expect((await get()).status).toBe(200);
    ahead = 2 * HOUR + 60_000;
    const { status, body } = await get();
    expect(status).toBe(503);
    expect((body.ingest as { ageSeconds: number }).ageSeconds).toBeGreaterThan(7200);
    expect(String((body.problems as string[])[0])).toMatch(/last successful ingest 12\d minutes ago/);
  });

  it('forgives a fresh start without any ingest for the grace period, then answers 503', async () => {
    const get = await serve({ startupGraceMs: 10 * 60_000 });
    const early = await get();
    expect(early.status).toBe(200);
    expect(early.body.ingest).toMatchObject({ lastSuccessAt: null, ageSeconds: null });
    ahead = 11 * 60_000;
    const late = await get();
    expect(late.status).toBe(503);
    expect(late.body.problems).toEqual(['no successful ingest yet']);
  });

  it('counts only successful runs: a failing feed leaves the last success as it was', async () => {
    await core.ingest.ingestDay(today());
    const failing = await coreWithMetrics(shared.database, {
      now: clock.now,
      source: {
        async fetchDay() {
          throw new Error('HTTP 503');
        },
        async fetchPaper() {
          return null;
        },
      },
    });
    const get = await serve();
    const before = (await get()).body.ingest as { lastSuccessAt: string };
    clock.advance(60_000);
    await failing.core.ingest.ingestDay(today());
    expect(((await get()).body.ingest as { lastSuccessAt: string }).lastSuccessAt).toBe(before.lastSuccessAt);
  });

  it('answers 503 when the database is closed', async () => {
    // A database of its own: this test closes it.
    const own = await backend.open();
    const { core: ownCore, metrics: ownMetrics } = await coreWithMetrics(own, { source, now: clock.now });
    await ownCore.ingest.ingestDay(today());
    const server = await serveOps({ database: own, metrics: ownMetrics, now: healthNow, adapters: [{ platform: 'discord', connected: () => true }] });
    servers.push(server);
    expect((await getJson(`${server.url}/healthz`)).status).toBe(200);
    await own.close();
    const { status, body } = await getJson(`${server.url}/healthz`);
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: 'unhealthy', database: { ok: false, kind: own.kind }, adapters: { discord: 'connected' } });
    expect(String((body.problems as string[])[0])).toMatch(/^database unreachable/);
  });
});

describe('ingest thresholds from INGEST_CRON', () => {
  it('is 2 hours for the half-hourly default, three gaps for a daily schedule, and leaves one gap of grace', () => {
    expect(ingestThresholds('*/30 * * * *')).toEqual({ maxIngestAgeMs: 2 * HOUR, startupGraceMs: 40 * 60_000 });
    expect(ingestThresholds('0 6 * * *')).toEqual({ maxIngestAgeMs: 72 * HOUR, startupGraceMs: 24 * HOUR + 10 * 60_000 });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core/app.js';
import { loadConfig } from '../../src/core/config.js';
import type { Database } from '../../src/core/db/client.js';
import { createScheduler } from '../../src/core/delivery/scheduler.js';
import { createCore } from '../../src/core/app.js';
import { createHealthCheck } from '../../src/ops/health-check.js';
import { createOpsRoutes } from '../../src/ops/ops-routes.js';
import { startOpsServer } from '../../src/ops/ops-server.js';
import { createPromMetrics, type PromMetrics } from '../../src/ops/prom-metrics.js';
import { startSlack, type SlackAdapter } from '../../src/slack/index.js';
import type { PostPacerOptions } from '../../src/slack/post-pacer.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/fake-slack.js';
import { TestClock } from '../support/clock.js';
import { backends } from '../support/databases.js';
import { listedOn, makePaper } from '../support/papers.js';
import { SIGNING_SECRET, teamOne, unpaced } from '../slack/harness.js';
import { getJson, getText, offlineSource, sample } from './ops-support.js';

// Slack's HTTP receiver owns PORT, so /healthz and /metrics ride on it as Bolt custom routes.

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const C1 = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'C1' };

async function slackWithOps(mode: 'http' | 'socket', database: Database, fake: FakeSlack, pacing?: PostPacerOptions): Promise<{ core: Core; metrics: PromMetrics; adapter: SlackAdapter; routes: ReturnType<typeof createOpsRoutes> }> {
  const modeEnv = mode === 'http' ? { SLACK_SIGNING_SECRET: SIGNING_SECRET } : { SLACK_APP_TOKEN: 'xapp-test' };
  const config = loadConfig({ SLACK_API_URL: fake.url, HF_API_URL: 'http://127.0.0.1:9', SLACK_BOT_TOKEN: teamOne().botToken, ...modeEnv });
  const metrics = createPromMetrics({ processMetrics: false });
  const core = await createCore({ config, database, logger: silent, metrics, source: offlineSource, now: new TestClock().now });
  const adapters: SlackAdapter[] = [];
  const routes = createOpsRoutes({ health: createHealthCheck({ database, adapters: () => adapters }), metrics, logger: silent });
  const adapter = await startSlack({ config, core, logger: silent, listen: { port: 0, host: '127.0.0.1' }, extraRoutes: routes, ...(pacing ? { pacing } : {}) });
  adapters.push(adapter);
  return { core, metrics, adapter, routes };
}

describe.each(backends)('Slack and the ops routes ($name)', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => {
    await database.close();
  });

  it('serves /healthz and /metrics on the HTTP receiver, and counts the 429s Slack answers', async () => {
    // The adapter unpaced against a channel limit of one post per 2 s, so Slack answers real 429s
    // (Retry-After: 2) that the WebClient waits out, unless the machine stalls 2 s between two posts.
    const fake = await startFakeSlack({ workspaces: [teamOne()], postIntervalMs: 2000 });
    const { core, adapter } = await slackWithOps('http', database, fake, unpaced);
    try {
      const health = await getJson(`${adapter.url}/healthz`);
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'ok', database: { ok: true }, adapters: { slack: 'connected' } });

      await core.papers.upsert(listedOn('2026-11-27', Array.from({ length: 12 }, (_, i) => makePaper({ title: `Diffusion study ${i}`, aiSummary: 'About diffusion. '.repeat(20) }))));
      await core.subscriptions.addTopic(C1, 'diffusion', 'U1');
      await core.subscriptions.update(C1, { digestTime: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7], maxPapers: 12, useThread: true });
      const report = await createScheduler({ core, platforms: [adapter], instanceId: 'ops' }).tick(new Date('2026-11-28T09:05:00Z'));
      expect(report.sent).toBe(1);
      expect(fake.recording.rateLimited.length).toBeGreaterThan(0);

      const metrics = await getText(`${adapter.url}/metrics`);
      expect(metrics.status).toBe(200);
      expect(sample(metrics.text, 'paperboy_digests_sent_total', { platform: 'slack' })).toBe(1);
      expect(sample(metrics.text, 'paperboy_rate_limited_total', { platform: 'slack' })).toBe(fake.recording.rateLimited.length);
      // Slack's own routes still answer.
      expect((await fetch(`${adapter.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(401);
    } finally {
      await adapter.stop();
      await fake.close();
    }
    expect(adapter.connected()).toBe(false);
  });

  it('in Socket Mode reports the socket: connected once open, disconnected (503) after it closes', async () => {
    const fake = await startFakeSlack({ workspaces: [teamOne()] });
    const { adapter, routes } = await slackWithOps('socket', database, fake);
    // Socket Mode owns no port: the routes get a server of their own.
    const server = await startOpsServer({ port: 0, host: '127.0.0.1', routes, logger: silent });
    try {
      await fake.socket.connected();
      expect(adapter.connected()).toBe(true);
      const up = await getJson(`${server?.url}/healthz`);
      expect(up.status).toBe(200);
      expect(up.body.adapters).toEqual({ slack: 'connected' });
      await adapter.stop();
      const down = await getJson(`${server?.url}/healthz`);
      expect(down.status).toBe(503);
      expect(down.body.adapters).toEqual({ slack: 'disconnected' });
    } finally {
      await adapter.stop();
      await server?.close();
      await fake.close();
    }
  });
});

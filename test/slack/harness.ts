import { createCore, type Core } from '../../src/core/app.js';
import { loadConfig, type Config } from '../../src/core/config.js';
import type { Database } from '../../src/core/db/client.js';
import { createLogger } from '../../src/core/logger.js';
import { createScheduler, type Scheduler } from '../../src/core/delivery/scheduler.js';
import type { Logger, PaperSource } from '../../src/core/ports.js';
import { startSlack, type SlackAdapter, type SlackMode } from '../../src/slack/index.js';
import type { PostPacerOptions } from '../../src/slack/post-pacer.js';
import { startFakeSlack, workspace, type FakeSlack } from '../fakes/slack/fake-slack.js';
import type { FakeWorkspace } from '../fakes/slack/state.js';
import { clockedScheduler, FIXTURE_MORNING, TestClock } from '../support/clock.js';
import type { Backend } from '../support/databases.js';
import { useHarness } from '../support/use-harness.js';

// One running Paperboy-on-Slack against the fake: database, core, real Bolt adapter.

export const SIGNING_SECRET = 'test-signing-secret';

/** Workspace T1: an admin, a member, a guest; channel C1 (bot invited), C2 (not invited), C3 (archived). */
export function teamOne(): FakeWorkspace {
  return workspace('T1', {
    users: [
      { id: 'UADMIN', name: 'ada', isAdmin: true },
      { id: 'UMEMBER', name: 'bob' },
      { id: 'UOWNER', name: 'olga', isOwner: true },
    ],
    channels: [
      { id: 'C1', name: 'papers' },
      { id: 'C2', name: 'private-lab', botIsMember: false },
      { id: 'C3', name: 'old', isArchived: true },
    ],
  });
}

/**
 * Pacing for tests whose fake sets no channel limit (postIntervalMs 0) and that are not about pacing:
 * a digest's parts go out as fast as the fake answers instead of a second apart. The pacer has its
 * own tests (post-pacer.test.ts) and digest.test.ts runs the default against a rate-limiting fake.
 */
export const unpaced: PostPacerOptions = { workspacePerMinute: 60_000, workspaceBurst: 1000, channelIntervalMs: 0 };

// Tests never reach Hugging Face: `/papers paper <id>` for an unknown id finds nothing here.
const offlineSource: PaperSource = {
  async fetchDay() {
    return { items: [], skipped: 0 };
  },
  async fetchPaper() {
    return null;
  },
};

export interface SlackHarness {
  fake: FakeSlack;
  scheduler: Scheduler;
  /** The clock the core reads; a scheduler tick at an instant moves it there. */
  clock: TestClock;
  database: Database;
  core: Core;
  config: Config;
  adapter: SlackAdapter;
  logLines: string[];
  close(): Promise<void>;
}

export async function startHarness(options: {
  backend: Backend;
  mode: SlackMode;
  env?: Record<string, string>;
  workspaces?: FakeWorkspace[];
  postIntervalMs?: number;
  /** The adapter's pacing of digest posts (default: the production pacing). */
  pacing?: PostPacerOptions;
  /** The test's clock (default: the morning after the fixture day). */
  clock?: TestClock;
}): Promise<SlackHarness> {
  const fake = await startFakeSlack({
    workspaces: options.workspaces ?? (options.mode === 'oauth' ? [] : [teamOne()]),
    ...(options.postIntervalMs !== undefined ? { postIntervalMs: options.postIntervalMs } : {}),
  });
  const database = await options.backend.open();
  const env: Record<string, string> = { SLACK_API_URL: fake.url, HF_API_URL: 'http://127.0.0.1:9', LOG_LEVEL: 'debug', ...modeEnv(options.mode), ...options.env };
  const config = loadConfig(env);
  const logLines: string[] = [];
  const logger: Logger = createLogger({ level: 'debug', write: (line) => logLines.push(line), secrets: [config.SLACK_BOT_TOKEN, config.SLACK_APP_TOKEN, config.SLACK_CLIENT_SECRET] });
  const clock = options.clock ?? new TestClock();
  const core = await createCore({ config, database, logger, source: offlineSource, now: clock.now });
  let adapter: SlackAdapter;
  try {
    adapter = await startSlack({ config, core, logger, listen: { port: 0, host: '127.0.0.1' }, ...(options.pacing ? { pacing: options.pacing } : {}) });
  } catch (error) {
    await fake.close();
    await database.close();
    throw error;
  }
  const scheduler = clockedScheduler(createScheduler({ core, platforms: [adapter], instanceId: 'slack-test' }), clock);
  return {
    fake,
    scheduler,
    clock,
    database,
    core,
    config,
    adapter,
    logLines,
    async close() {
      await scheduler.stop();
      await adapter.stop();
      await fake.close();
      await database.close();
    },
  };
}

/** One harness for the calling describe block; before each test empty tables, a fake that forgot everything, the clock at the fixture morning (see useHarness). */
export function useSlackHarness(start: () => Promise<SlackHarness>): SlackHarness {
  return useHarness(start, (h) => {
    h.fake.reset();
    h.clock.set(FIXTURE_MORNING);
  });
}

function modeEnv(mode: SlackMode): Record<string, string> {
  switch (mode) {
    case 'socket':
      return { SLACK_BOT_TOKEN: teamOne().botToken, SLACK_APP_TOKEN: 'xapp-test' };
    case 'http':
      return { SLACK_BOT_TOKEN: teamOne().botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET };
    case 'oauth':
      return { SLACK_CLIENT_ID: 'client-id', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 'state-secret-for-tests', SLACK_SIGNING_SECRET: SIGNING_SECRET };
  }
}

import { resolve } from 'node:path';
import type { ScheduledTask } from 'node-cron';
import { createConsolePlatform } from '../console/console-platform.js';
import { runConsoleSession } from '../console/console-session.js';
import { serveLocalCommands, type LocalCommandServer } from '../console/local-commands.js';
import { quietRepeats } from '../console/quiet-repeats.js';
import { createTerminalScreen } from '../console/terminal-screen.js';
import { enabledPlatforms, type Config } from '../core/config.js';
import { createPgRunCoordinator } from '../core/delivery/run-coordinator.js';
import { createScheduler, type Scheduler } from '../core/delivery/scheduler.js';
import { startIngestCron } from '../core/ingest/ingest-cron.js';
import type { ChatPlatform, Logger } from '../core/ports.js';
import { createOpsEndpoint } from '../ops/ops-endpoint.js';
import type { OpsServer } from '../ops/ops-server.js';
import { createPromMetrics } from '../ops/prom-metrics.js';
import type { CliIo } from './cli-io.js';
import { openCore } from './open-core.js';

interface RunningAdapter extends ChatPlatform {
  /** For /healthz; absent means nothing to lose. */
  connected?(): boolean;
  stop(): Promise<void>;
}

/**
 * Runs Paperboy until SIGINT/SIGTERM (or, with the terminal adapter, the end of input):
 * migrations, the ingest job, the digest scheduler and the chat adapters the config enables.
 */
export async function runStart(config: Config, logger: Logger, io: CliIo): Promise<number> {
  const metrics = createPromMetrics();
  const core = await openCore(config, logger, metrics);
  logger.info('database ready', { location: core.database.location });
  const enabled = enabledPlatforms(config);
  const adapters: RunningAdapter[] = [];
  const platforms: ChatPlatform[] = [];
  let ingestTask: ScheduledTask | undefined;
  // /healthz and /metrics: on Slack's HTTP receiver when it owns PORT, else on a server of our own.
  const ops = createOpsEndpoint({ metrics, database: core.database, adapters: () => adapters, ingestCron: config.INGEST_CRON, logger, now: core.now });
  let opsServer: OpsServer | null = null;
  let localCommands: LocalCommandServer | undefined;
  let slackOwnsPort = false;
  let stopping: Promise<void> | undefined;
  // Assigned once the adapters are up; a signal during start-up finds it undefined.
  let scheduler: Scheduler | undefined;

  const onRejection = (reason: unknown) => logger.error('unhandled rejection (kept running)', { error: reason });
  process.on('unhandledRejection', onRejection);

  let finish: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => {
    finish = resolve;
  });

  async function shutdown(signal: string): Promise<void> {
    if (stopping) return stopping;
    stopping = (async () => {
      logger.info('shutting down', { signal });
      await opsServer?.close();
      await localCommands?.close();
      await ingestTask?.stop();
      await ingestTask?.destroy();
      await scheduler?.stop().catch((error: unknown) => logger.warn('scheduler stop failed', { error }));
      for (const adapter of adapters) await adapter.stop().catch((error: unknown) => logger.warn('adapter stop failed', { platform: adapter.platform, error }));
      await core.database.close().catch(() => {});
      process.off('unhandledRejection', onRejection);
      logger.info('stopped');
      finish(0);
    })();
    return stopping;
  }
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    // One Ctrl-C reaches every process of the group (npm, the wrapper, this one), and wrappers
    // pass it on too: a repeat within a second is the same request.
    if (stopping && Date.now() - firstSignalAt < 1000) return;
    if (stopping) {
      logger.warn('second signal: exiting now', { signal });
      process.exit(1);
    }
    firstSignalAt = Date.now();
    void shutdown(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    if (enabled.discord) {
      const { startDiscord, shardPlan } = await import('../discord/index.js');
      // One Client runs every shard this process owns; the scheduler below stays one per process.
      const shards = shardPlan(config);
      const adapter = await startDiscord({ config, core, logger, gateway: config.DISCORD_GATEWAY, ...(shards ? { shards } : {}) });
      adapters.push(adapter);
      platforms.push(adapter);
    }
    if (enabled.slack) {
      const { startSlack } = await import('../slack/index.js');
      const adapter = await startSlack({ config, core, logger, extraRoutes: ops.routes });
      slackOwnsPort = adapter.mode !== 'socket';
      adapters.push(adapter);
      platforms.push(adapter);
    }
  } catch (error) {
    for (const adapter of adapters) await adapter.stop().catch(() => {});
    await core.database.close().catch(() => {});
    throw error;
  }
  // The embedded database admits this process only: `paperboy search` and `paperboy paper` run
  // beside it ask it instead, through a socket in the data folder.
  if (core.database.kind === 'pglite' && !config.PAPERBOY_DATA_DIR.startsWith('memory://')) {
    localCommands = await serveLocalCommands(resolve(config.PAPERBOY_DATA_DIR), core.commands).catch((error: unknown) => {
      logger.warn('paperboy search beside this process will not work', { error });
      return undefined;
    });
  }
  const terminal = adapters.length === 0;
  // A busy PORT is logged and skipped: delivery matters more than the probe. With the terminal
  // adapter this is someone's own machine: the probe is for them, not for the network.
  if (!slackOwnsPort) opsServer = await ops.listen(config.PORT, terminal ? '127.0.0.1' : undefined);
  // The terminal is the chat: replies, digests and log lines share it with the prompt, so every
  // line is printed above the prompt and a warning repeated by an outage thins out.
  const screen = terminal ? createTerminalScreen(io.stdout, io.isTTY) : undefined;
  if (screen) {
    const out = io.out;
    const err = io.err;
    const log = quietRepeats((line) => screen.print(line, (body) => err(body.trimEnd())));
    io.out = (text) => screen.print(text, (body) => out(body.trimEnd()));
    io.err = log;
    void finished.then(() => {
      io.out = out;
      io.err = err;
    });
    platforms.push(createConsolePlatform((text) => io.out(text)));
  }

  scheduler = createScheduler({ core, platforms });
  scheduler.start();
  // On a shared server several instances may run; each ingest fire runs on one of them.
  const coordinator = core.database.kind === 'postgres' ? createPgRunCoordinator(core.database.db, scheduler.instanceId, logger, core.now) : undefined;
  ingestTask = startIngestCron(core.ingest, config.INGEST_CRON, logger, coordinator);
  if (config.INGEST_ON_START) {
    logger.info('ingesting today and yesterday', { from: config.HF_API_URL });
    void core.ingest.tick().then((results) => {
      const stored = results.reduce((n, r) => n + r.stored + r.updated, 0);
      const failed = results.filter((r) => !r.ok);
      if (terminal) {
        io.out(
          failed.length === results.length
            ? `Could not reach ${config.HF_API_URL} (${failed[0]?.error ?? 'unknown error'}); retrying every tick of ${config.INGEST_CRON}.`
            : `Ingested ${stored} papers for ${results.map((r) => r.day).join(', ')}.`,
        );
      }
    });
  }

  if (terminal) {
    io.out(
      [
        'Paperboy is running with the terminal adapter (no DISCORD_TOKEN or Slack tokens set).',
        `Data: ${core.database.location}`,
        `Papers: ${config.HF_API_URL} every "${config.INGEST_CRON}"`,
        'Type /papers help, or /papers subscribe diffusion. Digests for this terminal print here when due. Ctrl-D or exit to quit.',
      ].join('\n'),
    );
    void runConsoleSession({ commands: core.commands, input: io.stdin, output: io.stdout, prompt: io.isTTY, ...(screen ? { screen } : {}) }).then(() =>
      shutdown('end of input'),
    );
  } else {
    logger.info('Paperboy is running', { platforms: platforms.map((p) => p.platform).join(','), data: core.database.location });
  }
  return finished;
}

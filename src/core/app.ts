import { sql } from 'drizzle-orm';
import type { ChannelSettings } from './channel.js';
import { clockStartingAt, systemClock, type Clock } from './clock.js';
import { createCommandRunner } from './commands/command-runner.js';
import type { CommandRunner } from './commands/context.js';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { createPgDeliveryLedger, type DeliveryLedger } from './delivery/delivery-ledger.js';
import { createDigestBuilder, type DigestBuilder } from './digest/digest-builder.js';
import { createPgVoteStore, type VoteStore } from './feedback/vote-store.js';
import { createIngestor, type Ingestor } from './ingest/ingestor.js';
import { silentLogger } from './logger.js';
import { noopMetrics } from './noop-metrics.js';
import { createPgPaperStore } from './papers/paper-store.js';
import type { Logger, Metrics, PaperSource, PaperStore, SubscriptionStore } from './ports.js';
import { createHfSource } from './sources/hf-source.js';
import { nextDigestAt } from './subscriptions/schedule.js';
import { createPgSubscriptionStore } from './subscriptions/subscription-store.js';

/** Everything platform-free, wired once. Adapters receive this and nothing else from the core. */
export interface Core {
  config: Config;
  database: Database;
  logger: Logger;
  metrics: Metrics;
  now(): Date;
  papers: PaperStore;
  subscriptions: SubscriptionStore;
  source: PaperSource;
  ledger: DeliveryLedger;
  digests: DigestBuilder;
  votes: VoteStore;
  ingest: Ingestor;
  commands: CommandRunner;
  nextDigestAt(settings: ChannelSettings, now: Date): Date | null;
}

export interface CoreOptions {
  config: Config;
  /** Opened and migrated by the caller (see openDatabase, migrate). */
  database: Database;
  logger?: Logger;
  /** Where counters and timings go (src/ops exports them for Prometheus); none by default. */
  metrics?: Metrics;
  /** Defaults to the Hugging Face Daily Papers API at config.HF_API_URL. */
  source?: PaperSource;
  /** The application clock (see clock.ts); default: the system clock, or PAPERBOY_CLOCK_START when set. */
  now?: Clock;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const { config, database } = options;
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics ?? noopMetrics;
  const now = options.now ?? (config.PAPERBOY_CLOCK_START ? clockStartingAt(config.PAPERBOY_CLOCK_START) : systemClock);
  const db = database.db;
  const papers = createPgPaperStore(db, { now });
  const subscriptions = createPgSubscriptionStore(db, {
    digestTime: config.DEFAULT_DIGEST_TIME,
    timezone: config.DEFAULT_TIMEZONE,
    now,
  });
  const source =
    options.source ??
    createHfSource({ baseUrl: config.HF_API_URL, token: config.HF_TOKEN, timeoutMs: config.HF_TIMEOUT_MS, retries: config.HF_RETRIES, logger });
  const ledger = createPgDeliveryLedger(db);
  const digests = createDigestBuilder(db);
  const votes = createPgVoteStore(db, now);
  const ingest = createIngestor({ db, papers, source, logger, metrics, now });
  const commands = createCommandRunner({
    papers,
    subscriptions,
    source,
    ledger,
    digests,
    votes,
    logger,
    metrics,
    now,
    probeStore: () => db.execute(sql`select 1`),
    defaults: { digestTime: config.DEFAULT_DIGEST_TIME, timezone: config.DEFAULT_TIMEZONE, cutoffHours: config.DIGEST_CUTOFF_HOURS },
    lookupDeadlineMs: config.HF_LOOKUP_DEADLINE_MS,
  });
  return { config, database, logger, metrics, now, papers, subscriptions, source, ledger, digests, votes, ingest, commands, nextDigestAt };
}

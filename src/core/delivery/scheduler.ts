import { randomBytes } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { Platform } from '../channel.js';
import type { Digest } from '../digest/digest.js';
import type { ChatPlatform, DeliveryFailure } from '../ports.js';
import type { Core } from '../app.js';
import type { Claim } from './delivery-ledger.js';
import { mapWithConcurrency } from './concurrency.js';
import { interleaveBy } from './interleave.js';
import { retryDelayMs } from './retry-policy.js';

// The digest tick: claim what is due, choose papers for all of it set-wise, hand each digest to
// its platform, record the outcome. Platforms are delivered independently so a slow one never
// holds up another.

export interface TickReport {
  claimed: number;
  sent: number;
  empty: number;
  failed: number;
  skippedMissed: number;
  /** Digests waiting because no papers were ingested for their day yet. */
  waiting: number;
}

export interface SchedulerOptions {
  core: Core;
  platforms: ChatPlatform[];
  instanceId?: string;
  /** Concurrent deliveries per platform (the adapter's own client queues rate limits). */
  concurrency?: number;
  /** How long a claim stays ours before another instance may take it over. */
  leaseMs?: number;
  /** Called with each digest delivered (e.g. the console prints it). */
  onDelivered?: (digest: Digest) => void;
}

export interface Scheduler {
  tick(now?: Date): Promise<TickReport>;
  start(): void;
  stop(): Promise<void>;
  readonly instanceId: string;
}

const PAUSE_AFTER_FAILURES = 3;

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { core } = options;
  const instanceId = options.instanceId ?? core.config.INSTANCE_ID ?? `paperboy-${process.pid}-${randomBytes(3).toString('hex')}`;
  const byPlatform = new Map<Platform, ChatPlatform>(options.platforms.map((p) => [p.platform, p]));
  const concurrency = options.concurrency ?? core.config.DIGEST_CONCURRENCY;
  const leaseMs = options.leaseMs ?? core.config.DIGEST_LEASE_SECONDS * 1000;
  let task: ScheduledTask | undefined;
  let running: Promise<TickReport> | undefined;
  // Set by stop(): deliveries not yet started are released for another instance (or the restart).
  let stopping = false;

  async function tick(now: Date = core.now()): Promise<TickReport> {
    const report: TickReport = { claimed: 0, sent: 0, empty: 0, failed: 0, skippedMissed: 0, waiting: 0 };
    const platforms = [...byPlatform.keys()];
    if (platforms.length === 0) return report;
    const cutoffHours = core.config.DIGEST_CUTOFF_HOURS;
    report.skippedMissed = await core.ledger.skipMissed({ now, platforms, cutoffHours });
    const claims = await core.ledger.claimDue({ now, instanceId, platforms, cutoffHours, leaseMs });
    report.claimed = claims.length;
    if (claims.length === 0) return report;
    // Keep our claims while a long fan-out runs; if this process dies, the heartbeat stops and
    // another instance takes the rest over once the lease runs out.
    const heartbeat = setInterval(() => {
      core.ledger
        .renewLeases(instanceId, new Date(core.now().getTime() + leaseMs))
        .catch((error: unknown) => core.logger.warn('lease heartbeat failed', { error }));
    }, Math.max(1000, leaseMs / 3));
    heartbeat.unref();
    try {
      await deliverClaims(claims, now, report);
    } finally {
      clearInterval(heartbeat);
    }
    return report;
  }

  async function deliverClaims(claims: Claim[], now: Date, report: TickReport): Promise<void> {

    const listed = await core.digests.listedCounts(claims.map((c) => c.coversDay));
    const ready = claims.filter((c) => (listed.get(c.coversDay) ?? 0) > 0);
    const waiting = claims.filter((c) => (listed.get(c.coversDay) ?? 0) === 0);
    // No papers ingested for their day yet (feed late or down): try again in a while, until the cutoff.
    await core.ledger.markWaiting(waiting, instanceId, new Date(now.getTime() + 10 * 60_000), now);
    report.waiting = waiting.length;

    const topics = await core.digests.topicsOf(ready.map((c) => c.channel.id));
    const chosen = await core.digests.choose(
      ready.map((c) => ({
        key: String(c.deliveryId),
        day: c.coversDay,
        topics: topics.get(c.channel.id) ?? [],
        maxPapers: c.channel.maxPapers,
        minUpvotes: c.channel.minUpvotes,
        excludeDeliveredTo: c.channel.id,
        learnFrom: c.channel.id,
      })),
    );

    const empty = ready.filter((c) => (chosen.get(String(c.deliveryId)) ?? []).length === 0);
    await core.ledger.markEmpty(empty, instanceId, now);
    report.empty = empty.length;
    const groups = new Map<Platform, Claim[]>();
    const emptySet = new Set(empty);
    for (const claim of ready) {
      if (emptySet.has(claim)) continue;
      const list = groups.get(claim.channel.platform) ?? [];
      list.push(claim);
      groups.set(claim.channel.platform, list);
    }

    await Promise.all(
      [...groups].map(async ([platformName, list]) => {
        const platform = byPlatform.get(platformName);
        if (!platform) return;
        await mapWithConcurrency(interleaveBy(list, (c) => c.channel.workspaceId), concurrency, async (claim) => {
          if (stopping) {
            await core.ledger.release(claim, instanceId, core.now());
            return;
          }
          const digest: Digest = {
            channel: { platform: claim.channel.platform, workspaceId: claim.channel.workspaceId, channelId: claim.channel.channelId },
            day: claim.coversDay,
            topics: topics.get(claim.channel.id) ?? [],
            papers: chosen.get(String(claim.deliveryId)) ?? [],
            preview: false,
          };
          const ok = await deliverOne(platform, claim, digest, now);
          if (ok) {
            report.sent += 1;
            options.onDelivered?.(digest);
          } else report.failed += 1;
        });
      }),
    );
  }

  async function deliverOne(platform: ChatPlatform, claim: Claim, digest: Digest, now: Date): Promise<boolean> {
    const ref = digest.channel;
    let outcome;
    try {
      outcome = await platform.deliverDigest({ channel: ref, useThread: claim.channel.useThread, deliveryKey: `d${claim.deliveryId}` }, digest);
    } catch (error) {
      // Adapters should classify instead of throwing; treat a throw as transient.
      outcome = { ok: false as const, failure: 'transient' as DeliveryFailure, message: error instanceof Error ? error.message : String(error) };
    }
    core.metrics.digestDelivered(ref.platform, outcome.ok ? 'sent' : outcome.failure, core.now().getTime() - claim.slotAt.getTime());
    if (outcome.ok) {
      await core.ledger.markSent(claim, instanceId, outcome.messageIds, digest.papers.map((p) => p.paper.id), now);
      core.logger.info('digest sent', { platform: ref.platform, channel: ref.channelId, day: digest.day, papers: digest.papers.length });
      return true;
    }
    const failure = outcome.failure;
    const final = failure === 'archived' || failure === 'workspace_revoked';
    const retryAt = final ? null : new Date(now.getTime() + retryDelayMs(claim.attempts, outcome.retryAfterMs));
    const counts = failure === 'no_access' || failure === 'channel_gone';
    const consecutive = await core.ledger.markFailed(claim, instanceId, `${failure}: ${outcome.message}`, retryAt, now, counts);
    core.logger.warn('digest delivery failed', { platform: ref.platform, channel: ref.channelId, failure, error: outcome.message, attempt: claim.attempts });
    if (failure === 'archived') {
      await core.subscriptions.setPaused(ref, true, 'the channel is archived');
    } else if (failure === 'workspace_revoked') {
      await core.subscriptions.pauseWorkspace(ref.platform, ref.workspaceId, `the app lost access to this workspace (${outcome.message})`);
    } else if (counts && consecutive >= PAUSE_AFTER_FAILURES) {
      const why = failure === 'channel_gone' ? 'the channel was not found' : 'the bot has no access to this channel';
      await core.subscriptions.setPaused(ref, true, `${why} (${consecutive} failed deliveries in a row): ${outcome.message}`);
    }
    return false;
  }

  return {
    instanceId,
    tick,
    start() {
      if (task) return;
      task = cron.schedule(
        core.config.DIGEST_TICK_CRON,
        async () => {
          if (running) return;
          running = tick().catch((error: unknown) => {
            core.logger.error('digest tick failed; the next tick resumes', { error });
            return { claimed: 0, sent: 0, empty: 0, failed: 0, skippedMissed: 0, waiting: 0 };
          });
          try {
            const report = await running;
            if (report.claimed > 0 || report.skippedMissed > 0) core.logger.info('digest tick', { ...report });
          } finally {
            running = undefined;
          }
        },
        // UTC, as .env.example says: the host's zone must not move a tick.
        { name: 'paperboy-digest', noOverlap: true, timezone: 'UTC' },
      );
    },
    async stop() {
      stopping = true;
      await task?.stop();
      await task?.destroy();
      task = undefined;
      await running;
    },
  };
}

import { randomBytes } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { Platform } from '../channel.js';
import type { Digest } from '../digest/digest.js';
import type { ChatPlatform } from '../ports.js';
import type { Core } from '../app.js';
import type { Claim } from './delivery-ledger.js';
import { mapWithConcurrency } from './concurrency.js';
import { interleaveBy } from './interleave.js';
import { periodDays } from '../digest/period.js';
import { deliverClaim } from './deliver-claim.js';

// The digest tick: claim what is due, choose papers for all of it set-wise, hand each digest to
// its platform, record the outcome. Platforms are delivered independently so a slow one never
// holds up another.

export interface TickReport {
  claimed: number;
  sent: number;
  empty: number;
  failed: number;
  /** Posted (at least partly) but not recorded as sent: taken over, or stopped while the database was down. */
  unknown: number;
  skippedMissed: number;
  /** Digests waiting because no papers were ingested for their day yet. */
  waiting: number;
  /** Parts found on the platform by a look-up (outcome unknown after an earlier attempt) instead of posted again. */
  recovered: number;
}

export const emptyReport = (): TickReport => ({ claimed: 0, sent: 0, empty: 0, failed: 0, unknown: 0, skippedMissed: 0, waiting: 0, recovered: 0 });

export interface SchedulerOptions {
  core: Core;
  platforms: ChatPlatform[];
  instanceId?: string;
  /** Concurrent deliveries per platform (the adapter's own client queues rate limits). */
  concurrency?: number;
  /** How long a claim stays ours before another instance may take it over. */
  leaseMs?: number;
  /** Due digests claimed at a time (default DIGEST_CLAIM_BATCH). */
  claimBatch?: number;
  /** Called with each digest delivered (e.g. the console prints it). */
  onDelivered?: (digest: Digest) => void;
}

export interface Scheduler {
  tick(now?: Date): Promise<TickReport>;
  start(): void;
  stop(): Promise<void>;
  readonly instanceId: string;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { core } = options;
  const instanceId = options.instanceId ?? core.config.INSTANCE_ID ?? `paperboy-${process.pid}-${randomBytes(3).toString('hex')}`;
  const byPlatform = new Map<Platform, ChatPlatform>(options.platforms.map((p) => [p.platform, p]));
  const concurrency = options.concurrency ?? core.config.DIGEST_CONCURRENCY;
  const leaseMs = options.leaseMs ?? core.config.DIGEST_LEASE_SECONDS * 1000;
  const claimBatch = options.claimBatch ?? core.config.DIGEST_CLAIM_BATCH;
  let task: ScheduledTask | undefined;
  let running: Promise<TickReport> | undefined;
  // Set by stop(): deliveries not yet started are released for another instance (or the restart).
  let stopping = false;

  async function tick(now: Date = core.now()): Promise<TickReport> {
    const report = emptyReport();
    const platforms = [...byPlatform.keys()];
    if (platforms.length === 0) return report;
    // A fan-out can outlast a lease: later batches and every record use the tick's instant plus the
    // time since, so their leases are as long as the first batch's.
    const startedAt = core.now().getTime();
    const clock = () => new Date(now.getTime() + (core.now().getTime() - startedAt));
    const cutoffHours = core.config.DIGEST_CUTOFF_HOURS;
    // The one statement that works out slots: what came due since the last tick becomes a due row.
    report.skippedMissed = (await core.ledger.openDue({ now, platforms, cutoffHours })).skipped;
    // Keep our claims while a long fan-out runs; if this process dies, the heartbeat stops and
    // another instance takes over what it held (one batch) once the lease runs out.
    const heartbeat = setInterval(() => {
      core.ledger
        .renewLeases(instanceId, new Date(clock().getTime() + leaseMs))
        .catch((error: unknown) => core.logger.warn('lease heartbeat failed', { error }));
    }, Math.max(1000, leaseMs / 3));
    heartbeat.unref();
    try {
      // Bounded batches, claimed per platform so a slow platform never holds up another: another
      // instance claiming at the same moment gets the rest, and a crash leaves only the batches in
      // hand to take over.
      await Promise.all(
        platforms.map(async (platform) => {
          while (!stopping) {
            const batch = await core.ledger.claimDue({ now: clock(), instanceId, platforms: [platform], cutoffHours, leaseMs, limit: claimBatch });
            report.claimed += batch.claims.length;
            if (batch.claims.length === 0) break;
            await deliverClaims(batch.claims, clock, report);
          }
        }),
      );
    } finally {
      clearInterval(heartbeat);
    }
    return report;
  }

  async function deliverClaims(claims: Claim[], clock: () => Date, report: TickReport): Promise<void> {
    const now = clock();
    const daysOf = (c: Claim) => periodDays({ from: c.coversFrom, to: c.coversDay });
    const listed = await core.digests.listedCounts([...new Set(claims.flatMap(daysOf))]);
    // A week or a month is ready once any of its days has papers: a quiet last day (a weekend) must
    // not hold it back until the cutoff.
    const hasPapers = (c: Claim) => daysOf(c).some((day) => (listed.get(day) ?? 0) > 0);
    const ready = claims.filter(hasPapers);
    const waiting = claims.filter((c) => !hasPapers(c));
    // No papers ingested for their days yet (feed late or down): try again in a while, until the cutoff.
    await core.ledger.markWaiting(waiting, instanceId, new Date(now.getTime() + 10 * 60_000), now);
    report.waiting += waiting.length;

    const topics = await core.digests.topicsOf(ready.map((c) => c.channel.id));
    const chosen = await core.digests.choose(
      ready.map((c) => ({
        key: String(c.deliveryId),
        day: c.coversDay,
        ...(c.period !== 'day' ? { from: c.coversFrom } : {}),
        topics: topics.get(c.channel.id) ?? [],
        maxPapers: c.channel.maxPapers,
        minUpvotes: c.channel.minUpvotes,
        excludeDeliveredTo: c.channel.id,
        ...(c.planned ? { planned: c.planned } : {}),
        learnFrom: c.channel.id,
      })),
    );
    // Parts earlier attempts posted (only deliveries that ever began posting can have any).
    const posted = await core.ledger.postedParts(ready.filter((c) => c.postingSince !== null).map((c) => c.deliveryId));

    const empty = ready.filter((c) => (chosen.get(String(c.deliveryId)) ?? []).length === 0);
    await core.ledger.markEmpty(empty, instanceId, now);
    report.empty += empty.length;
    const groups = new Map<Platform, Claim[]>();
    const emptySet = new Set(empty);
    for (const claim of ready) {
      if (emptySet.has(claim)) continue;
      const list = groups.get(claim.channel.platform) ?? [];
      list.push(claim);
      groups.set(claim.channel.platform, list);
    }

    const deps = { core, instanceId, leaseMs, clock, stopping: () => stopping };
    await Promise.all(
      [...groups].map(async ([platformName, list]) => {
        const platform = byPlatform.get(platformName);
        if (!platform) return;
        const work = async (claim: Claim) => {
          if (stopping) {
            await core.ledger.release(claim, instanceId, clock());
            return;
          }
          const digest: Digest = {
            channel: { platform: claim.channel.platform, workspaceId: claim.channel.workspaceId, channelId: claim.channel.channelId },
            day: claim.coversDay,
            ...(claim.period !== 'day' ? { period: { kind: claim.period, from: claim.coversFrom, to: claim.coversDay } } : {}),
            topics: topics.get(claim.channel.id) ?? [],
            papers: chosen.get(String(claim.deliveryId)) ?? [],
            preview: false,
          };
          const result = await deliverClaim(deps, platform, claim, digest, posted.get(claim.deliveryId) ?? []);
          report.recovered += result.recovered;
          if (result.kind === 'sent') {
            report.sent += 1;
            options.onDelivered?.(digest);
          } else if (result.kind === 'failed') report.failed += 1;
          else if (result.kind === 'unknown') report.unknown += 1;
        };
        // A throw here is a database error outside the post-and-record path (e.g. release, a pause):
        // the claim stays ours until its lease runs out, then it is tried again.
        await mapWithConcurrency(interleaveBy(list, (c) => c.channel.workspaceId), concurrency, work, (claim, error) => {
          report.unknown += 1;
          core.logger.error('digest delivery stopped by an error; retried after the lease', { channel: claim.channel.channelId, delivery: claim.deliveryId, error });
        });
      }),
    );
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
            return emptyReport();
          });
          try {
            const report = await running;
            if (report.claimed > 0 || report.skippedMissed > 0) {
              (report.unknown > 0 ? core.logger.warn : core.logger.info)('digest tick', { ...report });
            }
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

import type { Core } from '../app.js';
import type { Digest } from '../digest/digest.js';
import { PartNotRecordedError, type ChatPlatform, type DeliveryFailure, type DeliveryOutcome, type DeliveryProgress, type PostedPart } from '../ports.js';
import type { Claim } from './delivery-ledger.js';
import { retryDelayMs } from './retry-policy.js';
import { StoreGaveUpError, untilStored } from './until-stored.js';

// One claimed digest, from "about to post" to the ledger's last word. Each part the adapter posts is
// recorded before the next; every write after a post waits out a database outage. What cannot be
// recorded (the claim was taken over, or the process stops mid-outage) is reported as `unknown`:
// never as sent, never as failed, and whoever holds the delivery next resumes after the last part.

export type ClaimResult = { kind: 'sent' | 'failed' | 'unknown' | 'skipped'; recovered: number };

export interface DeliverClaimDeps {
  core: Core;
  instanceId: string;
  leaseMs: number;
  /** The tick's clock: the tick's instant plus the time since it began. */
  clock(): Date;
  stopping(): boolean;
}

const PAUSE_AFTER_FAILURES = 3;

export async function deliverClaim(deps: DeliverClaimDeps, platform: ChatPlatform, claim: Claim, digest: Digest, posted: PostedPart[]): Promise<ClaimResult> {
  const { core, instanceId } = deps;
  const ref = digest.channel;
  const key = `d${claim.deliveryId}`;
  const fields = { platform: ref.platform, channel: ref.channelId, day: digest.day, delivery: claim.deliveryId };
  const store = <T>(operation: string, write: () => Promise<T>) =>
    untilStored(operation, fields, write, { logger: core.logger, metrics: core.metrics, stopping: deps.stopping });
  let recovered = 0;
  const unknown = (why: string, error?: unknown): ClaimResult => {
    core.metrics.digestDelivered(ref.platform, 'unknown', deps.clock().getTime() - claim.slotAt.getTime());
    core.logger.warn('digest outcome not recorded; whoever holds the delivery next resumes after the last recorded part', { ...fields, why, error });
    return { kind: 'unknown', recovered };
  };

  const planned = digest.papers.map((p) => ({ paperId: p.paper.id, upvotes: p.upvotes, matchedTopics: p.matchedTopics }));
  if (!(await store('startPosting', () => core.ledger.startPosting(claim, instanceId, deps.clock(), planned)))) {
    core.logger.info('digest claim taken over before posting', fields);
    return { kind: 'skipped', recovered };
  }
  const progress: DeliveryProgress = {
    posted,
    uncertain: claim.postingSince !== null,
    since: claim.postingSince,
    async record(part) {
      let ours: boolean;
      try {
        ours = await store('recordPart', () =>
          core.ledger.recordPart(claim, instanceId, part, deps.clock(), new Date(deps.clock().getTime() + deps.leaseMs)),
        );
      } catch (error) {
        if (error instanceof StoreGaveUpError) throw new PartNotRecordedError('store_unavailable', key);
        throw error;
      }
      if (!ours) throw new PartNotRecordedError('taken_over', key);
      if (part.recovered) {
        recovered += 1;
        core.metrics.digestPartsRecovered(ref.platform, 1);
        core.logger.info('digest part found on the platform, not posted again', { ...fields, part: part.index });
      }
    },
  };

  let outcome: DeliveryOutcome;
  try {
    outcome = await platform.deliverDigest({ channel: ref, useThread: claim.channel.useThread, deliveryKey: key, progress }, digest);
  } catch (error) {
    if (error instanceof PartNotRecordedError) return unknown(error.reason, error);
    // Adapters classify platform errors instead of throwing; anything else is treated as transient.
    outcome = { ok: false, failure: 'transient', message: error instanceof Error ? error.message : String(error) };
  }

  const now = deps.clock();
  if (outcome.ok) {
    let ours: boolean;
    try {
      ours = await store('markSent', () => core.ledger.markSent(claim, instanceId, outcome.messageIds, digest.papers.map((p) => p.paper.id), now));
    } catch (error) {
      return unknown('store_unavailable', error);
    }
    if (!ours) return unknown('taken_over');
    core.metrics.digestDelivered(ref.platform, 'sent', now.getTime() - claim.slotAt.getTime());
    core.logger.info('digest sent', { ...fields, papers: digest.papers.length, recovered });
    return { kind: 'sent', recovered };
  }
  core.metrics.digestDelivered(ref.platform, outcome.failure, now.getTime() - claim.slotAt.getTime());
  await recordFailure(deps, claim, digest, outcome, now, store);
  return { kind: 'failed', recovered };
}

async function recordFailure(
  deps: DeliverClaimDeps,
  claim: Claim,
  digest: Digest,
  outcome: { failure: DeliveryFailure; message: string; retryAfterMs?: number },
  now: Date,
  store: <T>(operation: string, write: () => Promise<T>) => Promise<T>,
): Promise<void> {
  const { core, instanceId } = deps;
  const ref = digest.channel;
  const { failure } = outcome;
  const final = failure === 'archived' || failure === 'workspace_revoked' || failure === 'dm_closed';
  const retryAt = final ? null : new Date(now.getTime() + retryDelayMs(claim.attempts, outcome.retryAfterMs));
  const counts = failure === 'no_access' || failure === 'channel_gone';
  core.logger.warn('digest delivery failed', { platform: ref.platform, channel: ref.channelId, failure, error: outcome.message, attempt: claim.attempts });
  // A lost failure record costs nothing but time: the lease runs out and the digest is tried again.
  const consecutive = await store('markFailed', () => core.ledger.markFailed(claim, instanceId, `${failure}: ${outcome.message}`, retryAt, now, counts));
  if (failure === 'archived') {
    await core.subscriptions.setPaused(ref, true, 'the channel is archived');
  } else if (failure === 'dm_closed') {
    core.logger.warn('direct messages to this person are closed; their digest is paused until they resume it', { platform: ref.platform, channel: ref.channelId, error: outcome.message });
    await core.subscriptions.setPaused(ref, true, `the bot can no longer send you direct messages (${outcome.message}); once it can again, /papers resume`);
  } else if (failure === 'workspace_revoked') {
    await core.subscriptions.pauseWorkspace(ref.platform, ref.workspaceId, `the app lost access to this workspace (${outcome.message})`);
  } else if (counts && consecutive >= PAUSE_AFTER_FAILURES) {
    const why = failure === 'channel_gone' ? 'the channel was not found' : 'the bot has no access to this channel';
    await core.subscriptions.setPaused(ref, true, `${why} (${consecutive} failed deliveries in a row): ${outcome.message}`);
  }
}

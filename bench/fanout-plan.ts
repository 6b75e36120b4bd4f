import { sql } from 'drizzle-orm';
import type { Core } from '../src/core/app.js';
import type { Platform } from '../src/core/channel.js';
import type { Claim } from '../src/core/delivery/delivery-ledger.js';
import type { DigestRequest } from '../src/core/digest/digest-builder.js';
import type { CountingDatabase } from './fanout-statements.js';
import { FANOUT_NOW } from './fanout-data.js';
import { round } from './stats.js';

// One scheduler tick's planning, as createScheduler runs it: claim every due digest, read the
// channels' topics, choose the papers of every digest. Set-wise (what Paperboy does) against a naive
// plan that claims the same way and then builds each digest with a query of its own.

export interface PlanFigures {
  ms: number;
  statements: number;
  claimed: number;
  /** Digests with at least one paper. */
  nonEmpty: number;
  papers: number;
}

const platforms: Platform[] = ['discord', 'slack'];

/** The whole tick in one claim (no batch limit), so the figures stay comparable with earlier runs. */
async function claim(core: Core, instanceId: string): Promise<Claim[]> {
  const cutoffHours = core.config.DIGEST_CUTOFF_HOURS;
  await core.ledger.openDue({ now: FANOUT_NOW, platforms, cutoffHours });
  const batch = await core.ledger.claimDue({ now: FANOUT_NOW, instanceId, platforms, cutoffHours, leaseMs: 120_000, limit: 1_000_000 });
  return batch.claims;
}

function request(c: Claim, topics: string[]): DigestRequest {
  return { key: String(c.deliveryId), day: c.coversDay, topics, maxPapers: c.channel.maxPapers, minUpvotes: c.channel.minUpvotes, excludeDeliveredTo: c.channel.id };
}

export async function setWisePlan(core: Core, counter: CountingDatabase): Promise<PlanFigures> {
  await core.database.db.execute(sql`delete from deliveries`);
  counter.reset();
  const started = performance.now();
  const claims = await claim(core, 'bench-setwise');
  const topics = await core.digests.topicsOf(claims.map((c) => c.channel.id));
  const chosen = await core.digests.choose(claims.map((c) => request(c, topics.get(c.channel.id) ?? [])));
  const ms = performance.now() - started;
  const lists = [...chosen.values()];
  return { ms: round(ms), statements: counter.count(), claimed: claims.length, nonEmpty: lists.filter((l) => l.length > 0).length, papers: lists.reduce((n, l) => n + l.length, 0) };
}

/** The same plan, one choose() (one statement) per channel after one set-wise claim and topic read. */
export async function naivePlan(core: Core, counter: CountingDatabase): Promise<PlanFigures> {
  await core.database.db.execute(sql`delete from deliveries`);
  counter.reset();
  const started = performance.now();
  const claims = await claim(core, 'bench-naive');
  const topics = await core.digests.topicsOf(claims.map((c) => c.channel.id));
  let nonEmpty = 0;
  let papers = 0;
  for (const c of claims) {
    const chosen = await core.digests.choose([request(c, topics.get(c.channel.id) ?? [])]);
    const list = chosen.get(String(c.deliveryId)) ?? [];
    if (list.length > 0) nonEmpty += 1;
    papers += list.length;
  }
  const ms = performance.now() - started;
  return { ms: round(ms), statements: counter.count(), claimed: claims.length, nonEmpty, papers };
}

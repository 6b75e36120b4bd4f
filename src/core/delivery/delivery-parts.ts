import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import type { Selection } from '../digest/select-papers.js';
import type { PostedPart } from '../ports.js';

// The per-part half of the ledger. Every write is fenced by (claimed_by, attempts): once another
// instance has taken a delivery over (a new claim bumps attempts), the old holder's writes change
// nothing and tell it so, and it stops posting.

export interface Fence {
  deliveryId: number;
  instanceId: string;
  attempts: number;
}

const ours = (f: Fence) => sql`id = ${f.deliveryId} and claimed_by = ${f.instanceId} and attempts = ${f.attempts} and status = 'claimed'`;

/** Notes that this attempt is about to post these papers (the first attempt's stay); false when not ours. */
export async function startPosting(db: Db, fence: Fence, now: Date, planned: Selection[]): Promise<boolean> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`update deliveries set posting_since = coalesce(posting_since, ${now.toISOString()}::timestamptz),
      planned_papers = coalesce(planned_papers, ${JSON.stringify(planned)}::jsonb),
      updated_at = ${now.toISOString()}::timestamptz where ${ours(fence)} returning id`,
  );
  return rows.length > 0;
}

/**
 * Records one posted part and extends the lease in the same statement, so whoever records a part
 * keeps the delivery for a whole lease before anybody may take it over. False when not ours.
 */
export async function recordPart(db: Db, fence: Fence, part: PostedPart, now: Date, leaseUntil: Date): Promise<boolean> {
  const rows = await queryRows<{ part: number }>(
    db,
    sql`with held as (
      update deliveries set lease_until = greatest(lease_until, ${leaseUntil.toISOString()}::timestamptz),
        updated_at = ${now.toISOString()}::timestamptz
      where ${ours(fence)} returning id
    )
    insert into delivery_parts (delivery_id, part, message_id, container_id, recovered, posted_at)
    select id, ${part.index}, ${part.messageId}, ${part.containerId}, ${part.recovered === true}, ${now.toISOString()}::timestamptz from held
    on conflict (delivery_id, part) do update set message_id = excluded.message_id, container_id = excluded.container_id,
      recovered = excluded.recovered, posted_at = excluded.posted_at
    returning part`,
  );
  return rows.length > 0;
}

/** Parts already posted for these deliveries, in order. */
export async function partsOf(db: Db, deliveryIds: number[]): Promise<Map<number, PostedPart[]>> {
  const out = new Map<number, PostedPart[]>();
  if (deliveryIds.length === 0) return out;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select delivery_id, part, message_id, container_id, recovered from delivery_parts
      where delivery_id = any(string_to_array(${deliveryIds.join(',')}, ',')::bigint[]) order by delivery_id, part`,
  );
  for (const r of rows) {
    const id = Number(r.delivery_id);
    const list = out.get(id) ?? [];
    list.push({
      index: Number(r.part),
      messageId: String(r.message_id),
      containerId: String(r.container_id),
      recovered: r.recovered === true || r.recovered === 't',
    });
    out.set(id, list);
  }
  return out;
}

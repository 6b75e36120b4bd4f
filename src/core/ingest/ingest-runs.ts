import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import { toDate } from '../papers/paper-row.js';

// The ingest_runs log: one row per attempt at a day, running -> ok | failed. A day whose latest
// run failed is fetched again by a later tick.

export interface RunOutcome {
  status: 'ok' | 'failed';
  stored: number;
  updated: number;
  skipped: number;
  error?: string | undefined;
}

/** A run left 'running' this long ago belongs to a process that died mid-run: treat it as failed. */
const STALE_RUN = '1 hour';

export async function startRun(db: Db, day: string, at: Date): Promise<number> {
  const rows = await queryRows<{ id: number | string }>(
    db,
    sql`insert into ingest_runs (day, started_at, status) values (${day}, ${at.toISOString()}, 'running') returning id`,
  );
  return Number(rows[0]?.id);
}

export async function finishRun(db: Db, id: number, outcome: RunOutcome, at: Date): Promise<void> {
  await db.execute(sql`
    update ingest_runs
    set status = ${outcome.status}, finished_at = ${at.toISOString()}, stored = ${outcome.stored},
        updated = ${outcome.updated}, skipped = ${outcome.skipped}, error = ${outcome.error?.slice(0, 2000) ?? null}
    where id = ${id}`);
}

/** Days from `since` on whose most recent run failed (or died while running), oldest first. */
export async function daysToRetry(db: Db, since: string, now: Date): Promise<string[]> {
  const rows = await queryRows<{ day: string | Date }>(
    db,
    sql`
      select day from (
        select distinct on (day) day, status, started_at
        from ingest_runs
        where day >= ${since}
        order by day, started_at desc, id desc
      ) latest
      where status = 'failed'
         or (status = 'running' and started_at < ${now.toISOString()}::timestamptz - ${STALE_RUN}::interval)
      order by day`,
  );
  return rows.map((r) => (r.day instanceof Date ? r.day.toISOString().slice(0, 10) : String(r.day).slice(0, 10)));
}

/** When the latest successful run of a day from `since` on finished (any instance's), or null. */
export async function lastSuccessfulRun(db: Db, since: string): Promise<Date | null> {
  const rows = await queryRows<{ at: string | Date | null }>(
    db,
    sql`select max(finished_at) as at from ingest_runs where day >= ${since} and status = 'ok'`,
  );
  const at = rows[0]?.at;
  return at === null || at === undefined ? null : toDate(at);
}

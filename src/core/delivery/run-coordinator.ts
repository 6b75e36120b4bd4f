import { sql } from 'drizzle-orm';
import type { RunCoordinator } from 'node-cron';
import { systemClock, type Clock } from '../clock.js';
import { queryRows, type Db } from '../db/client.js';
import type { Logger } from '../ports.js';

/**
 * node-cron's RunCoordinator on Postgres: each fire's key is inserted once; whoever inserts it runs
 * the job, so with several instances on one database a cron job runs once per fire.
 */
export function createPgRunCoordinator(db: Db, holder: string, logger?: Logger, now: Clock = systemClock): RunCoordinator {
  return {
    async shouldRun(key, ttlMs) {
      const at = now();
      const expires = new Date(at.getTime() + Math.max(1000, ttlMs));
      const stale = new Date(at.getTime() - 86_400_000);
      const rows = await queryRows<{ key: string }>(
        db,
        sql`insert into job_runs (key, holder, claimed_at, expires_at)
          values (${key}, ${holder}, ${at.toISOString()}::timestamptz, ${expires.toISOString()}::timestamptz)
          on conflict (key) do nothing
          returning key`,
      );
      // Old fires are of no use to anyone: keep the table small.
      if (rows.length > 0) {
        await db.execute(sql`delete from job_runs where expires_at < ${stale.toISOString()}::timestamptz`).catch((error: unknown) => {
          logger?.debug('job_runs cleanup failed', { error });
        });
      }
      return rows.length > 0;
    },
  };
}

import { sql } from 'drizzle-orm';
import type { Database } from '../core/db/client.js';
import { lastSuccessfulRun } from '../core/ingest/ingest-runs.js';
import { addDays, utcDay } from '../core/ingest/days.js';

// What GET /healthz reports: the database answers, every started adapter is connected, and the
// paper feed was ingested recently (by any instance: the ingest job runs on one of them per fire).

export interface HealthReport {
  status: 'ok' | 'unhealthy';
  /** What made it unhealthy, in words, for whoever reads the probe's output. */
  problems: string[];
  database: { ok: boolean; kind: Database['kind']; error?: string };
  adapters: Record<string, 'connected' | 'disconnected'>;
  ingest: { lastSuccessAt: string | null; ageSeconds: number | null; maxAgeSeconds: number };
}

/** An adapter as the health check sees it. */
export interface HealthAdapter {
  readonly platform: string;
  /** Absent when the adapter has no connection to lose (it counts as connected). */
  connected?(): boolean;
}

export interface HealthCheckOptions {
  database: Database;
  adapters: () => readonly HealthAdapter[];
  now?: () => Date;
  /** Older than this, the last successful ingest makes the instance unhealthy (default 2 hours). */
  maxIngestAgeMs?: number;
  /** After start, no successful ingest yet is fine for this long (default 15 minutes). */
  startupGraceMs?: number;
  /** `select 1` slower than this counts as unreachable (default 2 s). */
  databaseTimeoutMs?: number;
}

export interface HealthCheck {
  check(): Promise<HealthReport>;
}

const HOUR = 3_600_000;

export function createHealthCheck(options: HealthCheckOptions): HealthCheck {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const maxAgeMs = options.maxIngestAgeMs ?? 2 * HOUR;
  const graceMs = options.startupGraceMs ?? 15 * 60_000;
  const timeoutMs = options.databaseTimeoutMs ?? 2000;
  const { database } = options;

  return {
    async check() {
      const at = now();
      const problems: string[] = [];

      const db = await withTimeout(database.db.execute(sql`select 1`), timeoutMs).then(
        () => ({ ok: true as const }),
        (error: unknown) => ({ ok: false as const, error: error instanceof Error ? error.message : String(error) }),
      );
      if (!db.ok) problems.push(`database unreachable: ${db.error}`);

      const adapters: HealthReport['adapters'] = {};
      for (const adapter of options.adapters()) {
        const up = adapter.connected?.() ?? true;
        adapters[adapter.platform] = up ? 'connected' : 'disconnected';
        if (!up) problems.push(`${adapter.platform} disconnected`);
      }

      // Only the feed's recent days say whether it is fresh; a backfill of old days does not.
      const last = db.ok
        ? await withTimeout(lastSuccessfulRun(database.db, addDays(utcDay(at), -7)), timeoutMs).catch(() => undefined)
        : undefined;
      const ageMs = last ? Math.max(0, at.getTime() - last.getTime()) : null;
      // Just started: the first ingest may not have run yet (a success since then is younger still).
      const inGrace = at.getTime() - startedAt.getTime() <= graceMs;
      if (db.ok && last === undefined) problems.push('could not read the ingest runs');
      else if (db.ok && !inGrace && (ageMs === null || ageMs > maxAgeMs)) {
        problems.push(ageMs === null ? 'no successful ingest yet' : `last successful ingest ${Math.round(ageMs / 60_000)} minutes ago`);
      }

      return {
        status: problems.length === 0 ? 'ok' : 'unhealthy',
        problems,
        database: { ok: db.ok, kind: database.kind, ...(db.ok ? {} : { error: db.error }) },
        adapters,
        ingest: {
          lastSuccessAt: last ? last.toISOString() : null,
          ageSeconds: ageMs === null ? null : Math.round(ageMs / 1000),
          maxAgeSeconds: Math.round(maxAgeMs / 1000),
        },
      };
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { Logger, Metrics, PaperSource, PaperStore } from '../ports.js';
import { addDays, daysInRange, isDay, utcDay } from './days.js';
import { readDailyPapersFile } from './ingest-file.js';
import { daysToRetry, finishRun, startRun } from './ingest-runs.js';

export interface IngestCounts {
  stored: number;
  updated: number;
  skipped: number;
}

export interface IngestDayResult extends IngestCounts {
  day: string;
  ok: boolean;
  error?: string;
}

export interface IngestFileResult extends IngestCounts {
  path: string;
  /** The days the file's items were listed on, sorted. */
  days: string[];
  ok: boolean;
  error?: string;
}

export interface IngestorDeps {
  db: Db;
  papers: PaperStore;
  source: PaperSource;
  logger: Logger;
  /** Runs and papers go here; none when absent. */
  metrics?: Metrics;
  now?: () => Date;
}

export interface Ingestor {
  /** Fetches one UTC day and stores it; records the run. Never throws: failures come back as ok: false. */
  ingestDay(day: string): Promise<IngestDayResult>;
  /** Every day from `from` to `to` inclusive, oldest first. Throws RangeError on an unusable range. */
  ingestRange(from: string, to: string, onProgress?: (done: number, total: number, last: IngestDayResult) => void): Promise<IngestDayResult[]>;
  /** A daily_papers JSON file, listed on `day` or on each item's own day. Never throws. */
  ingestFile(path: string, day?: string): Promise<IngestFileResult>;
  /** The cron job: today and yesterday (UTC), plus days of the last week whose latest run failed. */
  tick(): Promise<IngestDayResult[]>;
}

/** How far back a failed day is retried by tick(). */
const RETRY_WINDOW_DAYS = 7;

export function createIngestor(deps: IngestorDeps): Ingestor {
  const { db, papers, source, logger } = deps;
  const now = deps.now ?? (() => new Date());

  async function ingestDay(day: string): Promise<IngestDayResult> {
    const empty = { day, stored: 0, updated: 0, skipped: 0 };
    if (!isDay(day)) return { ...empty, ok: false, error: `"${day}" is not a date (YYYY-MM-DD)` };
    let runId: number;
    try {
      runId = await startRun(db, day, now());
    } catch (error) {
      logger.error('ingest run could not be recorded', { day, error: message(error) });
      return { ...empty, ok: false, error: `database: ${message(error)}` };
    }
    let result: IngestDayResult;
    try {
      const fetched = await source.fetchDay(day);
      const counts = await papers.upsert(fetched.items);
      result = { day, ...counts, skipped: fetched.skipped, ok: true };
      if (fetched.items.length === 0 && fetched.skipped > 0) {
        // Every item invalid means the feed's shape changed: fail loudly, retry later.
        result = { ...result, ok: false, error: `all ${fetched.skipped} items were invalid` };
      }
    } catch (error) {
      result = { ...empty, ok: false, error: message(error) };
    }
    try {
      await finishRun(db, runId, { ...result, status: result.ok ? 'ok' : 'failed' }, now());
    } catch (error) {
      logger.error('ingest run could not be finished', { day, error: message(error) });
    }
    deps.metrics?.ingestRun(result.ok, result.stored + result.updated);
    if (result.ok && result.stored + result.updated > 0) {
      // Search plans lean on statistics; the embedded database has no autovacuum to refresh them.
      await db.execute(sql`analyze papers`).catch((error: unknown) => logger.debug('analyze failed', { error: message(error) }));
    }
    if (result.ok) logger.info('ingested day', { day, stored: result.stored, updated: result.updated, skipped: result.skipped });
    else logger.warn('ingest of day failed', { day, error: result.error });
    return result;
  }

  return {
    ingestDay,

    async ingestRange(from, to, onProgress) {
      const range = daysInRange(from, to);
      if ('problem' in range) throw new RangeError(range.problem);
      const results: IngestDayResult[] = [];
      for (const day of range.days) {
        const result = await ingestDay(day);
        results.push(result);
        onProgress?.(results.length, range.days.length, result);
      }
      return results;
    },

    async ingestFile(path, day) {
      const none = { path, days: [], stored: 0, updated: 0, skipped: 0 };
      if (day !== undefined && !isDay(day)) return { ...none, ok: false, error: `"${day}" is not a date (YYYY-MM-DD)` };
      const read = await readDailyPapersFile(path, day);
      if ('error' in read) return { ...none, ok: false, error: read.error };
      if (read.skipped > 0) logger.warn('file items skipped', { path, skipped: read.skipped, problems: read.problems });
      const days = [...new Set(read.items.map((i) => i.day).filter((d): d is string => d !== undefined))].sort();
      try {
        const counts = await papers.upsert(read.items);
        const allInvalid = read.items.length === 0 && read.skipped > 0;
        return {
          path,
          days,
          ...counts,
          skipped: read.skipped,
          ok: !allInvalid,
          ...(allInvalid ? { error: `all ${read.skipped} items in ${path} were invalid` } : {}),
        };
      } catch (error) {
        return { ...none, skipped: read.skipped, ok: false, error: `database: ${message(error)}` };
      }
    },

    async tick() {
      const today = utcDay(now());
      const due = [today, addDays(today, -1)];
      try {
        const retry = await daysToRetry(db, addDays(today, -RETRY_WINDOW_DAYS), now());
        for (const day of retry) if (!due.includes(day)) due.push(day);
      } catch (error) {
        logger.error('could not read failed ingest runs', { error: message(error) });
      }
      const results: IngestDayResult[] = [];
      for (const day of due) {
        try {
          results.push(await ingestDay(day));
        } catch (error) {
          // ingestDay does not throw; this is the last guard that keeps the cron job alive.
          results.push({ day, stored: 0, updated: 0, skipped: 0, ok: false, error: message(error) });
        }
      }
      return results;
    },
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

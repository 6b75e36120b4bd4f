import cron from 'node-cron';

// How old the last successful ingest may be before /healthz complains, derived from INGEST_CRON so
// a daily schedule is not flagged every afternoon.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface IngestThresholds {
  /** Three of the schedule's longest gaps between runs, and at least 2 hours. */
  maxIngestAgeMs: number;
  /** After start, one such gap plus 10 minutes (and at least 15) for the first run to succeed. */
  startupGraceMs: number;
}

export function ingestThresholds(cronExpr: string): IngestThresholds {
  // A task that is never started: only asked when it would run next.
  const task = cron.createTask(cronExpr, () => {}, { timezone: 'UTC' });
  const runs = task.getNextRuns(8);
  void Promise.resolve(task.destroy());
  let gap = 0;
  for (let i = 1; i < runs.length; i += 1) {
    const a = runs[i - 1];
    const b = runs[i];
    if (a && b) gap = Math.max(gap, b.getTime() - a.getTime());
  }
  return { maxIngestAgeMs: Math.max(2 * HOUR, 3 * gap), startupGraceMs: Math.max(15 * MINUTE, gap + 10 * MINUTE) };
}

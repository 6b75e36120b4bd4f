import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import type { Logger } from '../ports.js';
import type { Ingestor } from './ingestor.js';

/**
 * Schedules ingestor.tick() on INGEST_CRON. noOverlap: a slow tick (retries, a long backlog) is
 * never joined by the next one. A tick that somehow throws is logged, never left unhandled.
 */
export function startIngestCron(
  ingestor: Ingestor,
  cronExpr: string,
  logger: Logger,
  /** With several instances on one database: each fire runs on exactly one of them. */
  coordinator?: RunCoordinator,
): ScheduledTask {
  return cron.schedule(
    cronExpr,
    async () => {
      try {
        const results = await ingestor.tick();
        const failed = results.filter((r) => !r.ok).map((r) => r.day);
        logger.info('ingest tick done', {
          days: results.map((r) => r.day),
          stored: results.reduce((n, r) => n + r.stored, 0),
          updated: results.reduce((n, r) => n + r.updated, 0),
          failed: failed.length > 0 ? failed : undefined,
        });
      } catch (error) {
        logger.error('ingest tick crashed', { error: error instanceof Error ? error.message : String(error) });
      }
    },
    {
      name: 'paperboy-ingest',
      noOverlap: true,
      // INGEST_CRON is read in UTC (the feed's days are UTC days), whatever the host's zone.
      timezone: 'UTC',
      ...(coordinator ? { distributed: true, runCoordinator: coordinator, distributedLease: 25 * 60_000 } : {}),
    },
  );
}

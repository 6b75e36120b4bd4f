import { describe, expect, it } from 'vitest';
import { startIngestCron } from '../../../src/core/ingest/ingest-cron.js';
import type { Ingestor } from '../../../src/core/ingest/ingestor.js';
import { createLogger } from '../../../src/core/logger.js';

describe('ingest cron job', () => {
  it('runs tick on schedule, logs a crashing tick and keeps going', async () => {
    const lines: string[] = [];
    let ticks = 0;
    const ingestor = {
      tick: async () => {
        ticks += 1;
        if (ticks === 1) throw new Error('database went away');
        return [{ day: '2026-11-27', stored: 3, updated: 1, skipped: 0, ok: true }];
      },
    } as unknown as Ingestor;
    const task = startIngestCron(ingestor, '* * * * * *', createLogger({ level: 'info', write: (l) => lines.push(l) }));
    try {
      expect(task.name).toBe('paperboy-ingest');
      await task.execute();
      await task.execute();
      expect(ticks).toBe(2);
      expect(lines[0]).toMatch(/ERROR ingest tick crashed error="database went away"/);
      expect(lines[1]).toMatch(/INFO  ingest tick done .*stored=3/);
      // And on its own, every second.
      await new Promise((resolve) => setTimeout(resolve, 1_300));
      expect(ticks).toBeGreaterThanOrEqual(3);
    } finally {
      await task.destroy();
    }
  });
});

import { createCore, type Core } from '../core/app.js';
import type { Config } from '../core/config.js';
import { openDatabase } from '../core/db/client.js';
import { migrate } from '../core/db/migrate.js';
import type { Logger, Metrics } from '../core/ports.js';

/** Opens the configured database, applies migrations and wires the core (metrics: see src/ops). */
export async function openCore(config: Config, logger: Logger, metrics?: Metrics): Promise<Core> {
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.PAPERBOY_DATA_DIR, cacheMb: config.PAPERBOY_DB_CACHE_MB, warn: (message, fields) => logger.warn(message, fields) });
  try {
    const { applied } = await migrate(database, {
      // An existing store (not a new one: everything pending) may have a migration ahead that
      // rewrites its papers (the search vectors, drizzle/0011): say so before a start that can take
      // minutes at 100,000 papers.
      onPending: (pending, total) => {
        if (pending < total) logger.info('updating the database; with many papers this can take a few minutes', { migrations: pending });
      },
    });
    if (applied > 0) logger.info('database migrated', { applied, location: database.location });
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
  return createCore({ config, database, logger, ...(metrics ? { metrics } : {}) });
}

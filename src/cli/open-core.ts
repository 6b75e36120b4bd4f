import { createCore, type Core } from '../core/app.js';
import type { Config } from '../core/config.js';
import { openDatabase } from '../core/db/client.js';
import { migrate } from '../core/db/migrate.js';
import type { Logger } from '../core/ports.js';

/** Opens the configured database, applies migrations and wires the core. */
export async function openCore(config: Config, logger: Logger): Promise<Core> {
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.PAPERBOY_DATA_DIR });
  try {
    const { applied } = await migrate(database);
    if (applied > 0) logger.info('database migrated', { applied, location: database.location });
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
  return createCore({ config, database, logger });
}

import type { Config } from '../core/config.js';
import { openDatabase } from '../core/db/client.js';
import { migrate } from '../core/db/migrate.js';
import type { Logger } from '../core/ports.js';
import type { CliIo } from './cli-io.js';

export async function runMigrateCommand(config: Config, logger: Logger, io: CliIo): Promise<number> {
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.PAPERBOY_DATA_DIR, cacheMb: config.PAPERBOY_DB_CACHE_MB, warn: (message, fields) => logger.warn(message, fields) });
  try {
    const { applied } = await migrate(database);
    io.out(applied > 0 ? `Applied ${applied} migration(s) to ${database.location}.` : `${database.location} is up to date.`);
    return 0;
  } finally {
    await database.close();
  }
}

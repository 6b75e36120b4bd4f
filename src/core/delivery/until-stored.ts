import { isStoreUnavailable } from '../db/store-errors.js';
import type { Logger, Metrics } from '../ports.js';

// A ledger write that follows a post must not be lost: the message is on the platform, and without
// the record a retry would post it again. While the database is unreachable the write is retried
// (logged, counted) until it is back; a statement that fails for another reason is a bug, retried a
// few times and then reported to the caller.

export interface UntilStoredDeps {
  logger: Logger;
  metrics: Metrics;
  /** True once the process is shutting down: stop waiting, the next holder finishes the work. */
  stopping(): boolean;
  /** Waits between tries; tests shorten it. */
  sleep?: (ms: number) => Promise<void>;
}

export class StoreGaveUpError extends Error {
  constructor(operation: string, cause: unknown) {
    super(`${operation}: the ledger write did not go through`, { cause });
    this.name = 'StoreGaveUpError';
  }
}

const otherErrorTries = 3;
const maxDelayMs = 5000;

export async function untilStored<T>(operation: string, fields: Record<string, unknown>, write: () => Promise<T>, deps: UntilStoredDeps): Promise<T> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let tries = 0;
  let otherErrors = 0;
  for (;;) {
    try {
      const result = await write();
      if (tries > 0) deps.logger.info('ledger write went through after retries', { operation, tries: tries + 1, ...fields });
      return result;
    } catch (error) {
      tries += 1;
      const unavailable = isStoreUnavailable(error);
      if (!unavailable) otherErrors += 1;
      if (deps.stopping() || otherErrors >= otherErrorTries) {
        deps.logger.error('ledger write failed; the delivery is left to whoever holds it next', { operation, tries, error, ...fields });
        throw new StoreGaveUpError(operation, error);
      }
      deps.metrics.storeRetried(operation);
      // The first failure and then every tenth, so an outage is visible without flooding the log.
      if (tries === 1 || tries % 10 === 0) {
        deps.logger.warn(unavailable ? 'database unavailable; retrying the ledger write' : 'ledger write failed; retrying', { operation, tries, error, ...fields });
      }
      await sleep(Math.min(maxDelayMs, 100 * 2 ** Math.min(tries, 6)));
    }
  }
}

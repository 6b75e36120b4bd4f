import { describe, expect, it } from 'vitest';
import { isStoreUnavailable } from '../../../src/core/db/store-errors.js';
import { StoreGaveUpError, untilStored } from '../../../src/core/delivery/until-stored.js';
import { createLogger } from '../../../src/core/logger.js';
import { noopMetrics } from '../../../src/core/noop-metrics.js';

// Writes after a post wait out an unreachable database and give up only when the process stops;
// a statement that fails for any other reason is a bug, retried a few times, then reported.

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

function deps(stopping = () => false) {
  const lines: string[] = [];
  const retried: string[] = [];
  return {
    lines,
    retried,
    deps: {
      logger: createLogger({ level: 'debug', write: (line) => lines.push(line) }),
      metrics: { ...noopMetrics, storeRetried: (op: string) => retried.push(op) },
      stopping,
      sleep: async () => {},
    },
  };
}

describe('isStoreUnavailable', () => {
  it('knows connection loss from postgres.js, the server and PGlite, also wrapped by drizzle', () => {
    expect(isStoreUnavailable(refused())).toBe(true);
    expect(isStoreUnavailable(Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' }))).toBe(true);
    expect(isStoreUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isStoreUnavailable(new Error('Failed query: select 1', { cause: new Error('PGlite is closed') }))).toBe(true);
    expect(isStoreUnavailable(Object.assign(new Error('syntax error at or near "selec"'), { code: '42601' }))).toBe(false);
    expect(isStoreUnavailable(new Error('duplicate key value'))).toBe(false);
  });
});

describe('untilStored', () => {
  it('retries while the database is unreachable, however long, and logs and counts it', async () => {
    const d = deps();
    let calls = 0;
    const result = await untilStored('markSent', { channel: 'C1' }, async () => {
      calls += 1;
      if (calls <= 25) throw refused();
      return 'stored';
    }, d.deps);
    expect(result).toBe('stored');
    expect(d.retried).toHaveLength(25);
    // The first failure, every tenth, and the recovery: visible without flooding the log.
    expect(d.lines.filter((l) => /database unavailable; retrying the ledger write/.test(l))).toHaveLength(3);
    expect(d.lines.some((l) => /went through after retries.*tries=26/.test(l))).toBe(true);
  });

  it('gives up on a statement that fails for another reason after three tries', async () => {
    const d = deps();
    let calls = 0;
    const write = async () => {
      calls += 1;
      throw new Error('column "nope" does not exist');
    };
    await expect(untilStored('recordPart', {}, write, d.deps)).rejects.toBeInstanceOf(StoreGaveUpError);
    expect(calls).toBe(3);
    expect(d.lines.some((l) => /ERROR.*ledger write failed; the delivery is left to whoever holds it next/.test(l))).toBe(true);
  });

  it('stops waiting when the process is shutting down', async () => {
    let stopping = false;
    const d = deps(() => stopping);
    let calls = 0;
    const write = async () => {
      calls += 1;
      if (calls === 3) stopping = true;
      throw refused();
    };
    await expect(untilStored('markSent', {}, write, d.deps)).rejects.toBeInstanceOf(StoreGaveUpError);
    expect(calls).toBe(3);
  });
});

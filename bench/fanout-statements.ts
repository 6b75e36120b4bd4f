import type { Database, Db } from '../src/core/db/client.js';

// Counts the SQL statements a piece of code sends: every store goes through db.execute (raw SQL)
// or db.transaction, so a proxy around the drizzle database sees each one. A transaction's own
// statements are counted through the proxied `tx` as well.

export interface CountingDatabase {
  database: Database;
  /** Statements sent since the last reset. */
  count(): number;
  reset(): void;
}

export function countingDatabase(database: Database): CountingDatabase {
  let statements = 0;
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, key, receiver) {
        const value = Reflect.get(object, key, receiver) as unknown;
        if (key === 'execute' && typeof value === 'function') {
          return (...args: unknown[]) => {
            statements += 1;
            return (value as (...a: unknown[]) => unknown).apply(object, args);
          };
        }
        if (key === 'transaction' && typeof value === 'function') {
          return (work: (tx: Db) => Promise<unknown>, ...rest: unknown[]) =>
            (value as (...a: unknown[]) => unknown).apply(object, [(tx: Db) => work(wrap(tx)), ...rest]);
        }
        // Query-builder calls (select/insert/update) end in a thenable; count them when awaited.
        if (typeof value === 'function' && ['select', 'insert', 'update', 'delete'].includes(String(key))) {
          return (...args: unknown[]) => counted((value as (...a: unknown[]) => object).apply(object, args));
        }
        return value;
      },
    });
  const counted = <T extends object>(builder: T): T =>
    new Proxy(builder, {
      get(object, key, receiver) {
        const value = Reflect.get(object, key, receiver) as unknown;
        if (key === 'then' && typeof value === 'function') {
          return (...args: unknown[]) => {
            statements += 1;
            return (value as (...a: unknown[]) => unknown).apply(object, args);
          };
        }
        if (typeof value === 'function') {
          return (...args: unknown[]) => {
            const result = (value as (...a: unknown[]) => unknown).apply(object, args);
            return result && typeof result === 'object' && result !== object ? counted(result) : result === object ? receiver : result;
          };
        }
        return value;
      },
    });
  return {
    database: { ...database, db: wrap(database.db), close: () => database.close() },
    count: () => statements,
    reset: () => {
      statements = 0;
    },
  };
}

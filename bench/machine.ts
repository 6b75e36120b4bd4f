import { cpus, totalmem } from 'node:os';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../src/core/db/client.js';

// What the figures were measured on, written next to them.

export interface Machine {
  cpu: string;
  cores: number;
  memory_gb: number;
  node: string;
  platform: string;
  date: string;
}

export function machine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
  };
}

/** "PostgreSQL 15.20" from the server (or PGlite's embedded Postgres). */
export async function postgresVersion(db: Db): Promise<string> {
  const [row] = await queryRows<{ v: string }>(db, sql`select version() as v`);
  return /PostgreSQL [\d.]+/.exec(row?.v ?? '')?.[0] ?? (row?.v ?? 'unknown');
}

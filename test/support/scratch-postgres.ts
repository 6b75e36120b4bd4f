import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../scale/paperboy-process.js';

// A Postgres cluster of the test's own, on a port of its own, that the test may stop and start
// while Paperboy runs against it (the shared TEST_DATABASE_URL server must never be stopped).
// Built with the server's initdb and pg_ctl; as root they run as the postgres user, as Postgres
// refuses to run as root. Unavailable (and the test skipped) when the binaries are not installed.

const run = promisify(execFile);
const bin = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export const scratchPostgresAvailable = existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'));

export interface ScratchPostgres {
  /** postgres://… of the cluster's `postgres` database, for openServer. */
  readonly url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startScratchPostgres(): Promise<ScratchPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, Number((await run('id', ['-u', 'postgres'])).stdout), Number((await run('id', ['-g', 'postgres'])).stdout));
  const as = (command: string, args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, command), ...args]) : run(join(bin, command), args));
  const port = await freePort();
  const data = join(dir, 'data');
  await as('initdb', ['-D', data, '-A', 'trust', '-U', 'paperboy', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const pgCtl = (args: string[]) => as('pg_ctl', ['-D', data, '-w', '-o', options, '-l', join(dir, 'log'), ...args]);
  await pgCtl(['start']);
  let running = true;
  return {
    url: `postgres://paperboy@127.0.0.1:${port}/postgres`,
    async stop() {
      // Fast: clients are disconnected at once, as in a restart or a failover.
      await pgCtl(['stop', '-m', 'fast']);
      running = false;
    },
    async start() {
      await pgCtl(['start']);
      running = true;
    },
    async destroy() {
      if (running) await pgCtl(['stop', '-m', 'immediate']).catch((error: unknown) => console.warn('scratch postgres stop failed', error));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

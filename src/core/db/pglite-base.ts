import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// A new embedded database starts from assets/pglite-base.tar.gz (an empty data folder straight out
// of PGlite's initdb; `npm run db:base` rewrites it) instead of running initdb, which peaks at
// 600-800 MB in one process whatever the settings. The tarball is unpacked by a short-lived child
// process, so the long-running one never carries the unpacking's memory either.

export const pgliteBasePath = fileURLToPath(new URL('../../../assets/pglite-base.tar.gz', import.meta.url));
const packageRoot = fileURLToPath(new URL('../../../', import.meta.url));

// Plain JavaScript with bare imports resolved from the package root: runs the same under dist/ and tsx.
const unpackScript = `
const [dir, base, settings] = process.argv.slice(1);
const { readFileSync } = await import('node:fs');
const { PGlite } = await import('@electric-sql/pglite');
const pg = await PGlite.create(dir, {
  loadDataDir: new Blob([readFileSync(base)]),
  startParams: [...PGlite.defaultStartParams, ...JSON.parse(settings)],
});
await pg.close();
`;

/** True when the folder holds no database yet. */
export function isEmptyDataDir(dir: string): boolean {
  return !existsSync(join(dir, 'PG_VERSION'));
}

/** The base data folder as PGlite's loadDataDir takes it, or undefined when it is not installed. */
export function pgliteBase(): Blob | undefined {
  return existsSync(pgliteBasePath) ? new Blob([readFileSync(pgliteBasePath)]) : undefined;
}

/**
 * Fills an empty data folder from the base in a child process. The child unpacks into a folder of
 * its own inside `dir`, moved into place with PG_VERSION last: a start interrupted at any point
 * (Ctrl-C reaches the child too) leaves no half database that a later start would take for a
 * real one. On failure (no base, or one from another Postgres major after an upgrade) the error is
 * returned, `dir` as it was: the caller then runs initdb in-process.
 */
export async function initFromBase(dir: string, settings: string[], base = pgliteBasePath): Promise<{ ok: true } | { ok: false; error: string }> {
  if (!existsSync(base)) return { ok: false, error: `${base} is missing` };
  const unpacked = join(dir, '.paperboy-base');
  rmSync(unpacked, { recursive: true, force: true });
  // Liftoff only: optimising the 9 MB pglite.wasm costs ~100 MB and time a one-off unpacking never repays.
  const child = spawn(process.execPath, ['--liftoff-only', '--input-type=module', '-e', unpackScript, unpacked, base, JSON.stringify(settings)], {
    cwd: packageRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2000);
  });
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', (error) => {
      stderr += String(error);
      resolve(null);
    });
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  if (code !== 0 || isEmptyDataDir(unpacked)) {
    rmSync(unpacked, { recursive: true, force: true });
    return { ok: false, error: stderr.trim() || `exit code ${code}` };
  }
  const entries = readdirSync(unpacked).sort((a, b) => Number(a === 'PG_VERSION') - Number(b === 'PG_VERSION'));
  for (const entry of entries) {
    // Left by an earlier start interrupted while moving (there is no PG_VERSION yet).
    rmSync(join(dir, entry), { recursive: true, force: true });
    renameSync(join(unpacked, entry), join(dir, entry));
  }
  rmSync(unpacked, { recursive: true, force: true });
  return { ok: true };
}

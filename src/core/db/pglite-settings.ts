// Postgres settings of the embedded database. PGlite's own defaults are a server's (shared_buffers
// 128 MB, maintenance_work_mem 64 MB), and WebAssembly memory never shrinks once touched: sized
// for a small machine here, raised with PAPERBOY_DB_CACHE_MB for a large store (README, "Memory").

export const DEFAULT_DB_CACHE_MB = 16;

/** `-c name=value` start parameters for a cache of `cacheMb` megabytes. */
export function pgliteSettings(cacheMb = DEFAULT_DB_CACHE_MB): string[] {
  const settings = {
    shared_buffers: `${cacheMb}MB`,
    // Per sort or hash node of a query; search and digest plans sort a few hundred rows.
    work_mem: `${Math.max(2, Math.round(cacheMb / 8))}MB`,
    // Index builds in migrations and vacuum.
    maintenance_work_mem: `${Math.max(16, Math.round(cacheMb / 2))}MB`,
    temp_buffers: `${Math.max(2, Math.round(cacheMb / 8))}MB`,
    // Sessions in UTC, as on the server (client.ts): day arithmetic never follows a host's zone.
    TimeZone: 'UTC',
  };
  return Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
}

import { existsSync, readFileSync } from 'node:fs';

// A benchmark run that measured only some of its rows (e.g. `memory --part=server`) keeps the
// committed rows it did not measure; every row says when it was measured, so a table mixing runs
// shows it.

/** Stamps `rows` with the time and adds the earlier results' rows whose key none of them has. */
export function withEarlierRows(
  name: string,
  rows: Record<string, unknown>[],
  key: (row: Record<string, unknown>) => string,
  /** Earlier rows still worth showing (e.g. not of a layout the benchmark no longer produces). */
  current: (row: Record<string, unknown>) => boolean = () => true,
): Record<string, unknown>[] {
  const measured = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const fresh = rows.map((row) => ({ ...row, measured }));
  const file = new URL(`./results/${name}.json`, import.meta.url);
  if (!existsSync(file)) return fresh;
  const taken = new Set(fresh.map(key));
  // Rows of a run that stamped none were measured when its meta file says.
  const metaFile = new URL(`./results/${name}.meta.json`, import.meta.url);
  const date = existsSync(metaFile) ? String((JSON.parse(readFileSync(metaFile, 'utf8')) as { machine?: { date?: string } }).machine?.date ?? '') : '';
  const earlier = (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>[])
    .filter((row) => current(row) && !taken.has(key(row)))
    .map((row) => ({ ...row, measured: row.measured ?? date.slice(0, 16).replace('T', ' ') }));
  return [...fresh, ...earlier].sort((a, b) => order(a) - order(b));
}

// Embedded rows first (in their own order: the sort is stable), then the server's by size and instance.
function order(row: Record<string, unknown>): number {
  return row.part === 'server' ? 1_000_000 + Number(row.channels ?? 0) * 10 + Number(String(row.instance ?? 'pb-0').slice(3)) : 0;
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { machine } from './machine.js';
import { writeReadme, type ResultMeta } from './readme.js';
import { entries } from './entries.js';

// `npm run bench -- <name>...`: runs benchmarks, writes bench/results/<name>.json (an array of
// rows) and <name>.meta.json (machine, command, notes), then regenerates bench/README.md.
// No name runs the quick ones; `--readme` only regenerates the README from the results.

const DEFAULT_SERVER = 'postgres://root@127.0.0.1:5432/postgres';

async function main(): Promise<void> {
  if (process.argv.includes('--readme')) {
    writeReadme(entries);
    return;
  }
  const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = names.filter((n) => !(n in entries));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark ${unknown.join(', ')}. Known: ${Object.keys(entries).join(', ')}.`);
    process.exit(2);
  }
  const selected = names.length > 0 ? names : Object.keys(entries).filter((n) => entries[n]?.quick);
  const serverUrl = await reachable(process.env.BENCH_DATABASE_URL?.trim() || DEFAULT_SERVER);
  if (!serverUrl) console.warn('No Postgres server answered at BENCH_DATABASE_URL: PGlite rows only.');
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  let failed = false;
  for (const name of selected) {
    const entry = entries[name];
    if (!entry) continue;
    try {
      const rows = await entry.run({ serverUrl, log: (line) => console.log(line), ...sizeOptions(process.argv) });
      const postgres = [...new Set(rows.map((r) => r.postgres).filter(Boolean))].join(', ');
      const meta: ResultMeta = {
        command: `npm run bench -- ${[name, ...process.argv.filter((a) => /^--((server|pglite)-sizes|part)=/.test(a))].join(' ')}`,
        machine: { ...machine(), ...(postgres ? { postgres } : {}) },
        notes: entry.notes ?? [],
      };
      writeFileSync(new URL(`./results/${name}.json`, import.meta.url), `${JSON.stringify(rows, null, 2)}\n`);
      writeFileSync(new URL(`./results/${name}.meta.json`, import.meta.url), `${JSON.stringify(meta, null, 2)}\n`);
    } catch (error) {
      failed = true;
      console.error(`bench ${name} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }
  }
  writeReadme(entries);
  process.exit(failed ? 1 : 0);
}

/** `--server-sizes=100k,1m` and `--pglite-sizes=100k`: run a benchmark at some of its sizes only; `--part=server`: one part. */
function sizeOptions(argv: string[]): { serverSizes?: number[]; pgliteSizes?: number[]; part?: string } {
  const read = (flag: string): number[] | undefined => {
    const value = argv.find((a) => a.startsWith(`--${flag}=`))?.slice(flag.length + 3);
    if (value === undefined) return undefined;
    return value.split(',').filter((v) => v !== '').map((v) => {
      const match = /^(\d+)([km]?)$/i.exec(v.trim());
      if (!match) throw new Error(`--${flag}: "${v}" is not a size like 100k or 1m`);
      return Number(match[1]) * ({ k: 1_000, m: 1_000_000 }[(match[2] ?? '').toLowerCase()] ?? 1);
    });
  };
  const serverSizes = read('server-sizes');
  const pgliteSizes = read('pglite-sizes');
  const part = argv.find((a) => a.startsWith('--part='))?.slice('--part='.length);
  return { ...(serverSizes ? { serverSizes } : {}), ...(pgliteSizes ? { pgliteSizes } : {}), ...(part ? { part } : {}) };
}

/** The URL when a server answers there within a few seconds, else undefined. */
async function reachable(url: string): Promise<string | undefined> {
  const { default: postgres } = await import('postgres');
  const client = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await client`select 1`;
    return url;
  } catch {
    return undefined;
  } finally {
    await client.end({ timeout: 1 }).catch(() => {});
  }
}

await main();

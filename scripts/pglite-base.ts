import { mkdirSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pgliteBasePath } from '../src/core/db/pglite-base.js';

// `npm run db:base`: writes assets/pglite-base.tar.gz, an empty PGlite data folder straight out of
// initdb. A first start loads it instead of running initdb, which peaks at 600-800 MB however the
// database is configured. Run it again after upgrading @electric-sql/pglite to a new Postgres
// major (test/core/db/pglite-base.test.ts fails until then).

const pg = await PGlite.create();
const version = (await pg.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v;
const tarball = await pg.dumpDataDir('gzip');
await pg.close();
mkdirSync(new URL('../assets/', import.meta.url), { recursive: true });
writeFileSync(pgliteBasePath, Buffer.from(await tarball.arrayBuffer()));
console.log(`Wrote ${pgliteBasePath} (PostgreSQL ${version}, ${(tarball.size / 1e6).toFixed(1)} MB).`);

import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/core/db/client.js';
import { createPgPaperStore } from '../../../src/core/papers/paper-store.js';
import { backends } from '../../support/databases.js';
import { useBackend } from '../../support/use-harness.js';
import { listedOn, makePaper } from '../../support/papers.js';

// What search reads row by row stays in the row (drizzle/0004, 0013), and the server's sessions
// are set for search's plans (db/client.ts).

describe.each(backends)('paper storage on $name', (backend) => {
  const shared = useBackend(backend);

  it('keeps the title, authors and weighted vector of a paper in its row', async () => {
    // An abstract of a real paper's length (1,400 characters, 200 words of which few repeat):
    // with the weighted vector (about 1.7 kB) and the names, the row passes 2 kB.
    let seed = 7;
    const word = () => Array.from({ length: 3 + (seed % 6) }, () => String.fromCharCode(97 + ((seed = (seed * 48271) % 2147483647) % 26))).join('');
    const paper = makePaper({ abstract: Array.from({ length: 200 }, word).join(' '), authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper'] });
    await createPgPaperStore(shared.database.db).upsert(listedOn('2026-11-26', [paper]));

    const [options] = await queryRows<{ reloptions: string[] | string | null }>(shared.database.db,
      sql`select reloptions from pg_class where relname = 'papers'`);
    expect(String(options?.reloptions)).toContain('toast_tuple_target=4080');
    const [major] = await queryRows<{ v: number }>(shared.database.db, sql`select current_setting('server_version_num')::int / 10000 as v`);
    // pg_column_toast_chunk_id (Postgres 17 on) says whether a value lives out of line.
    if (Number(major?.v) >= 17) {
      const [row] = await queryRows<Record<string, unknown>>(shared.database.db, sql`
        select pg_column_size(p.*) > 2100 as big, pg_column_toast_chunk_id(title) is null as title,
          pg_column_toast_chunk_id(authors) is null as authors, pg_column_toast_chunk_id(search) is null as search
        from papers p where id = ${paper.id}`);
      expect(row).toEqual({ big: true, title: true, authors: true, search: true });
    }
  });

  it.runIf(backend.name === 'postgres')('runs server sessions without JIT, in UTC, with room for search bitmaps', async () => {
    const [row] = await queryRows<Record<string, string>>(shared.database.db,
      sql`select current_setting('jit') as jit, current_setting('TimeZone') as zone, current_setting('work_mem') as work_mem`);
    expect(row).toEqual({ jit: 'off', zone: 'UTC', work_mem: '16MB' });
  });
});

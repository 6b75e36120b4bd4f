import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/db/client.js';
import { DataDirBusyError } from '../../../src/core/db/data-dir-lock.js';

describe('embedded data folder lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a second opener out with a clear message, and lets it in after close', async () => {
    const first = await openDatabase({ dataDir: dir });
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(DataDirBusyError);
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/in use by another Paperboy process \(pid \d+\)/);
    await first.close();
    const second = await openDatabase({ dataDir: dir });
    await second.close();
  });

  it('takes over the lock of a process that died', async () => {
    writeFileSync(join(dir, 'paperboy.lock'), '999999999');
    const database = await openDatabase({ dataDir: dir });
    await database.close();
  });
});

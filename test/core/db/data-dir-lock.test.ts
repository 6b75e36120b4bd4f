import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/db/client.js';
import { DataDirBusyError, lockDataDir } from '../../../src/core/db/data-dir-lock.js';

const lockModule = new URL('../../../src/core/db/data-dir-lock.ts', import.meta.url).pathname;

/** A process that takes the lock, says so, and waits to be killed. */
function holdLockInChild(dir: string): Promise<{ kill: (signal: NodeJS.Signals) => Promise<void> }> {
  const script = `import { lockDataDir } from ${JSON.stringify(lockModule)};
await lockDataDir(${JSON.stringify(dir)});
process.stdout.write('locked\\n');
setInterval(() => {}, 1 << 30);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
    child.stdout.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes('locked')) return;
      child.removeAllListeners('exit');
      resolve({
        kill: (signal) =>
          new Promise((done) => {
            child.once('exit', () => done());
            child.kill(signal);
          }),
      });
    });
  });
}

describe('embedded data folder lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a second opener out with a clear message, and lets it in after close', async () => {
    const first = await openDatabase({ dataDir: dir });
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(DataDirBusyError);
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/in use by another running Paperboy/);
    await first.close();
    const second = await openDatabase({ dataDir: dir });
    await second.close();
  });

  it('keeps out a second process while the first is alive, and starts after the first was killed with SIGKILL', async () => {
    const holder = await holdLockInChild(dir);
    await expect(lockDataDir(dir)).rejects.toThrow(DataDirBusyError);
    await holder.kill('SIGKILL');
    // The killed process left its socket file behind: nobody answers on it.
    expect(existsSync(join(dir, 'paperboy.sock'))).toBe(true);
    const database = await openDatabase({ dataDir: dir });
    await database.close();
  }, 30_000);

  it('starts over a pid file of an earlier version that names pid 1 (a container restarted after a hard kill)', async () => {
    writeFileSync(join(dir, 'paperboy.lock'), '1');
    const database = await openDatabase({ dataDir: dir });
    await database.close();
    expect(existsSync(join(dir, 'paperboy.lock'))).toBe(false);
  });

  it('locks a folder whose path is too long for a socket file', async () => {
    const deep = join(dir, 'a'.repeat(60), 'b'.repeat(60));
    const release = await lockDataDir(deep);
    await expect(lockDataDir(deep)).rejects.toThrow(DataDirBusyError);
    await release();
    await (await lockDataDir(deep))();
  });
});

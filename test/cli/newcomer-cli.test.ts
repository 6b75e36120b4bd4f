import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveLocalCommands } from '../../src/console/local-commands.js';
import { openDatabase } from '../../src/core/db/client.js';
import { lockDataDir } from '../../src/core/db/data-dir-lock.js';
import { migrate } from '../../src/core/db/migrate.js';
import { makeCore } from '../support/core.js';
import { listedOn, makePaper } from '../support/papers.js';
import { fixtureDayPath } from '../fakes/hf/payloads.js';
import { runNode, type Run } from '../support/run-process.js';

// The paperboy command the way a newcomer ran it on a fresh clone (issue 11, items 1 and 10):
// a real process, in a folder of their own with a .env copied from .env.example.

// The installed command (bin/paperboy.js, the compiled CLI), run in another folder, as `npx paperboy` does.
const bin = new URL('../../bin/paperboy.js', import.meta.url).pathname;
const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');

function paperboy(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return runNode([bin, ...args], { cwd, env });
}

describe('paperboy from a fresh folder', () => {
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'paperboy-newcomer-'));
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('reads ./.env: a bad value there is named with the file, a good one is used', async () => {
    writeFileSync(join(home, '.env'), `${example}\nLOG_LEVEL=shout\n`);
    const bad = await paperboy(['search', 'compression'], home);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/LOG_LEVEL must be debug, info, warn, error or silent/);
    expect(bad.stderr).toContain(join(home, '.env'));

    writeFileSync(join(home, '.env'), `${example}\nPAPERBOY_DATA_DIR=./my-papers\nHF_API_URL=http://127.0.0.1:9\nLOG_LEVEL=warn\n`);
    const ingest = await paperboy(['ingest', '--file', fixtureDayPath], home);
    expect(ingest.code).toBe(0);
    expect(ingest.stdout).toMatch(/30 stored/);
    expect(existsSync(join(home, 'my-papers'))).toBe(true);
  }, 120_000);

  it('refuses to ingest a day that has not come yet instead of reporting "0 stored"', async () => {
    const future = await paperboy(['ingest', '--date', '2099-01-01'], home);
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/--date 2099-01-01 is in the future: Daily Papers has days up to today/);
    expect(future.stdout).not.toMatch(/stored/);
  }, 60_000);

  it('beside a running Paperboy, paperboy search is answered by it', async () => {
    const dir = join(home, 'my-papers');
    const release = await lockDataDir(dir);
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrate(database);
    const core = await makeCore(database, { now: () => new Date('2026-11-28T10:00:00Z') });
    await core.papers.upsert(listedOn('2026-11-27', [makePaper({ id: '2611.00042', title: 'Answered by the running instance: neural compression' })]));
    const server = await serveLocalCommands(dir, core.commands);
    try {
      const search = await paperboy(['search', 'neural', 'compression'], home);
      expect(search.stderr).toBe('');
      expect(search.code).toBe(0);
      expect(search.stdout).toMatch(/Answered by the running instance: neural compression/);
      const paper = await paperboy(['paper', '2611.00042'], home);
      expect(paper.code).toBe(0);
      expect(paper.stdout).toMatch(/Answered by the running instance/);
      // What it cannot forward (its own JSON format) gets the one line.
      const json = await paperboy(['search', 'compression', '--json'], home);
      expect(json.code).toBe(1);
      expect(json.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      await server.close();
      await database.close();
      await release();
    }
  }, 60_000);

  it('beside a running Paperboy, a one-shot command says how in one line, printed once', async () => {
    const release = await lockDataDir(join(home, 'my-papers'));
    try {
      const search = await paperboy(['search', 'compression', '--json'], home);
      expect(search.code).toBe(1);
      const lines = search.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^paperboy search: a running Paperboy holds the embedded database in .*my-papers .*type \/papers search <query> at its prompt, or stop it first/);
      // Nobody answers the command socket here (a one-shot command holds the folder): the same line.
      const plain = await paperboy(['search', 'compression'], home);
      expect(plain.code).toBe(1);
      expect(plain.stderr.trim().split('\n')).toHaveLength(1);
      expect(search.stderr).not.toMatch(/ERROR|at .*\.ts:\d+/);
    } finally {
      await release();
    }
    expect((await paperboy(['search', 'compression', '--json'], home)).code).toBe(0);
  }, 60_000);
});

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDayPath } from '../fakes/hf/payloads.js';

// One-shot commands load only what they use: a real `paperboy` process with a preload that records
// every module it loads (ESM through a resolve hook, CommonJS through require.cache).

const bin = new URL('../../bin/paperboy.js', import.meta.url).pathname;
const recorder = new URL('../support/record-modules.mjs', import.meta.url).pathname;
const chatLibraries = /\/node_modules\/(discord\.js|@discordjs|@slack)\//;

let dir: string;

function paperboy(args: string[]): Promise<{ code: number | null; stderr: string; modules: string[] }> {
  const file = join(dir, `modules-${args[0] ?? 'none'}.txt`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', recorder, bin, ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        LOG_LEVEL: 'warn',
        PAPERBOY_DATA_DIR: join(dir, 'data'),
        HF_API_URL: 'http://127.0.0.1:9',
        HF_TIMEOUT_MS: '500',
        RECORD_MODULES_TO: file,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, modules: readFileSync(file, 'utf8').split('\n').filter(Boolean) }));
  });
}

describe('paperboy one-shot commands', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'paperboy-lazy-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answer --help and an unknown command without loading any package or the database', async () => {
    for (const args of [['--help'], ['nope']]) {
      const run = await paperboy(args);
      expect(run.code).toBe(args[0] === 'nope' ? 2 : 0);
      // The recorder sees the CLI itself: an empty list would prove nothing.
      expect(run.modules.some((m) => /\/cli\.(js|ts)$/.test(m))).toBe(true);
      expect(run.modules.filter((m) => m.includes('/node_modules/'))).toEqual([]);
      expect(run.modules.filter((m) => /\/core\/(db|config)/.test(m))).toEqual([]);
    }
  });

  it('never load discord.js or Bolt for migrate, ingest, search, digest and paper', async () => {
    const runs = [['migrate'], ['ingest', '--file', fixtureDayPath], ['search', 'diffusion'], ['digest', '--date', '2026-11-27'], ['paper', '2611.20659']];
    for (const args of runs) {
      const run = await paperboy(args);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      // They did open the database, so packages loaded dynamically are recorded.
      expect(run.modules.some((m) => m.includes('/node_modules/@electric-sql/pglite/')), args[0]).toBe(true);
      expect(run.modules.filter((m) => chatLibraries.test(m)), args[0]).toEqual([]);
    }
  });
});

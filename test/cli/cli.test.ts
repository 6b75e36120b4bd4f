import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHf, type FakeHf } from '../fakes/hf/fake-hf-server.js';
import { fixtureDayItems, fixtureDayPath } from '../fakes/hf/payloads.js';
import { runNode, type Run } from '../support/run-process.js';

// The paperboy command as a user runs it: a real process, a real data folder, real output.

const bin = new URL('../../bin/paperboy.js', import.meta.url).pathname;

function paperboy(args: string[], env: Record<string, string>, stdin?: string): Promise<Run> {
  return runNode([bin, ...args], { env: { LOG_LEVEL: 'warn', ...env }, ...(stdin !== undefined ? { stdin } : {}) });
}

describe('paperboy CLI', () => {
  let dataDir: string;
  let hf: FakeHf;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'paperboy-cli-'));
    hf = await startFakeHf();
    env = { PAPERBOY_DATA_DIR: dataDir, HF_API_URL: hf.url, HF_TIMEOUT_MS: '2000' };
  });

  afterAll(async () => {
    await hf.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ingests a file, then searches and builds a digest from it', async () => {
    const ingest = await paperboy(['ingest', '--file', fixtureDayPath], env);
    expect(ingest.stderr).not.toMatch(/Error:/);
    expect(ingest.code).toBe(0);
    expect(ingest.stdout).toMatch(/30 stored, 0 updated, 2 skipped/);

    const again = await paperboy(['ingest', '--file', fixtureDayPath], env);
    expect(again.stdout).toMatch(/0 stored, 30 updated, 2 skipped/);

    const search = await paperboy(['search', 'lossless compression', '--json'], env);
    expect(search.code).toBe(0);
    const hits = JSON.parse(search.stdout) as { id: string; title: string; upvotes: number; score: number }[];
    expect(hits[0]).toMatchObject({ id: '2611.23867', title: 'Lossless Compression with Probabilistic Circuits', upvotes: 97 });
    expect(hits.every((h) => typeof h.score === 'number')).toBe(true);

    const digest = await paperboy(['digest', '--date', '2026-11-27', '--topic', 'compression', '--topic', 'video', '--limit', '3', '--format', 'json'], env);
    expect(digest.code).toBe(0);
    const parsed = JSON.parse(digest.stdout) as { day: string; papers: { id: string; upvotes: number; matchedTopics: string[] }[] };
    expect(parsed.day).toBe('2026-11-27');
    expect(parsed.papers.map((p) => p.id)).toEqual(['2611.23867', '2611.29707', '2611.24091']);
    expect(parsed.papers[0]?.matchedTopics).toEqual(['compression']);
    const upvotes = parsed.papers.map((p) => p.upvotes);
    expect([...upvotes].sort((a, b) => b - a)).toEqual(upvotes);
  }, 120_000);

  it('exits 2 on bad usage and 1 when nothing could be read', async () => {
    const bad = await paperboy(['digest', '--date', '27/11/2026'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--date must be a date like 2026-11-27/);
    expect((await paperboy(['frobnicate'], env)).code).toBe(2);
    expect((await paperboy(['search'], env)).code).toBe(2);
    const badConfig = await paperboy(['search', 'x'], { ...env, DIGEST_CUTOFF_HOURS: 'soon' });
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toMatch(/DIGEST_CUTOFF_HOURS/);
    const missing = await paperboy(['ingest', '--file', join(dataDir, 'nope.json')], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.json/);
  }, 120_000);

  it('ingests a day from the Daily Papers API', async () => {
    hf.setDay('2026-11-20', fixtureDayItems().slice(0, 12));
    const run = await paperboy(['ingest', '--date', '2026-11-20'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Ingested 2026-11-20 from http:\/\/127\.0\.0\.1:\d+: \d+ stored/);
    expect(hf.requests.some((r) => r.query.date === '2026-11-20' && r.query.limit === '100')).toBe(true);
    hf.fail({ kind: 'status', status: 500 }, { times: 100 });
    // One retry is enough to show a failure is retried and then reported (the default is 4, some 4 s).
    const down = await paperboy(['ingest', '--date', '2026-11-21'], { ...env, HF_TIMEOUT_MS: '300', HF_RETRIES: '1' });
    expect(down.code).toBe(1);
    expect(hf.requests.filter((r) => r.query.date === '2026-11-21')).toHaveLength(2);
  }, 120_000);
});

describe('npm start with no chat tokens (terminal adapter)', () => {
  let dataDir: string;
  let hf: FakeHf;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'paperboy-start-'));
    hf = await startFakeHf();
    // Paperboy runs on the test's clock (PAPERBOY_CLOCK_START): "today" is the fixture's next day.
    hf.setDay('2026-11-28', fixtureDayItems().slice(0, 5));
    hf.setDay('2026-11-27', fixtureDayItems());
  });

  afterAll(async () => {
    await hf.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** `paperboy start` in the terminal, its clock reading `clockStart` when it starts. */
  function startTerminal(clockStart: string) {
    const child = spawn(process.execPath, [bin, 'start'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        PAPERBOY_DATA_DIR: dataDir,
        PAPERBOY_CLOCK_START: clockStart,
        HF_API_URL: hf.url,
        DIGEST_TICK_CRON: '*/2 * * * * *',
        LOG_LEVEL: 'warn',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out = { stdout: '', stderr: '' };
    child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
    const waitFor = async (pattern: RegExp, ms: number) => {
      const until = Date.now() + ms;
      while (!pattern.test(out.stdout)) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${pattern}\nstdout:\n${out.stdout}\nstderr:\n${out.stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const exit = async () => {
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
      child.stdin.end('exit\n');
      return closed;
    };
    return { child, out, waitFor, exit };
  }

  it('says where the data lives, answers /papers lines and prints the digest when due', async () => {
    // Set up at 08:55 for a 09:00 digest, then started again at 09:00:30 (as after a deploy): the
    // first tick posts it. No test waits for the machine's clock to reach a minute.
    const before = startTerminal('2026-11-28T08:55:00Z');
    try {
      await before.waitFor(/Data: .*paperboy-start-/, 60_000);
      await before.waitFor(/Ingested \d+ papers/, 60_000);
      before.child.stdin.write('/papers subscribe compression\n');
      await before.waitFor(/Subscribed to "compression"/, 30_000);
      before.child.stdin.write('/papers subscribe the of\n');
      await before.waitFor(/can match no paper/, 30_000);
      before.child.stdin.write('/papers schedule 09:00 UTC daily\n');
      await before.waitFor(/Digest schedule saved/, 30_000);
      expect(before.out.stdout).not.toMatch(/== Daily Papers/);
      expect(await before.exit()).toBe(0);
      expect(before.out.stderr).not.toMatch(/ERROR/);
    } finally {
      before.child.kill('SIGKILL');
    }

    const after = startTerminal('2026-11-28T09:00:30Z');
    try {
      // The digest covers yesterday (UTC), 27 Nov.
      await after.waitFor(/== Daily Papers, 27 Nov 2026: \d+ papers? on compression ==/, 90_000);
      expect(after.out.stdout).toMatch(/Lossless Compression with Probabilistic Circuits/);
      after.child.stdin.write('/papers status\n');
      await after.waitFor(/Last deliveries:\n {2}• .*: sent, \d+ papers?/, 30_000);
      expect(await after.exit()).toBe(0);
      expect(after.out.stderr).not.toMatch(/ERROR/);
    } finally {
      after.child.kill('SIGKILL');
    }
  }, 240_000);
});

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHf, type FakeHf } from '../fakes/hf/fake-hf-server.js';
import { fixtureDayItems } from '../fakes/hf/payloads.js';
import { getJson, getText, sample } from './ops-support.js';

// `paperboy start` as a process: with no chat tokens (terminal adapter) it serves /healthz and
// /metrics on PORT, and a busy PORT is a warning, not a crash.

// The installed command (bin/paperboy.js runs the compiled CLI), as a deployment starts it.
const bin = new URL('../../bin/paperboy.js', import.meta.url).pathname;
const CLOCK_START = '2026-11-28T08:00:00Z';

async function listenOnFreePort(): Promise<Server> {
  const server = createServer((_req, res) => res.end('someone else'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function start(env: Record<string, string>): { child: ChildProcessWithoutNullStreams; out: { stdout: string; stderr: string } } {
  const child = spawn(process.execPath, [bin, 'start'], {
    // On the test's clock: "today" for the first ingest is the fixture's next day.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info', DIGEST_TICK_CRON: '0 0 1 1 *', PAPERBOY_CLOCK_START: CLOCK_START, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  return { child, out };
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function exit(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  child.stdin.end('exit\n');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await closed;
  clearTimeout(timer);
  return code;
}

describe('paperboy start serves /healthz and /metrics on PORT', () => {
  let dataDir: string;
  let hf: FakeHf;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'paperboy-ops-'));
    hf = await startFakeHf();
    hf.setDay('2026-11-28', fixtureDayItems().slice(0, 3));
    hf.setDay('2026-11-27', fixtureDayItems().slice(0, 3));
  });
  afterAll(async () => {
    await hf?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('in the terminal: healthy once the first ingest is in, with its runs in /metrics', async () => {
    const probe = await listenOnFreePort();
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const { child, out } = start({ PORT: String(port), PAPERBOY_DATA_DIR: join(dataDir, 'a'), HF_API_URL: hf.url });
    try {
      await until(() => /Ingested \d+ papers/.test(out.stdout), 'the first ingest');
      // Someone's own machine: the probe listens on loopback only, not on every interface.
      expect(out.stderr).toMatch(new RegExp(`ops: serving /healthz and /metrics url=http://127\\.0\\.0\\.1:${port}`));
      const health = await getJson(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'ok', database: { ok: true, kind: 'pglite' }, adapters: {} });
      const metrics = await getText(`http://127.0.0.1:${port}/metrics`);
      expect(sample(metrics.text, 'paperboy_ingest_runs_total', { outcome: 'ok' })).toBe(2);
      expect(sample(metrics.text, 'paperboy_process_resident_memory_bytes')).toBeGreaterThan(0);
      expect(await exit(child)).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
    // Stopped with the process.
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  }, 120_000);

  it('keeps running with a warning when PORT is taken', async () => {
    const other = await listenOnFreePort();
    const port = (other.address() as AddressInfo).port;
    const { child, out } = start({ PORT: String(port), PAPERBOY_DATA_DIR: join(dataDir, 'b'), HF_API_URL: hf.url });
    try {
      await until(() => /Ingested \d+ papers/.test(out.stdout), 'the first ingest');
      expect(out.stderr).toMatch(/WARN +ops: \/healthz and \/metrics not served .*EADDRINUSE/);
      expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).text()).toBe('someone else');
      child.stdin.write('/papers help\n');
      await until(() => /\/papers search/.test(out.stdout), 'an answer to /papers help');
      expect(await exit(child)).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => other.close(resolve));
    }
  }, 120_000);
});

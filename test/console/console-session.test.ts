import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsoleSession } from '../../src/console/console-session.js';
import { quietRepeats } from '../../src/console/quiet-repeats.js';
import { createTerminalScreen } from '../../src/console/terminal-screen.js';
import type { Core } from '../../src/core/app.js';
import type { Database } from '../../src/core/db/client.js';
import type { PaperSource } from '../../src/core/ports.js';
import { backends } from '../support/databases.js';
import { makeCore } from '../support/core.js';
import { makePaper } from '../support/papers.js';

// The terminal adapter as a person uses it while Hugging Face does not answer (issue 11, items 4 and 10).

const backend = backends[0]!;

/** Resolves once everything written to `stream` so far matches `pattern`. */
function waitFor(stream: PassThrough, seen: { text: string }, pattern: RegExp): Promise<void> {
  return new Promise((resolve) => {
    if (pattern.test(seen.text)) return resolve();
    const onData = () => {
      if (!pattern.test(seen.text)) return;
      stream.off('data', onData);
      resolve();
    };
    stream.on('data', onData);
  });
}

describe('terminal session with a Hugging Face that does not answer', () => {
  let database: Database;
  let core: Core;
  let release: () => void = () => {};
  let started: () => void = () => {};
  let fetchStarted = new Promise<void>((resolve) => (started = resolve));

  // Never answers on its own: only the caller's deadline, or the test, ends the wait.
  const hangingSource: PaperSource = {
    async fetchDay() {
      return { items: [], skipped: 0 };
    },
    fetchPaper(id, signal) {
      return new Promise((resolve, reject) => {
        release = () => resolve(makePaper({ id, title: 'Finally fetched from the Hub' }));
        started();
        signal?.addEventListener('abort', () => reject(new Error('aborted')));
      });
    },
  };

  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => database.close());

  it('gives up a paper look-up at the short deadline and says so', async () => {
    core = await makeCore(database, { now: () => new Date('2026-11-28T10:00:00Z'), source: hangingSource, env: { HF_LOOKUP_DEADLINE_MS: '200' } });
    const reply = await core.commands.runText('/papers paper 2601.00001', { channel: { platform: 'console', workspaceId: 'local', channelId: 'console' }, caller: { id: 'local' }, canManage: true });
    expect(reply.error?.code).toBe('upstream_unavailable');
    expect(reply.text).toMatch(/Hugging Face did not answer within/);
  });

  it('answers /papers help typed after a hanging /papers paper at once, and the paper when it comes', async () => {
    core = await makeCore(database, { now: () => new Date('2026-11-28T10:00:00Z'), source: hangingSource, env: { HF_LOOKUP_DEADLINE_MS: '60000' } });
    fetchStarted = new Promise<void>((resolve) => (started = resolve));
    const input = new PassThrough();
    const output = new PassThrough();
    const seen = { text: '' };
    output.on('data', (chunk: Buffer) => (seen.text += chunk.toString()));
    const session = runConsoleSession({ commands: core.commands, input, output, prompt: true });

    input.write('/papers paper 2601.00001\n');
    input.write('/papers help\n');
    await waitFor(output, seen, /Paperboy: research papers in this channel/);
    await fetchStarted;
    expect(seen.text).not.toMatch(/Finally fetched/);

    release();
    await waitFor(output, seen, /Finally fetched from the Hub/);
    input.end('exit\n');
    await session;
    expect(seen.text).toMatch(/papers> /);
  });

  it('keeps a script typed through a pipe in order: a read after a change sees the change', async () => {
    core = await makeCore(database, { now: () => new Date('2026-11-28T10:00:00Z'), source: hangingSource });
    const input = new PassThrough();
    const output = new PassThrough();
    const seen = { text: '' };
    output.on('data', (chunk: Buffer) => (seen.text += chunk.toString()));
    const session = runConsoleSession({ commands: core.commands, input, output });
    input.end('/papers subscribe robotics\n/papers topics\n');
    await session;
    expect(seen.text.indexOf('Subscribed to "robotics"')).toBeGreaterThanOrEqual(0);
    expect(seen.text.indexOf('• robotics', seen.text.indexOf('Topics for this channel'))).toBeGreaterThan(seen.text.indexOf('Subscribed'));
  });
});

describe('weekly digests in the terminal', () => {
  it('schedules a weekly digest, shows it in status, and prints the week\'s top papers', async () => {
    const database = await backend.open();
    try {
      const core = await makeCore(database, { now: () => new Date('2026-11-30T10:00:00Z') });
      await core.papers.upsert([
        { paper: makePaper({ title: 'Robotics of the week', upvotes: 40 }), day: '2026-11-24' },
        { paper: makePaper({ title: 'Robotics of the week before', upvotes: 90 }), day: '2026-11-20' },
      ]);
      const input = new PassThrough();
      const output = new PassThrough();
      const seen = { text: '' };
      output.on('data', (chunk: Buffer) => (seen.text += chunk.toString()));
      const session = runConsoleSession({ commands: core.commands, input, output });
      input.end('/papers subscribe robotics\n/papers schedule weekly sun 18:00 Asia/Tokyo\n/papers status\n/papers top\n/papers top year\n');
      await session;
      expect(seen.text).toContain('Weekly digest: 18:00 Asia/Tokyo, weekly on sun; next Sun 6 Dec');
      expect(seen.text).toMatch(/Days:\s+weekly on sun/);
      expect(seen.text).toContain('Top papers, 23-29 Nov 2026');
      expect(seen.text).toContain('== Weekly Papers, 23-29 Nov 2026: 1 paper on robotics ==');
      expect(seen.text).toContain('1. Robotics of the week');
      expect(seen.text).not.toContain('Robotics of the week before');
      expect(seen.text).toContain('"year" is not a period');
    } finally {
      await database.close();
    }
  });
});

describe('log lines in the terminal during an outage', () => {
  it('shows a repeated warning the 1st, 10th and 100th time only, and a new message at once', () => {
    const lines: string[] = [];
    const write = quietRepeats((line) => lines.push(line));
    for (let i = 0; i < 150; i += 1) {
      write(`2026-11-28T10:00:${String(i % 60).padStart(2, '0')}.000Z WARN  hf request failed, retrying url=http://x/api attempt=${i} waitMs=500`);
    }
    write('2026-11-28T10:05:00.000Z INFO  ingested day=2026-11-27 stored=30');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/attempt=9 .*\(seen 10 times; repeats are not shown\)/);
    expect(lines[2]).toMatch(/\(seen 100 times/);
    expect(lines[3]).toMatch(/INFO  ingested/);
  });
});

describe('a log line while the prompt waits', () => {
  it('is printed on a line of its own, and the prompt with what was typed is drawn again below it', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const seen = { text: '' };
    output.on('data', (chunk: Buffer) => (seen.text += chunk.toString()));
    const screen = createTerminalScreen(output, true);
    const session = runConsoleSession({ commands: { run: async () => ({ visibility: 'ephemeral', text: '' }), runText: async () => ({ visibility: 'ephemeral', text: 'ok' }) }, input, output, prompt: true, screen });
    input.write('/papers sea');
    await waitFor(output, seen, /papers sea/);
    const logged: string[] = [];
    screen.print('2026-11-28T10:00:00.000Z WARN  ingest failed', (body) => logged.push(body));
    expect(logged).toEqual(['2026-11-28T10:00:00.000Z WARN  ingest failed\n']);
    // The prompt line was cleared before the log line and drawn again, typed text included, after it.
    const tail = seen.text.slice(seen.text.lastIndexOf('\u001b[2K'));
    expect(tail, JSON.stringify(tail)).toMatch(/papers> \/papers sea(\u001b\[\d+G)?$/);
    input.end('\nexit\n');
    await session;
  });
});

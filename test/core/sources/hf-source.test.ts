import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/core/logger.js';
import type { PaperSource } from '../../../src/core/ports.js';
import { createHfSource, type HfSourceOptions } from '../../../src/core/sources/hf-source.js';
import { SourceError } from '../../../src/core/sources/source-error.js';
import { startFakeHf, type FakeHf } from '../../fakes/hf/fake-hf-server.js';
import { FIXTURE_DAY, fixtureDayItems, itemMissing, realItem, syntheticDay } from '../../fakes/hf/payloads.js';

const TOKEN = 'hf_abcdefghijklmnopqrstuvwxyz123456';

describe('Hugging Face Daily Papers source', () => {
  let hf: FakeHf;
  let logLines: string[];
  let waits: number[];

  beforeEach(async () => {
    hf = await startFakeHf({ days: { [FIXTURE_DAY]: fixtureDayItems(), '2026-02-27': [realItem()] } });
    logLines = [];
    waits = [];
  });
  afterEach(async () => {
    await hf.close();
  });

  function source(overrides: Partial<HfSourceOptions> = {}): PaperSource {
    return createHfSource({
      baseUrl: `${hf.url}/`,
      timeoutMs: 2_000,
      logger: createLogger({ level: 'debug', write: (line) => logLines.push(line) }),
      retries: 3,
      backoff: { baseDelayMs: 5, maxDelayMs: 50 },
      // Waits are recorded and kept short so the timing rules are checked without slow tests.
      sleep: async (ms) => {
        waits.push(ms);
        await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5)));
      },
      random: () => 0.5,
      ...overrides,
    });
  }

  const caught = async (promise: Promise<unknown>): Promise<SourceError> => {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    return error as SourceError;
  };

  it('fetches a day in one short page, skipping and counting invalid items', async () => {
    const { items, skipped } = await source().fetchDay(FIXTURE_DAY);
    expect(items).toHaveLength(30);
    expect(skipped).toBe(2);
    expect(items.every((i) => i.day === FIXTURE_DAY)).toBe(true);
    expect(hf.requests.map((r) => [r.path, r.query])).toEqual([
      ['/api/daily_papers', { date: FIXTURE_DAY, limit: '100', p: '0' }],
    ]);
    expect(logLines.join('\n')).toMatch(/hf items skipped.*skipped=2/);
  });

  it('pages until a short page', async () => {
    hf.setDay('2026-11-20', syntheticDay('2026-11-20', 230));
    hf.setDay('2026-11-21', syntheticDay('2026-11-21', 100));
    const { items } = await source().fetchDay('2026-11-20');
    expect(items).toHaveLength(230);
    expect(new Set(items.map((i) => i.paper.id)).size).toBe(230);
    expect(hf.requests.map((r) => r.query.p)).toEqual(['0', '1', '2']);
    const exact = await source().fetchDay('2026-11-21');
    expect(exact.items).toHaveLength(100);
    expect(hf.requests.slice(3).map((r) => r.query.p)).toEqual(['0', '1']);
  });

  it('stops paging when the server ignores the page number, and at the page limit', async () => {
    hf.setDay('2026-11-20', syntheticDay('2026-11-20', 100));
    const ignoresPage: typeof fetch = (input, init) => fetch(String(input).replace(/&p=\d+/, ''), init);
    const same = await source({ fetch: ignoresPage, pageSize: 10 }).fetchDay('2026-11-20');
    expect(same.items).toHaveLength(10);
    expect(hf.requests).toHaveLength(2);
    const limited = await source({ pageSize: 10, maxPages: 3 }).fetchDay('2026-11-20');
    expect(limited.items).toHaveLength(30);
    expect(hf.requests).toHaveLength(5);
  });

  it('sends the Bearer token only when one is set, and never logs it', async () => {
    hf.fail({ kind: 'status', status: 503 });
    await source({ token: TOKEN }).fetchDay(FIXTURE_DAY);
    await source().fetchDay(FIXTURE_DAY);
    expect(hf.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`, undefined]);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(TOKEN);
  });

  it('retries 500s with jittered exponential backoff, then succeeds', async () => {
    hf.fail({ kind: 'status', status: 500 }, { times: 3 });
    const { items } = await source().fetchDay(FIXTURE_DAY);
    expect(items).toHaveLength(30);
    expect(hf.requests).toHaveLength(4);
    // random() = 0.5 of ceilings 5, 10, 20 ms.
    expect(waits).toEqual([2, 5, 10]);
  });

  it('gives up after the configured retries with an HTTP error', async () => {
    hf.fail({ kind: 'status', status: 502 }, { times: 100 });
    const error = await caught(source({ retries: 2 }).fetchDay(FIXTURE_DAY));
    expect(error).toMatchObject({ kind: 'http', status: 502 });
    expect(hf.requests).toHaveLength(3);
  });

  it('does not retry a 4xx other than 429', async () => {
    hf.fail({ kind: 'status', status: 400 }, { times: 5 });
    expect(await caught(source().fetchDay(FIXTURE_DAY))).toMatchObject({ kind: 'http', status: 400 });
    expect(hf.requests).toHaveLength(1);
  });

  it('honours Retry-After on 429, in seconds and as an HTTP date', async () => {
    hf.fail({ kind: 'status', status: 429, retryAfter: '2' });
    hf.fail({ kind: 'status', status: 429, retryAfter: new Date(Date.now() + 30_000).toUTCString() });
    const { items } = await source({ backoff: { baseDelayMs: 5, maxDelayMs: 60_000 } }).fetchDay(FIXTURE_DAY);
    expect(items).toHaveLength(30);
    expect(hf.requests).toHaveLength(3);
    expect(waits[0]).toBe(2_000);
    expect(waits[1]).toBeGreaterThan(25_000);
    expect(waits[1]).toBeLessThanOrEqual(30_000);
  });

  it('waits out a real Retry-After before asking again', async () => {
    hf.fail({ kind: 'status', status: 429, retryAfter: '1' });
    const started = Date.now();
    await createHfSource({ baseUrl: hf.url, timeoutMs: 2_000, logger: createLogger({ level: 'silent' }) }).fetchDay(FIXTURE_DAY);
    const [first, second] = hf.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(990);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('leaves a Retry-After longer than the cap to a later run instead of sleeping through it', async () => {
    hf.fail({ kind: 'status', status: 429, retryAfter: '3600' });
    const error = await caught(source({ maxRetryAfterMs: 60_000 }).fetchDay(FIXTURE_DAY));
    expect(error.message).toMatch(/3600s/);
    expect(hf.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('times out a hanging request and retries it', async () => {
    hf.fail({ kind: 'hang' });
    const started = Date.now();
    const { items } = await source({ timeoutMs: 200 }).fetchDay(FIXTURE_DAY);
    expect(items).toHaveLength(30);
    expect(hf.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reports a timeout when every attempt hangs', async () => {
    hf.fail({ kind: 'hang' }, { times: 10 });
    const error = await caught(source({ timeoutMs: 150, retries: 1 }).fetchDay(FIXTURE_DAY));
    expect(error.kind).toBe('timeout');
    expect(hf.requests).toHaveLength(2);
  });

  it('treats truncated JSON and a non-array body as an error for that page', async () => {
    hf.fail({ kind: 'truncated' });
    expect((await caught(source().fetchDay(FIXTURE_DAY))).kind).toBe('invalid_body');
    hf.fail({ kind: 'not-array' });
    const error = await caught(source().fetchDay(FIXTURE_DAY));
    expect(error.kind).toBe('invalid_body');
    expect(error.message).toMatch(/expected a JSON array/);
  });

  it('fails a day whose second page breaks rather than returning half of it', async () => {
    hf.setDay('2026-11-20', syntheticDay('2026-11-20', 150));
    const fetchSecondBroken: typeof fetch = (input, init) =>
      String(input).includes('p=1') ? Promise.resolve(new Response('[{"paper":', { status: 200 })) : fetch(input, init);
    expect((await caught(source({ fetch: fetchSecondBroken }).fetchDay('2026-11-20'))).kind).toBe('invalid_body');
  });

  it('counts items missing each required field', async () => {
    const broken = (['id', 'title', 'summary', 'authors', 'upvotes', 'publishedAt'] as const).map((f, i) => itemMissing(f, `2611.3999${i}`));
    hf.setDay('2026-11-22', [...broken, realItem()]);
    const { items, skipped } = await source().fetchDay('2026-11-22');
    expect(skipped).toBe(6);
    expect(items.map((i) => i.paper.id)).toEqual(['2602.23229']);
  });

  it('reports a network error when nothing listens', async () => {
    const url = hf.url;
    await hf.close();
    const error = await caught(source({ baseUrl: url, retries: 2 }).fetchDay(FIXTURE_DAY));
    expect(error.kind).toBe('network');
    expect(waits).toHaveLength(2);
    hf = await startFakeHf();
  });

  it('stops at once when the caller aborts', async () => {
    hf.fail({ kind: 'hang' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect((await caught(source({ timeoutMs: 5_000 }).fetchDay(FIXTURE_DAY, controller.signal))).kind).toBe('aborted');
    expect(hf.requests).toHaveLength(1);
  });

  it('fetches one paper by id or URL; a 404 is null', async () => {
    const paper = await source().fetchPaper('https://arxiv.org/abs/2602.23229v2');
    expect(paper).toMatchObject({ id: '2602.23229', title: 'Large Multimodal Models as General In-Context Classifiers', githubStars: 9 });
    expect(hf.requests.at(-1)?.path).toBe('/api/papers/2602.23229');
    expect(await source().fetchPaper('2602.99999')).toBeNull();
    expect(await source().fetchPaper('not an id')).toBeNull();
    hf.setPaper('2602.11111', { id: '2602.11111', title: 'No abstract' });
    expect((await caught(source().fetchPaper('2602.11111'))).kind).toBe('invalid_body');
  });
});

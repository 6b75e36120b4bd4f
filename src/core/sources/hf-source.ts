import type { Paper } from '../papers/paper.js';
import { normalizeArxivId } from '../papers/arxiv-id.js';
import type { ListedPaper, Logger, PaperSource } from '../ports.js';
import type { BackoffPolicy } from './backoff.js';
import { parseDailyItems, parseHfPaper } from './hf-items.js';
import { createHttpClient } from './http-client.js';
import { SourceError } from './source-error.js';

export interface HfSourceOptions {
  /** HF_API_URL, e.g. https://huggingface.co (no trailing slash needed). */
  baseUrl: string;
  /** HF_TOKEN: sent as a Bearer header when set, never logged. */
  token?: string | undefined;
  timeoutMs: number;
  logger: Logger;
  fetch?: typeof fetch;
  /** Items per page; the API allows 1 to 100. */
  pageSize?: number;
  /** A guard against a server that never sends a short page. */
  maxPages?: number;
  retries?: number;
  backoff?: Partial<BackoffPolicy>;
  maxRetryAfterMs?: number;
  /** Tests make waits instant or deterministic. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Hugging Face Daily Papers: GET /api/daily_papers?date=D&limit=100&p=N, and /api/papers/{id}. */
export function createHfSource(options: HfSourceOptions): PaperSource {
  const base = options.baseUrl.replace(/\/+$/, '');
  const pageSize = Math.min(100, Math.max(1, options.pageSize ?? 100));
  const maxPages = Math.max(1, options.maxPages ?? 20);
  const { logger } = options;
  const http = createHttpClient({
    timeoutMs: options.timeoutMs,
    logger,
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.maxRetryAfterMs !== undefined ? { maxRetryAfterMs: options.maxRetryAfterMs } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.random ? { random: options.random } : {}),
  });

  return {
    async fetchDay(day: string, signal?: AbortSignal): Promise<{ items: ListedPaper[]; skipped: number }> {
      if (!DAY.test(day)) throw new SourceError('invalid_body', `not a day (YYYY-MM-DD): ${day}`);
      const items: ListedPaper[] = [];
      let skipped = 0;
      let previousFirstId: string | undefined;
      for (let page = 0; page < maxPages; page += 1) {
        const url = `${base}/api/daily_papers?date=${day}&limit=${pageSize}&p=${page}`;
        const { status, body } = await http.getJson(url, signal);
        if (status === 404) return { items, skipped };
        if (!Array.isArray(body)) {
          throw new SourceError('invalid_body', `expected a JSON array from ${url}, got ${describe(body)}`, status);
        }
        // A server that ignores `p` would hand back page 0 forever.
        const firstId = firstPaperId(body);
        if (page > 0 && firstId !== undefined && firstId === previousFirstId) {
          logger.warn('hf returned the same page twice; stopping', { day, page });
          return { items, skipped };
        }
        previousFirstId = firstId;
        const parsed = parseDailyItems(body, day);
        items.push(...parsed.items);
        skipped += parsed.skipped;
        if (parsed.skipped > 0) logger.warn('hf items skipped', { day, page, skipped: parsed.skipped, problems: parsed.problems });
        if (body.length < pageSize) return { items, skipped };
      }
      logger.warn('hf paging stopped at the page limit', { day, maxPages });
      return { items, skipped };
    },

    async fetchPaper(id: string, signal?: AbortSignal): Promise<Paper | null> {
      const normalized = normalizeArxivId(id);
      if (!normalized) return null;
      const url = `${base}/api/papers/${encodeURIComponent(normalized)}`;
      const { status, body } = await http.getJson(url, signal);
      if (status === 404) return null;
      const paper = parseHfPaper(body);
      if (!paper) throw new SourceError('invalid_body', `the paper ${normalized} from ${url} is not a valid paper object`, status);
      return paper;
    },
  };
}

function firstPaperId(body: unknown[]): string | undefined {
  const first = body[0] as { paper?: { id?: unknown } } | undefined;
  return typeof first?.paper?.id === 'string' ? first.paper.id : undefined;
}

function describe(body: unknown): string {
  if (body === null) return 'null';
  return typeof body === 'object' ? 'an object' : typeof body;
}

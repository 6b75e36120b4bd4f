import type { Logger } from '../ports.js';
import { backoffDelay, parseRetryAfter, type BackoffPolicy } from './backoff.js';
import { SourceError } from './source-error.js';

// GET-and-parse-JSON with a timeout per attempt and bounded retries. Every failure becomes a
// SourceError; nothing else escapes, so callers handle one error type.

export interface HttpClientOptions {
  /** Per attempt, including reading the body. */
  timeoutMs: number;
  /** Retries after the first attempt (so attempts = retries + 1). */
  retries?: number;
  backoff?: Partial<BackoffPolicy>;
  /** A Retry-After longer than this is not waited out: the call fails and a later run tries again. */
  maxRetryAfterMs?: number;
  /** Sent on every request; values are never logged. */
  headers?: Record<string, string>;
  logger: Logger;
  fetch?: typeof fetch;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface JsonResponse {
  status: number;
  /** Parsed JSON for 2xx; undefined for 404. */
  body: unknown;
}

export interface HttpClient {
  /** 2xx -> parsed body; 404 -> { status: 404 }; anything else after retries -> SourceError. */
  getJson(url: string, signal?: AbortSignal): Promise<JsonResponse>;
}

const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 500, maxDelayMs: 30_000 };

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const doFetch = options.fetch ?? globalThis.fetch;
  const retries = Math.max(0, options.retries ?? 4);
  const policy: BackoffPolicy = { ...DEFAULT_BACKOFF, ...options.backoff };
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 120_000;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const headers = { accept: 'application/json', 'user-agent': 'paperboy', ...options.headers };

  async function attempt(url: string, signal: AbortSignal | undefined): Promise<JsonResponse | Retry> {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await doFetch(url, { headers, signal: combined });
    } catch (error) {
      return failure(error, signal, timeout, url);
    }
    if (response.status === 404) {
      await response.body?.cancel().catch(() => {});
      return { status: 404, body: undefined };
    }
    if (response.status === 429 || response.status >= 500) {
      await response.body?.cancel().catch(() => {});
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      return { retry: true, error: new SourceError('http', `HTTP ${response.status} from ${url}`, response.status), retryAfterMs };
    }
    if (response.status < 200 || response.status >= 300) {
      await response.body?.cancel().catch(() => {});
      throw new SourceError('http', `HTTP ${response.status} from ${url}`, response.status);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      return failure(error, signal, timeout, url);
    }
    try {
      return { status: response.status, body: JSON.parse(text) as unknown };
    } catch {
      // A complete 200 with a broken body is the server's bug; asking again rarely helps.
      throw new SourceError('invalid_body', `invalid JSON from ${url} (${text.length} bytes)`, response.status);
    }
  }

  return {
    async getJson(url, signal) {
      for (let n = 0; ; n += 1) {
        const result = await attempt(url, signal);
        if (!('retry' in result)) return result;
        if (n >= retries) throw result.error;
        if (result.retryAfterMs !== null && result.retryAfterMs > maxRetryAfterMs) {
          throw new SourceError(
            'http',
            `${result.error.message}; the server asks to wait ${Math.ceil(result.retryAfterMs / 1000)}s, left for a later run`,
            result.error.status,
          );
        }
        const wait = result.retryAfterMs ?? backoffDelay(n, policy, random);
        options.logger.warn('hf request failed, retrying', { url, error: result.error.message, attempt: n + 1, waitMs: wait });
        try {
          await sleep(wait, signal);
        } catch {
          throw new SourceError('aborted', `request to ${url} aborted`);
        }
      }
    },
  };
}

interface Retry {
  retry: true;
  error: SourceError;
  retryAfterMs: number | null;
}

function failure(error: unknown, caller: AbortSignal | undefined, timeout: AbortSignal, url: string): Retry {
  if (caller?.aborted) throw new SourceError('aborted', `request to ${url} aborted`);
  if (timeout.aborted) return { retry: true, error: new SourceError('timeout', `no answer from ${url} in time`), retryAfterMs: null };
  const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  return { retry: true, error: new SourceError('network', `network error for ${url}: ${reason}`), retryAfterMs: null };
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

// Retry timing: exponential backoff with full jitter, and reading the server's Retry-After.

export interface BackoffPolicy {
  /** First retry's ceiling; doubles each attempt. */
  baseDelayMs: number;
  /** No single wait is longer than this, whatever the attempt or the server says. */
  maxDelayMs: number;
}

/**
 * Full jitter (a uniform draw in [0, min(cap, base * 2^attempt)]): many clients retrying after
 * the same outage spread out instead of returning together.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

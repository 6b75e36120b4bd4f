// Backoff for failed deliveries: 1, 2, 4 ... minutes (capped at an hour) with jitter, or the
// platform's own Retry-After when it is longer.

export function retryDelayMs(attempt: number, retryAfterMs?: number, random: () => number = Math.random): number {
  const base = Math.min(60, 2 ** Math.max(0, attempt - 1)) * 60_000;
  const jittered = base / 2 + random() * (base / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}

import type { RateLimitVerdict } from '../test/fakes/discord/fake-state.js';

// Discord's rate limits, enforced at the fake: a global 50 requests a second per bot (a token bucket
// of 50, refilled continuously, so a client that keeps to 50 a second never meets it) and per-route
// buckets keyed by route and major parameter (message create: 5 per 5 s per channel), announced with
// the X-RateLimit-* headers on every answer. Over a limit the answer is Discord's 429: Retry-After,
// X-RateLimit-Scope, X-RateLimit-Global for the global one, and {message, retry_after, global}.

export interface DiscordLimitStats {
  requests: number;
  limitedGlobal: number;
  limitedRoute: number;
}

interface RouteRule {
  pattern: RegExp;
  limit: number;
  windowMs: number;
}

const rules: RouteRule[] = [
  { pattern: /^POST \/channels\/\d+\/messages$/, limit: 5, windowMs: 5000 },
  { pattern: /^POST \/channels\/\d+\/messages\/\d+\/threads$/, limit: 10, windowMs: 10_000 },
];
const fallback: RouteRule = { pattern: /.*/, limit: 50, windowMs: 1000 };

export function discordLimiter(options: { globalPerSecond?: number } = {}) {
  const perSecond = options.globalPerSecond ?? 50;
  const stats: DiscordLimitStats = { requests: 0, limitedGlobal: 0, limitedRoute: 0 };
  let tokens = perSecond;
  let refilledAt = Date.now();
  const buckets = new Map<string, { remaining: number; resetAt: number }>();

  function limiter(method: string, path: string): RateLimitVerdict | undefined {
    // Interaction responses are not bound by the global limit (and have their own per-token ones).
    if (path.startsWith('/interactions/') || path.startsWith('/webhooks/')) return undefined;
    stats.requests += 1;
    const now = Date.now();
    const signature = `${method} ${path}`;
    const rule = rules.find((r) => r.pattern.test(signature)) ?? fallback;
    const route = routeKey(method, path);
    let bucket = buckets.get(route.key);
    if (!bucket || now >= bucket.resetAt) {
      bucket = { remaining: rule.limit, resetAt: now + rule.windowMs };
      buckets.set(route.key, bucket);
    }
    const resetAfter = (bucket.resetAt - now) / 1000;
    const routeHeaders = {
      'x-ratelimit-limit': String(rule.limit),
      'x-ratelimit-reset': String(bucket.resetAt / 1000),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': route.hash,
    };
    if (bucket.remaining <= 0) {
      stats.limitedRoute += 1;
      return limited({ ...routeHeaders, 'x-ratelimit-remaining': '0', 'x-ratelimit-scope': 'user' }, resetAfter, false);
    }
    tokens = Math.min(perSecond, tokens + ((now - refilledAt) / 1000) * perSecond);
    refilledAt = now;
    if (tokens < 1) {
      stats.limitedGlobal += 1;
      return limited({ 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' }, (1 - tokens) / perSecond, true);
    }
    tokens -= 1;
    bucket.remaining -= 1;
    return { headers: { ...routeHeaders, 'x-ratelimit-remaining': String(bucket.remaining) } };
  }
  return Object.assign(limiter, { stats });
}

function limited(headers: Record<string, string>, retryAfterSeconds: number, global: boolean): RateLimitVerdict {
  const retryAfter = Math.max(0.001, Math.round(retryAfterSeconds * 1000) / 1000);
  return {
    headers: { ...headers, 'retry-after': String(Math.ceil(retryAfter)) },
    limited: { message: 'You are being rate limited.', retry_after: retryAfter, global },
  };
}

/** Discord keys buckets by route with the major parameter (channel, guild, webhook) kept literal. */
function routeKey(method: string, path: string): { key: string; hash: string } {
  const major = /^\/(channels|guilds|webhooks)\/(\d+)/.exec(path);
  const generic = path.replace(/\/\d{5,}/g, '/:id');
  const hash = Buffer.from(`${method} ${generic}`).toString('base64url').slice(0, 24);
  return { key: `${hash}:${major?.[2] ?? 'global'}`, hash };
}

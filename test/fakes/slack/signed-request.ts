import { createHmac } from 'node:crypto';

// Slack's request signing (v0 HMAC-SHA256 over `v0:<ts>:<body>`), for driving HTTP mode like Slack does.

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedPostOptions {
  secret: string;
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
  contentType?: 'application/x-www-form-urlencoded' | 'application/json';
  /** Overrides the computed signature (to send a wrong one). */
  signature?: string;
}

export async function postSigned(url: string, body: string, options: SignedPostOptions): Promise<{ status: number; body: string; ms: number }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const started = Date.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? sign(options.secret, timestamp, body),
    },
    body,
  });
  return { status: response.status, body: await response.text(), ms: Date.now() - started };
}

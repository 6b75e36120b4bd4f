import { createHash } from 'node:crypto';

// Discord's idempotency key for message creates: with `enforce_nonce: true`, a nonce the bot used in
// the past few minutes returns the message it created then instead of creating another. Deriving it
// from the delivery key and the part's position makes it the same on every attempt and instance, so a
// retry after a partial post, or a takeover after a crash mid-fan-out, never posts a part twice.

/** Discord accepts string nonces of at most 25 characters. */
export const maxNonceLength = 25;

/** The nonce of part `part` (0 = header) of the digest with this delivery key, e.g. `pb-d123-0`. */
export function messageNonce(deliveryKey: string, part: number): string {
  const suffix = `-${part}`;
  const plain = `pb-${deliveryKey}${suffix}`;
  if (plain.length <= maxNonceLength) return plain;
  // Long keys are hashed down: still stable, and collisions are as unlikely as the hash makes them.
  const room = maxNonceLength - 'pb-'.length - suffix.length;
  return `pb-${createHash('sha256').update(deliveryKey).digest('base64url').slice(0, room)}${suffix}`;
}

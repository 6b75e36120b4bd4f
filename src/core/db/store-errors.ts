// Which database errors mean "the store is not reachable right now" (try again later) rather than
// "this statement is wrong" (a bug: retrying changes nothing). postgres.js reports connection loss
// with its own codes or the socket's; the server with SQLSTATE class 08 (connection exception) and
// 57P0x (shutting down, cannot connect now); PGlite once closed says so in its message.

const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

export function isStoreUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (connectionCodes.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code))) return true;
    if (e instanceof Error && /PGlite is closed|connection (terminated|closed)|Connection terminated|write after end/i.test(e.message)) return true;
    if (e instanceof AggregateError && e.errors.some(isStoreUnavailable)) return true;
  }
  return false;
}

// Why a remote source call failed. The ingestor records the message; callers branch on the kind.

export type SourceErrorKind =
  /** No answer within the timeout. */
  | 'timeout'
  /** Connection refused, reset, DNS: nothing usable came back. */
  | 'network'
  /** An HTTP status that is not success (after retries when it was retryable). */
  | 'http'
  /** A success status whose body is not the JSON shape we expect (truncated, not an array). */
  | 'invalid_body'
  /** The caller aborted. */
  | 'aborted';

export class SourceError extends Error {
  constructor(
    readonly kind: SourceErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}

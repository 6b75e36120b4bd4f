// Stable error codes: the core returns a code, each adapter words it for its users.

export const ErrorCode = {
  Usage: 'usage',
  Forbidden: 'forbidden',
  NotFound: 'not_found',
  TopicLimit: 'topic_limit',
  TopicInvalid: 'topic_invalid',
  TopicMatchesNothing: 'topic_matches_nothing',
  InvalidTimezone: 'invalid_timezone',
  InvalidTime: 'invalid_time',
  InvalidDate: 'invalid_date',
  UpstreamUnavailable: 'upstream_unavailable',
  StoreUnavailable: 'store_unavailable',
  Internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An expected failure with a user-facing message; anything else is a bug and is logged. */
export class PaperboyError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PaperboyError';
  }
}

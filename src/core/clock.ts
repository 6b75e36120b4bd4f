// The application clock. Every decision about dates and times (which digest is due, a lease's end,
// when an ingest ran) reads this clock, never the database's now(): the two can disagree (a
// server in another place, a test's clock, PAPERBOY_CLOCK_START), and one decision must not mix them.

export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/**
 * A clock that reads `start` at the moment it is made and then runs at real speed: for trying a
 * schedule at a chosen instant and for tests that start a real process (PAPERBOY_CLOCK_START).
 */
export function clockStartingAt(start: Date, realMs: () => number = Date.now): Clock {
  const offset = start.getTime() - realMs();
  return () => new Date(realMs() + offset);
}

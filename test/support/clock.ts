import type { Clock } from '../../src/core/clock.js';
import type { Scheduler } from '../../src/core/delivery/scheduler.js';

// The test's clock. Everything under test reads time from here (createCore's `now`), never from the
// machine, so a test means the same on any date and in any time zone.

/** The morning after the fixture day (2026-11-27, a Friday): the harnesses start here. */
export const FIXTURE_MORNING = '2026-11-28T08:00:00Z';

export class TestClock {
  private at: number;

  constructor(start: string | Date = FIXTURE_MORNING) {
    this.at = new Date(start).getTime();
  }

  /** The clock as the core takes it. */
  readonly now: Clock = () => new Date(this.at);

  set(at: string | Date): void {
    this.at = new Date(at).getTime();
  }

  advance(ms: number): void {
    this.at += ms;
  }
}

/** The scheduler as a test drives it: a tick at an instant first moves the clock there, as time would. */
export function clockedScheduler(scheduler: Scheduler, clock: TestClock): Scheduler {
  return {
    get instanceId() {
      return scheduler.instanceId;
    },
    tick(now) {
      if (now) clock.set(now);
      return scheduler.tick(now ?? clock.now());
    },
    start: () => scheduler.start(),
    stop: () => scheduler.stop(),
  };
}

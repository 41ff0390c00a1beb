/**
 * start-schedules
 */
import type { ScheduleFixture } from '../fixtures/fixture-types.js';
import type { EventLog } from './create-event-log.js';

/**
 * Interval timers, injectable for tests.
 *
 * @category Events
 */
export interface IntervalTimers {
  setInterval(callback: () => void, milliseconds: number): unknown;
  clearInterval(handle: unknown): void;
}

/**
 * Emits the fixtures' scheduled events (e.g. one TASK_MODIFIED every 10 s) until stopped: for live demos.
 *
 * @returns a function that stops every schedule.
 * @category Events
 */
export function startSchedules(options: {
  events: EventLog;
  schedules: readonly ScheduleFixture[];
  timers?: IntervalTimers;
}): () => void {
  const {
    events,
    schedules,
    // Unref'd: schedules never keep a process alive on their own.
    timers = {
      setInterval: (callback, milliseconds) => setInterval(callback, milliseconds).unref(),
      clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
    },
  } = options;
  const handles = schedules.map((schedule) =>
    timers.setInterval(
      () => void events.emit({ type: schedule.type, organization_sentera_id: schedule.organization_sentera_id }),
      schedule.everyMs,
    ),
  );
  return () => {
    for (const handle of handles) timers.clearInterval(handle);
  };
}

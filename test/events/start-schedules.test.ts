import { describe, expect, it, vi } from 'vitest';
import { startSchedules } from '../../src/events/start-schedules.js';
import { loadFixtures } from '../../src/fixtures/load-fixtures.js';
import { defaultFixturesDir } from '../../src/mock/create-mock.js';
import { DOCUMENTED_ORGANIZATION } from '../support/documented-example.js';
import { createTestMock } from '../support/test-mock.js';

describe('scheduled events', () => {
  it("emit each schedule's event at its period until stopped", () => {
    const mock = createTestMock();
    const intervals: Array<{ callback: () => void; milliseconds: number; cleared: boolean }> = [];
    const stop = startSchedules({
      events: mock.events,
      schedules: [
        { type: 'SURVEY_CREATED', organization_sentera_id: DOCUMENTED_ORGANIZATION, everyMs: 10_000, source: 'test' },
      ],
      timers: {
        setInterval: (callback, milliseconds) => intervals.push({ callback, milliseconds, cleared: false }) - 1,
        clearInterval: (handle) => ((intervals[handle as number] as { cleared: boolean }).cleared = true),
      },
    });
    expect(intervals.map((interval) => interval.milliseconds)).toEqual([10_000]);
    intervals[0]?.callback();
    intervals[0]?.callback();
    expect(
      mock.events
        .findEvents({ type: 'SURVEY_CREATED', organization_sentera_id: DOCUMENTED_ORGANIZATION })
        .filter((event) => event.created_at.toISOString() === '2022-01-31T13:27:09.000Z'),
    ).toHaveLength(2);
    stop();
    expect(intervals[0]?.cleared).toBe(true);
  });

  it('are off by default and on with the schedules option, and stop when the mock closes', () => {
    const fixtures = loadFixtures({ dir: defaultFixturesDir() });
    const fast = {
      ...fixtures,
      schedules: [
        {
          type: 'FEATURE_SET_CREATED' as const,
          organization_sentera_id: DOCUMENTED_ORGANIZATION,
          everyMs: 100,
          source: 'test',
        },
      ],
    };
    const count = (mock: ReturnType<typeof createTestMock>) =>
      mock.events.findEvents({ type: 'FEATURE_SET_CREATED', organization_sentera_id: DOCUMENTED_ORGANIZATION }).length;
    // The mock's schedules run on the global interval timer: virtual time, so exactly three periods pass.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const off = createTestMock({ fixtures: fast });
      const on = createTestMock({ fixtures: fast, schedules: true });
      const [offBefore, onBefore] = [count(off), count(on)];
      vi.advanceTimersByTime(350);
      on.close();
      expect(count(off)).toBe(offBefore);
      expect(count(on) - onBefore).toBe(3);
      vi.advanceTimersByTime(1_000);
      expect(count(on) - onBefore).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('ship in the default world: TASK_MODIFIED every 10 s', () => {
    expect(loadFixtures({ dir: defaultFixturesDir() }).schedules).toEqual([
      expect.objectContaining({ type: 'TASK_MODIFIED', everyMs: 10_000 }),
    ]);
  });
});

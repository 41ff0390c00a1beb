import type { Fixtures } from '../../src/fixtures/fixture-types.js';

/** A small world for event tests: Root → Child → Grandchild, and Other; streams that collide on seconds. */
export const ROOT = 'rootorg_OR_aaaaRoot_CV_deve_0123456_210101_000000';
export const CHILD = 'childor_OR_bbbbChild_CV_deve_0123456_210101_000000';
export const GRANDCHILD = 'grandch_OR_ccccGrand_CV_deve_0123456_210101_000000';
export const OTHER = 'otherog_OR_ddddOther_CV_deve_0123456_210101_000000';

const organization = (sentera_id: string, parent: string | null) => ({
  sentera_id,
  name: sentera_id.slice(0, 7),
  email: 'x@example.com',
  parent_organization_id: parent,
  token: sentera_id.split('_')[2] as string,
  source: 'test',
});

/** Every stream has one event per second over the same 1200 seconds, so seconds collide across streams. */
export function eventWorld(): Fixtures {
  const from = new Date('2022-01-01T00:00:00Z');
  const to = new Date('2022-01-01T00:19:59Z');
  return {
    organizations: [
      organization(ROOT, null),
      organization(CHILD, ROOT),
      organization(GRANDCHILD, CHILD),
      organization(OTHER, null),
    ],
    streams: [
      {
        name: 'root-stream',
        organization_sentera_id: ROOT,
        count: 1200,
        from,
        to,
        types: { TASK_MODIFIED: 2, FEATURE_SET_CREATED: 1, SURVEY_CREATED: 1 },
        statuses: { SUCCESS: 8, FAILED: 1, PENDING: 1 },
        source: 'test',
      },
      {
        name: 'grandchild-stream',
        organization_sentera_id: GRANDCHILD,
        count: 1200,
        from,
        to,
        types: { TASK_MODIFIED: 1, SURVEY_CREATED: 1 },
        statuses: { SUCCESS: 1, FAILED: 1 },
        source: 'test',
      },
      {
        name: 'other-stream',
        organization_sentera_id: OTHER,
        count: 600,
        from,
        to,
        types: { FEATURE_SET_CREATED: 1 },
        statuses: { PENDING: 1 },
        source: 'test',
      },
    ],
    events: [
      {
        sentera_id: null,
        organization_sentera_id: CHILD,
        type: 'TASK_MODIFIED',
        created_at: new Date('2022-01-01T00:10:00Z'),
        triggering_object_id: null,
        payload: {},
        status: 'FAILED',
        attempts: 8,
        source: 'test',
      },
      {
        sentera_id: null,
        organization_sentera_id: CHILD,
        type: 'SURVEY_CREATED',
        created_at: new Date('2022-01-01T00:10:00Z'),
        triggering_object_id: null,
        payload: {},
        status: 'PENDING',
        attempts: 0,
        source: 'test',
      },
      {
        sentera_id: null,
        organization_sentera_id: ROOT,
        type: 'FEATURE_SET_CREATED',
        created_at: new Date('2022-01-01T00:25:00Z'),
        triggering_object_id: null,
        payload: {},
        status: 'SUCCESS',
        attempts: 1,
        source: 'test',
      },
      {
        sentera_id: null,
        organization_sentera_id: GRANDCHILD,
        type: 'TASK_MODIFIED',
        created_at: new Date('2021-12-31T23:00:00Z'),
        triggering_object_id: null,
        payload: {},
        status: 'SUCCESS',
        attempts: 1,
        source: 'test',
      },
    ],
    users: [],
    subscriptions: [],
    settings: {},
  };
}

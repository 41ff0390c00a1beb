import { sendGraphQL, type GraphQLRequest } from '../../src/client/send-graphql.js';
import { createMock, type MockOptions, type SenteraMock } from '../../src/mock/create-mock.js';
import { createManualClock } from '../../src/runtime/clock.js';
import {
  startMockServer,
  type RunningMockServer,
  type StartMockServerOptions,
} from '../../src/server/start-mock-server.js';
import { DOCUMENTED_INSTANT } from './documented-example.js';
import { afterFile } from './after-file.js';
import { eventWorld, ROOT } from './event-world.js';

/** A mock with a fixed seed, a manual clock at the documented instant and no delivery, unless overridden. */
export function createTestMock(overrides: MockOptions = {}): SenteraMock {
  return createMock({
    seed: 'test',
    clock: createManualClock({ start: new Date(DOCUMENTED_INSTANT) }),
    delivery: false,
    ...overrides,
  });
}

/** A mock served over HTTP on port 0 with a fixed seed and clock and no delivery unless given; closed after the file's tests. */
export async function startTestServer(overrides: StartMockServerOptions = {}): Promise<RunningMockServer> {
  const server = await startMockServer({
    seed: 'test',
    clock: createManualClock({ start: new Date(DOCUMENTED_INSTANT) }),
    port: 0,
    delivery: false,
    ...overrides,
  });
  afterFile(() => server.close());
  return server;
}

/**
 * POSTs a GraphQL request through the package's GraphQL client and returns the status, content type, raw text and
 * parsed body (throws when no response comes, or the body is not JSON).
 */
export async function postGraphQL(url: string, request: GraphQLRequest) {
  const result = await sendGraphQL({ endpoint: url, headers: {}, fetch }, request);
  if (!result.ok) throw new Error(result.message);
  const { status, contentType, text } = result.exchange;
  return { status, contentType, text, json: JSON.parse(text) as GraphQLBody };
}

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
}

/**
 * A mock of the event world (`eventWorld()`) at 2022-01-01T00:15Z with one subscription of its root organization to
 * TASK_MODIFIED and SURVEY_CREATED, whose events tests page through.
 */
export function createEventWorldMock(): { mock: SenteraMock; subscriptionId: string } {
  const mock = createTestMock({
    fixtures: eventWorld(),
    clock: createManualClock({ start: new Date('2022-01-01T00:15:00Z') }),
  });
  const created = mock.store.createWebhookSubscription({
    organization_sentera_id: ROOT,
    callback_url: 'https://example.com/h',
    event_types: ['TASK_MODIFIED', 'SURVEY_CREATED'],
  });
  if (!created.ok) throw new Error(`the event world refused its subscription: ${created.problem.message}`);
  return { mock, subscriptionId: created.value.sentera_id };
}

/**
 * The soak's load generator, in a process of its own (started at a lower priority, so that on a busy machine it
 * yields the CPU to the mock and the probe rather than inflating what they measure). For `seconds`, five loops side
 * by side: documented mutations, events pages, emits (every subscription's receiver gets each; 50 ms apart),
 * malformed requests, and costly queries (one over the cost budget, refused, then one heavy but allowed; 50 ms apart).
 * Prints one JSON line: what was done and how many answers were 5xx.
 *
 *   node --import tsx bench/soak/load.ts '{"origin": "...", "seconds": 20, ...}'
 */
import { ORGANIZATION, type SoakPlan } from './plan.js';

/** What the load generator did. */
export interface LoadCounts {
  mutations: number;
  pages: number;
  emits: number;
  malformed: number;
  costly: number;
  requests: number;
  fiveHundreds: number;
}

const plan = JSON.parse(process.argv[2] as string) as SoakPlan;
const counts: LoadCounts = { mutations: 0, pages: 0, emits: 0, malformed: 0, costly: 0, requests: 0, fiveHundreds: 0 };
const post = async (path: string, body: string, contentType = 'application/json') => {
  counts.requests++;
  const response = await fetch(`${plan.origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType, accept: 'application/graphql-response+json' },
    body,
  });
  if (response.status >= 500) counts.fiveHundreds++;
  return response.text();
};
const graphql = (query: string, variables?: Record<string, unknown>) =>
  post('/graphql', JSON.stringify({ query, variables }));

const deadline = performance.now() + plan.seconds * 1000;
const only = process.env['SOAK_ONLY']?.split(',');
let loopIndex = 0;
const loop = async (work: () => Promise<unknown>, pauseMs = 0) => {
  if (only && !only.includes(String(loopIndex++))) return;
  while (performance.now() < deadline) {
    await work();
    if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
};
const ids = plan.subscriptionIds;
const eventsPage = `query($id: ID!, $page: Int!) { webhook_subscription(sentera_id: $id) { events(pagination: { page: $page, page_size: 100 }) { total_count results { sentera_id type status created_at } } } }`;
const costly = `query($id: ID!) { webhook_subscription(sentera_id: $id) { ${Array.from({ length: 40 }, (_, index) => `e${index}: events(pagination: { page: 1, page_size: 1000 }) { results { sentera_id type status } }`).join(' ')} } }`;
const heavyButAllowed = `query($id: ID!) { webhook_subscription(sentera_id: $id) { events(pagination: { page: 3, page_size: 1000 }) { results { sentera_id type status created_at payload { __typename sentera_id } } } } }`;
const malformed = [
  '{',
  '{"query": "{ organizations(pagination: {page: 1, page_size: 1}) { results { sentera_id } "}',
  '{"query": 5}',
  `{"query": "${'{a'.repeat(3000)}"}`,
  '{"query": "{ __typename }", "variables": {"x": [[[[[[]]]]]]}}',
];

await Promise.all([
  loop(async () => {
    await graphql(
      `mutation { create_webhook_subscription(organization_sentera_id: "${ORGANIZATION}", callback_url: "${plan.receivers.ok}", event_types: [FEATURE_SET_CREATED]) { sentera_id } }`,
    );
    counts.mutations++;
  }),
  loop(async () => {
    await graphql(eventsPage, { id: ids[counts.pages % ids.length], page: 1 + (counts.pages % 150) });
    counts.pages++;
  }),
  loop(async () => {
    await post('/_mock/events', JSON.stringify({ type: 'TASK_MODIFIED', organization_sentera_id: ORGANIZATION }));
    counts.emits++;
  }, 50),
  loop(async () => {
    await post(
      '/graphql',
      malformed[counts.malformed % malformed.length] as string,
      counts.malformed % 7 === 0 ? 'text/plain' : 'application/json',
    );
    counts.malformed++;
  }),
  loop(async () => {
    await graphql(counts.costly % 2 === 0 ? costly : heavyButAllowed, { id: ids[0] });
    counts.costly++;
  }, 50),
]);
process.stdout.write(`${JSON.stringify(counts)}\n`);

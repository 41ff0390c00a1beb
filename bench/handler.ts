/**
 * Benchmark: the documented mutation through the GraphQL handler in-process, without HTTP: the mock's handler
 * (graphql-http, compiled plan, store) against the baseline server's (graphql-http's handler over graphql-js with a
 * parse/validate cache and the trivial Map-backed resolver), alternating in one process; CPU time per call, median of
 * rounds. What HTTP and the kernel add is the same for both servers and, on a shared machine, most of the noise of
 * `npm run bench`: this isolates the part the mock controls.
 *
 *   npm run bench:handler    (BENCH_CALLS per round, default 20000; BENCH_ROUNDS, default 7)
 */
import { readFileSync } from 'node:fs';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { parse, validate, type DocumentNode, type GraphQLError } from 'graphql';
import { createHandler, type Handler } from 'graphql-http';
import { createMock } from '../src/mock/create-mock.js';
import { createManualClock } from '../src/runtime/clock.js';
import { resolvers } from './servers/shared-resolver.js';
import { fixed } from './support.js';

const CALLS = Number(process.env['BENCH_CALLS'] ?? 20_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 7);
const ORGANIZATION = '6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024';
/** The same bytes as `npm run bench` sends. */
const body = JSON.stringify({
  query: `mutation CreateWebhookSubscription {
  create_webhook_subscription(organization_sentera_id: "${ORGANIZATION}", callback_url: "https://example.com/webhooks", event_types: [FEATURE_SET_CREATED]) {
  sentera_id
  event_types
  callback_url
  }
}`,
});
const headers: Record<string, string> = { 'content-type': 'application/json', accept: '*/*', host: '127.0.0.1' };
const request = () => ({
  method: 'POST',
  url: '/graphql',
  headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
  body: () => Promise.resolve(body),
  raw: null,
  context: null,
});

/** bench/servers/baseline.ts's handler. */
function baselineHandler(): Handler {
  const schema = makeExecutableSchema({
    typeDefs: readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'),
    resolvers,
  });
  const parsed = new Map<string, DocumentNode>();
  const validated = new WeakMap<DocumentNode, readonly GraphQLError[]>();
  return createHandler({
    schema,
    parse: (source) => {
      const text = typeof source === 'string' ? source : source.body;
      let document = parsed.get(text);
      if (!document) parsed.set(text, (document = parse(source)));
      return document;
    },
    validate: (validationSchema, document) => {
      let errors = validated.get(document);
      if (!errors) validated.set(document, (errors = validate(validationSchema, document)));
      return errors;
    },
  });
}

const mock = createMock({ seed: 'bench', clock: createManualClock({ start: new Date('2022-01-31T13:27:09Z') }) });
const handlers: Record<string, Handler> = { mock: mock.graphqlHandler, baseline: baselineHandler() };
const cpu: Record<string, number[]> = { mock: [], baseline: [] };
// Round -1 warms both up and is not counted; the order alternates from round to round.
for (let round = -1; round < ROUNDS; round++) {
  for (const name of round % 2 === 0 ? ['mock', 'baseline'] : ['baseline', 'mock']) {
    const handler = handlers[name] as Handler;
    const before = process.cpuUsage();
    for (let call = 0; call < CALLS; call++) await handler(request());
    const used = process.cpuUsage(before);
    if (round >= 0) cpu[name]?.push((used.user + used.system) / CALLS);
  }
}
mock.close();
const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const [ours, theirs] = [median(cpu['mock'] ?? []), median(cpu['baseline'] ?? [])];
console.log(
  `\nthe documented mutation through the GraphQL handler in-process, ${ROUNDS} rounds of ${CALLS} calls; median CPU µs per call\n`,
);
console.log(`  mock ${fixed(ours)}  baseline ${fixed(theirs)}  baseline/mock ${fixed(theirs / ours)}x\n`);

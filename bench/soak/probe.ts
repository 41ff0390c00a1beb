/**
 * The soak's latency probe, in a process of its own that does nothing else: `{ __typename }` every 20 ms over a
 * kept-alive connection, each answer's time kept. It also measures its own event-loop delay: a probe whose own loop
 * lagged would report its scheduling, not the mock's answer. Prints one JSON line.
 *
 *   node --import tsx bench/soak/probe.ts '{"origin": "...", "seconds": 20, ...}'
 */
import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { SoakPlan } from './plan.js';
import { percentile } from '../support.js';

/** What the probe measured (ms). */
export interface ProbeResult {
  count: number;
  p50: number;
  p99: number;
  max: number;
  /** Answers other than 200. */
  failures: number;
  /** The probe's own event-loop delay: p99 and max (ms). */
  ownDelayP99: number;
  ownDelayMax: number;
}

const plan = JSON.parse(process.argv[2] as string) as SoakPlan;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const body = JSON.stringify({ query: '{ __typename }' });
const url = new URL('/graphql', plan.origin);

const ask = () =>
  new Promise<number>((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.once('end', () => resolve(response.statusCode ?? 0));
      },
    );
    outgoing.once('error', reject);
    outgoing.end(body);
  });

await ask(); // opens the connection
const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
const times: number[] = [];
let failures = 0;
const deadline = performance.now() + plan.seconds * 1000;
while (performance.now() < deadline) {
  const started = performance.now();
  if ((await ask()) !== 200) failures++;
  times.push(performance.now() - started);
  await new Promise((resolve) => setTimeout(resolve, 20));
}
delay.disable();
agent.destroy();
times.sort((a, b) => a - b);
const result: ProbeResult = {
  count: times.length,
  p50: percentile(times, 50),
  p99: percentile(times, 99),
  max: times[times.length - 1] ?? Number.NaN,
  failures,
  ownDelayP99: delay.percentile(99) / 1e6,
  ownDelayMax: delay.max / 1e6,
};
process.stdout.write(`${JSON.stringify(result)}\n`);

/**
 * The load generator of the benchmarks, in a process of its own so that it never shares a JavaScript thread with the
 * process that measures: autocannon against one URL, every response's time kept (autocannon's histogram rounds to whole
 * milliseconds). Prints one JSON line: mean req/s, p50 and p99 of the 2xx answers (ms), errors and 2xx answers.
 *
 *   node --import tsx bench/load.ts '{"url": "...", "connections": 10, "seconds": 5, "requests": [{"body": "..."}]}'
 *
 * Without an argument it serves plans one after another: one JSON plan per line on stdin, one result line each on
 * stdout (bench/load-generator.ts), so a benchmark that interleaves many short runs starts it once.
 *
 * `requests` cycle per connection (autocannon's `requests`), each a POST of JSON.
 */
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { percentile } from './support.js';

/** What bench/load.ts is asked to do. */
export interface LoadPlan {
  url: string;
  connections: number;
  seconds: number;
  /** POSTed in turn by each connection (JSON bodies). */
  requests: ReadonlyArray<{ body: string }>;
}

/** What bench/load.ts measured. */
export interface LoadResult {
  requests: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
  /** 2xx answers. */
  ok: number;
}

async function measure(plan: LoadPlan): Promise<LoadResult> {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: plan.url,
        connections: plan.connections,
        duration: plan.seconds,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        requests: plan.requests.map(({ body }) => ({ method: 'POST', body })),
      },
      (error: unknown, done) =>
        error
          ? reject(error instanceof Error ? error : new Error('autocannon failed', { cause: error }))
          : resolve(done),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === 200) times.push(responseTime);
    });
  });
  times.sort((a, b) => a - b);
  return {
    requests: result.requests.average,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    errors: result.errors + result.non2xx,
    ok: result['2xx'],
  };
}

const argument = process.argv[2];
if (argument !== undefined) {
  process.stdout.write(`${JSON.stringify(await measure(JSON.parse(argument) as LoadPlan))}\n`);
} else {
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === '') continue;
    process.stdout.write(`${JSON.stringify(await measure(JSON.parse(line) as LoadPlan))}\n`);
  }
}

/**
 * Benchmark: the whole contract suite (transport, schema drift, responses) against a local sentera-mock.
 *
 * The mock runs as `sentera-mock serve --port 0` in its own process, as in CI. Measured: the wall time of runContract
 * over several rounds, and, as a baseline in the same run against the same server, the same number of HTTP requests
 * (`{ __typename }` POSTs, one after the other), so the ratio shows what the kit costs beyond its requests. Then
 * one end-to-end `sentera-mock contract` process (node, tsx, the kit, the report). Bounded: a fixed number of rounds.
 *
 *   npm run bench:contract
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runContract } from '../src/contract/run-contract.js';
import { fixed, percentile, startChild } from './support.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'sentera-mock.js');

async function main() {
  const server = await startChild(
    process.execPath,
    [bin, 'serve', '--port', '0', '--seed', 'bench'],
    /(http:\/\/127\.0\.0\.1:\d+\/graphql)/,
  );
  try {
    let requests = 0;
    const counting: typeof fetch = (input, init) => {
      requests += 1;
      return fetch(input, init);
    };
    const kitMs: number[] = [];
    const baselineMs: number[] = [];
    let checks = 0;
    let mustFailures = 0;
    for (let round = 0; round < ROUNDS; round++) {
      requests = 0;
      let began = performance.now();
      const run = await runContract({ endpoint: server.url, fetch: counting });
      kitMs.push(performance.now() - began);
      if (!run.ok) throw new Error(run.message);
      checks = run.report.summary.total;
      mustFailures += run.report.summary.error;
      const sent = requests;
      began = performance.now();
      for (let index = 0; index < sent; index++) {
        const response = await fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"query":"{ __typename }"}',
        });
        await response.text();
      }
      baselineMs.push(performance.now() - began);
      if (round === 0)
        console.log(`one run: ${checks} checks, ${sent} HTTP requests, ${run.report.summary.error} MUST failures`);
    }
    const began = performance.now();
    const exitCode = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [bin, 'contract', '--endpoint', server.url, '--reporter', 'json'], {
        stdio: 'ignore',
      });
      child.once('exit', resolve);
    });
    const processMs = performance.now() - began;

    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    const [kit, baseline] = [sorted(kitMs), sorted(baselineMs)];
    const rows: Array<[string, string]> = [
      [
        `runContract, whole suite (${ROUNDS} rounds)`,
        `median ${fixed(percentile(kit, 50), 0)} ms, min ${fixed(kit[0] ?? Number.NaN, 0)}, max ${fixed(kit[kit.length - 1] ?? Number.NaN, 0)}`,
      ],
      ['baseline: as many { __typename } POSTs', `median ${fixed(percentile(baseline, 50), 0)} ms`],
      ['ratio kit / baseline (median)', fixed(percentile(kit, 50) / percentile(baseline, 50), 1)],
      ['sentera-mock contract process, end to end', `${fixed(processMs, 0)} ms, exit ${String(exitCode)}`],
      ['MUST failures over all rounds', String(mustFailures)],
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
  } finally {
    await server.stop();
  }
}

await main();

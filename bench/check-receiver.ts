/**
 * Benchmark: `check-receiver` against a correct local receiver (its own process), signed.
 *
 * Measured: the wall time of runReceiverCheck over several rounds and, as a baseline in the same run against the same
 * receiver, the same number of plain POSTs one after the other, so the ratio shows what the check costs beyond its
 * requests (mostly its deliberate waits: a body sent in pieces, a dropped connection). Then one end-to-end
 * `sentera-mock check-receiver` process. The bound is 10 s against a local receiver.
 *
 *   npm run bench:check-receiver
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runReceiverCheck } from '../src/receiver-check/run-receiver-check.js';
import { fixed, percentile, startChild } from './support.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const root = fileURLToPath(new URL('..', import.meta.url));

async function main() {
  const receiver = await startChild(
    process.execPath,
    ['--import', 'tsx', join(root, 'bench/servers/verifying-receiver.ts'), '--secret', SECRET],
    /listening (http:\/\/127\.0\.0\.1:\d+\/webhooks)/,
  );
  try {
    let requests = 0;
    const counting: typeof fetch = (input, init) => {
      requests += 1;
      return fetch(input, init);
    };
    const checkMs: number[] = [];
    const baselineMs: number[] = [];
    let mustFailures = 0;
    for (let round = 0; round < ROUNDS; round++) {
      requests = 0;
      let began = performance.now();
      const run = await runReceiverCheck({ url: receiver.url, secret: SECRET, fetch: counting });
      checkMs.push(performance.now() - began);
      if (!run.ok) throw new Error(run.message);
      mustFailures += run.report.summary.error;
      const sent = requests;
      began = performance.now();
      for (let index = 0; index < sent; index++)
        await (await fetch(receiver.url, { method: 'POST', body: '{}' })).text();
      baselineMs.push(performance.now() - began);
      if (round === 0) console.log(`one run: ${run.report.summary.total} checks, ${sent} deliveries`);
    }
    const began = performance.now();
    const exitCode = await new Promise<number | null>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          join(root, 'bin', 'sentera-mock.js'),
          'check-receiver',
          '--url',
          receiver.url,
          '--secret',
          SECRET,
          '--reporter',
          'json',
        ],
        { stdio: 'ignore' },
      );
      child.once('exit', resolve);
    });
    const processMs = performance.now() - began;
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    const [check, baseline] = [sorted(checkMs), sorted(baselineMs)];
    const rows: Array<[string, string]> = [
      [
        `runReceiverCheck, signed (${ROUNDS} rounds)`,
        `median ${fixed(percentile(check, 50), 0)} ms, min ${fixed(check[0] ?? Number.NaN, 0)}, max ${fixed(check[check.length - 1] ?? Number.NaN, 0)}`,
      ],
      ['baseline: as many plain POSTs', `median ${fixed(percentile(baseline, 50), 0)} ms`],
      ['ratio check / baseline (median)', fixed(percentile(check, 50) / percentile(baseline, 50), 1)],
      ['sentera-mock check-receiver process, end to end', `${fixed(processMs, 0)} ms, exit ${String(exitCode)}`],
      ['MUST failures over all rounds', String(mustFailures)],
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
  } finally {
    await receiver.stop();
  }
}

await main();

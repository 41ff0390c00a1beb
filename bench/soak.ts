/**
 * Soak: the mock (a child process, loopback only, its own fixtures) under a fixed mix of work for a fixed time:
 * documented mutations, events pages, emits delivered to receivers that succeed, fail, hang, reset and redirect,
 * malformed requests and costly queries. Reports the p50/p99 of a simple query measured during the run, RSS at
 * start/peak/end, deliveries completed, 5xx answers and deliveries still unfinished after a bounded drain, each against
 * its goal (PASS/FAIL).
 *
 * Goals: 0 5xx, 0 unfinished, simple-query p99 under 50 ms, RSS at the end (after the drain and SOAK_SETTLE seconds
 * of idleness, 45 by default, with no GC forced: V8's memory reducer gives back the heap a burst grew about 30 s after
 * it; RSS right after the drain is printed too) within 1.5x the start plus the retention budget: what the mock keeps by design when the run ends (finished deliveries and emitted events up to
 * --keep-deliveries and --keep-events, the subscriptions the mutations created), each count times its heap cost
 * measured here, before the run, in a mock of this process.
 *
 * Processes: the mock; the load generator (bench/soak/load.ts) and the receivers (bench/soak/receivers.ts), both at
 * a lower priority so that on a busy machine they yield the CPU to the mock and the probe; the probe
 * (bench/soak/probe.ts), alone in its process, which also reports its own event-loop delay. The mock runs with a
 * monitor (a preloaded module) that writes its memory (RSS, heap, external) and event-loop delay every 250 ms, and
 * its log (JSON lines) goes to a file, from which the slowest operations are reported.
 *
 *   npm run bench:soak    (SOAK_SECONDS=20, SOAK_SETTLE=45, SOAK_BIN=path/to/bin/sentera-mock.js and SOAK_LEGACY=1 to soak another
 *                          build without the retention flags)
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMock } from '../src/mock/create-mock.js';
import { createManualClock } from '../src/runtime/clock.js';
import { fixed, percentile } from './support.js';
import type { LoadCounts } from './soak/load.js';
import { MODES, ORGANIZATION, runSoakChild, SOAK_FIXTURES, type Mode, type SoakPlan } from './soak/plan.js';
import type { ProbeResult } from './soak/probe.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env['SOAK_SECONDS'] ?? 20);
const BIN = process.env['SOAK_BIN'] ?? join(root, 'bin', 'sentera-mock.js');
const LEGACY = process.env['SOAK_LEGACY'] === '1';
const DRAIN_SECONDS = 60;
/** Idle seconds after the drain before the end is measured (V8 gives back the heap a burst grew about 30 s after it). */
const SETTLE_SECONDS = Number(process.env['SOAK_SETTLE'] ?? 45);
const KEEP = 2_000;
const MB = 2 ** 20;

/**
 * Preloaded into the mock (`--import data:…`, so it needs no loader): every 250 ms one JSON line of memory and of the
 * event-loop delay seen since the last line; on SIGUSR2 a full GC (the mock runs with --expose-gc) and a line
 * labelled `gc`, to tell live data from garbage not yet collected.
 */
const MONITOR = `
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
const file = process.env.SOAK_MONITOR_FILE;
const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
const sample = (label) => {
  const memory = process.memoryUsage();
  appendFileSync(file, JSON.stringify({ time: Date.now(), label, ...memory,
    delayP99: delay.percentile(99) / 1e6, delayMax: delay.max / 1e6 }) + '\\n');
  delay.reset();
};
setInterval(() => sample('tick'), 250).unref();
process.on('SIGUSR2', () => { globalThis.gc?.(); sample('gc'); });
`;

interface MonitorLine {
  time: number;
  label: 'tick' | 'gc';
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  delayP99: number;
  delayMax: number;
}

/**
 * The heap each kept thing costs, measured in a mock of this process like the soak's (same fixtures, retention and
 * receivers: one of five answers 200, the others fail all their attempts): bytes per emitted event kept (without
 * deliveries), per finished delivery kept, and per created subscription. Needs --expose-gc.
 */
async function measureKeptBytes(dir: string): Promise<{ event: number; delivery: number; subscription: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench:soak does)');
  const heap = () => {
    gc();
    return process.memoryUsage().heapUsed;
  };
  const receiverFetch = async (input: string | URL | Request) => {
    const mode = String(input instanceof Request ? input.url : input).replace(/.*\//, '') as Mode;
    if (mode === 'ok') return new Response('ok');
    if (mode === 'fail') return new Response('down', { status: 500 });
    if (mode === 'redirect') return new Response(null, { status: 302, headers: { location: 'http://127.0.0.1:1/' } });
    throw new TypeError('fetch failed', { cause: new Error(mode === 'hang' ? 'timeout' : 'other side closed') });
  };
  const build = (withDelivery: boolean) =>
    createMock({
      seed: 'soak',
      clock: createManualClock({ start: new Date('2022-01-31T13:27:09Z') }),
      fixturesDir: dir,
      keepEmittedEvents: KEEP,
      delivery: withDelivery ? { fetch: receiverFetch, timeScale: 0.000001, keepDeliveries: KEEP } : false,
    });
  const call = async (mock: ReturnType<typeof build>, path: string, body: unknown) => {
    const response = await mock.fetch(
      new Request(`http://127.0.0.1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  };
  const subscribe = (mock: ReturnType<typeof build>, url: string, type: string) =>
    call(mock, '/graphql', {
      query: `mutation { create_webhook_subscription(organization_sentera_id: "${ORGANIZATION}", callback_url: "${url}", event_types: [${type}]) { sentera_id } }`,
    });
  const EVENTS = 400;
  const SUBSCRIPTIONS = 1_000;
  const perKind = { event: 0, delivery: 0, subscription: 0 };
  for (const withDelivery of [false, true]) {
    const mock = build(withDelivery);
    for (const mode of MODES) await subscribe(mock, `http://127.0.0.1:9/${mode}`, 'TASK_MODIFIED');
    await call(mock, '/_mock/events', { type: 'TASK_MODIFIED', organization_sentera_id: ORGANIZATION });
    await mock.delivery?.idle(60_000);
    const before = heap();
    for (let index = 0; index < EVENTS; index++)
      await call(mock, '/_mock/events', { type: 'TASK_MODIFIED', organization_sentera_id: ORGANIZATION });
    await mock.delivery?.idle(60_000);
    const kept = heap() - before;
    if (withDelivery) perKind.delivery = Math.max(0, kept - EVENTS * perKind.event) / (EVENTS * MODES.length);
    else {
      perKind.event = kept / EVENTS;
      const beforeSubscriptions = heap();
      for (let index = 0; index < SUBSCRIPTIONS; index++)
        await subscribe(mock, 'http://127.0.0.1:9/ok', 'FEATURE_SET_CREATED');
      perKind.subscription = (heap() - beforeSubscriptions) / SUBSCRIPTIONS;
    }
    mock.close();
  }
  return perKind;
}

/** Starts the mock with the monitor; its log goes to `logFile`. Resolves when it prints its URL. */
async function startMock(dir: string, logFile: string, monitorFile: string) {
  const flags = [
    'serve',
    '--port',
    '0',
    '--seed',
    'soak',
    '--fixtures',
    dir,
    '--time-scale',
    '0.0001',
    '--delivery-timeout',
    '200',
    '--log-format',
    'json',
    ...(LEGACY ? [] : ['--keep-deliveries', String(KEEP), '--keep-events', String(KEEP)]),
  ];
  const log = openSync(logFile, 'w');
  const child = spawn(
    process.execPath,
    [
      ...(process.env['SOAK_NODE_ARGS']?.split(' ').filter(Boolean) ?? []),
      '--expose-gc',
      '--import',
      `data:text/javascript,${encodeURIComponent(MONITOR)}`,
      BIN,
      ...flags,
    ],
    { stdio: ['ignore', 'pipe', log], env: { ...process.env, SOAK_MONITOR_FILE: monitorFile } },
  );
  closeSync(log);
  let output = '';
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the mock did not start in 90 s: ${output}`)), 90_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (output.length < 10_000) output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)\/graphql/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`the mock exited with ${code}: ${output}`)));
  });
  return {
    child,
    origin,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const readLines = <T>(file: string): T[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as T);

const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
const mb = (bytes: number) => fixed(bytes / MB, 0);

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sentera-soak-'));
  writeFileSync(join(dir, 'world.json'), JSON.stringify(SOAK_FIXTURES));
  const keptBytes = await measureKeptBytes(dir);
  const monitorFile = join(dir, 'monitor.jsonl');
  const logFile = join(dir, 'mock.log');
  const receivers = runSoakChild<Record<Mode, number>>('receivers', null, 5);
  const receiverUrls = JSON.parse(await receivers.ready) as Record<Mode, string>;
  const mock = await startMock(dir, logFile, monitorFile);
  const { origin } = mock;
  const load0 = loadavg()[0] as number;
  try {
    const subscriptionIds: string[] = [];
    for (const mode of MODES) {
      const response = await fetch(`${origin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `mutation { create_webhook_subscription(organization_sentera_id: "${ORGANIZATION}", callback_url: "${receiverUrls[mode]}", event_types: [TASK_MODIFIED]) { sentera_id } }`,
        }),
      });
      const answer = (await response.json()) as { data: { create_webhook_subscription: { sentera_id: string } } };
      subscriptionIds.push(answer.data.create_webhook_subscription.sentera_id);
    }
    await new Promise((resolve) => setTimeout(resolve, 600)); // two monitor lines at rest
    const restEnded = Date.now();
    mock.child.kill('SIGUSR2'); // the live heap at the start
    await new Promise((resolve) => setTimeout(resolve, 300));
    const plan: SoakPlan = { origin, seconds: SECONDS, receivers: receiverUrls, subscriptionIds };
    const loadStarted = Date.now();
    const load = runSoakChild<LoadCounts>('load', plan, 10);
    const probe = runSoakChild<ProbeResult>('probe', plan, 0);
    const [counts, latency] = await Promise.all([load.result, probe.result]);
    const loadEnded = Date.now();
    const loadAverage = loadavg()[0] as number;

    // Drain: let pending deliveries finish (retries are scaled down; hung attempts time out after 200 ms).
    let unfinished = Number.NaN;
    for (let waited = 0; waited < DRAIN_SECONDS * 1000; waited += 500) {
      const pending = (await (await fetch(`${origin}/_mock/deliveries?status=PENDING`)).json()) as {
        deliveries: unknown[];
      };
      unfinished = pending.deliveries.length;
      if (unfinished === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const drained = Date.now();
    const state = (await (await fetch(`${origin}/_mock/state`)).json()) as {
      parts: {
        deliveries: { dropped?: number; records?: Array<{ status: string }> } | Array<{ status: string }>;
        events?: { dropped?: number; emitted?: unknown[] };
      };
    };
    await new Promise((resolve) => setTimeout(resolve, 300)); // a monitor line after the drain
    await new Promise((resolve) => setTimeout(resolve, SETTLE_SECONDS * 1000));
    const settled = Date.now();
    mock.child.kill('SIGUSR2');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const part = state.parts.deliveries;
    const records = Array.isArray(part) ? part : (part.records ?? []);
    const dropped = Array.isArray(part) ? 0 : (part.dropped ?? 0);
    const completed = records.filter((record) => record.status !== 'PENDING').length + dropped;
    const keptEvents = state.parts.events?.emitted?.length ?? 0;
    const created = counts.mutations + MODES.length;
    const budget =
      records.length * keptBytes.delivery + keptEvents * keptBytes.event + created * keptBytes.subscription;

    const monitor = readLines<MonitorLine>(monitorFile);
    const ticks = monitor.filter((line) => line.label === 'tick');
    const start = ticks.filter((line) => line.time < restEnded).at(-1) as MonitorLine;
    const afterDrain = ticks.filter((line) => line.time <= drained + 300).at(-1) as MonitorLine;
    const end = ticks.filter((line) => line.time <= settled).at(-1) as MonitorLine;
    const peak = ticks.reduce((top, line) => (line.rss > top.rss ? line : top), start);
    const collected = monitor.filter((line) => line.label === 'gc');
    const liveAtStart = collected.length === 2 ? collected[0] : undefined;
    const afterGc = collected.at(-1);
    const during = ticks.filter((line) => line.time > loadStarted && line.time <= loadEnded);
    const windowMaxima = during.map((line) => line.delayMax).sort((a, b) => a - b);
    const received = await new Promise<Record<Mode, number>>((resolve, reject) => {
      receivers.result.then(resolve, reject);
      receivers.child.stdin?.end();
    });
    const slowest = readLines<{ event: string; summary?: string; duration_ms?: number; time?: string }>(logFile)
      .filter((line) => line.event === 'graphql' && line.duration_ms !== undefined)
      .sort((a, b) => (b.duration_ms ?? 0) - (a.duration_ms ?? 0))
      .slice(0, 5);

    const rssLimit = 1.5 * start.rss + budget;
    const memoryLine = (line: MonitorLine | undefined) =>
      line
        ? `RSS ${mb(line.rss)} MB = heap ${mb(line.heapTotal)} MB (${mb(line.heapUsed)} used) + external ${mb(line.external)} MB (${mb(line.arrayBuffers)} array buffers) + ${mb(line.rss - line.heapTotal - line.external)} MB other`
        : 'not measured';
    if (process.env['SOAK_TRACE'])
      for (const line of ticks.filter((_, index) => index % 4 === 0))
        console.log(`${fixed((line.time - loadStarted) / 1000, 1)} s  ${memoryLine(line)}`);
    console.log(
      `\nsoak: ${SECONDS} s of mixed load on ${LEGACY ? BIN : 'this build'} (loopback only), then up to ${DRAIN_SECONDS} s of drain; load average ${fixed(load0, 1)} before, ${fixed(loadAverage, 1)} at the end of the load\n`,
    );
    console.log(
      `  work done          ${counts.mutations} mutations, ${counts.pages} events pages, ${counts.emits} emits (x5 receivers), ${counts.malformed} malformed, ${counts.costly} costly; ${counts.requests} requests in all`,
    );
    console.log(`  receivers got      ${MODES.map((mode) => `${mode} ${received[mode]}`).join(', ')}`);
    console.log(
      `  simple query       p50 ${fixed(latency.p50)} ms, p99 ${fixed(latency.p99)} ms, max ${fixed(latency.max)} ms over ${latency.count} probes (goal p99 < 50 ms): ${verdict(latency.p99 < 50 && latency.failures === 0)}`,
    );
    console.log(
      `                     the probe's own event-loop delay: p99 ${fixed(latency.ownDelayP99)} ms, max ${fixed(latency.ownDelayMax)} ms (it measured the mock, not its own scheduling, when these are small)`,
    );
    console.log(
      `  mock's event loop  delay per 250 ms during the load: median of the maxima ${fixed(percentile(windowMaxima, 50))} ms, p90 ${fixed(percentile(windowMaxima, 90))} ms, max ${fixed(windowMaxima.at(-1) ?? Number.NaN)} ms; ${windowMaxima.filter((value) => value > 50).length} of ${windowMaxima.length} windows blocked over 50 ms`,
    );
    console.log(
      `  slowest operations ${slowest.map((line) => `${line.duration_ms} ms ${line.summary ?? '?'}`).join('; ')}`,
    );
    console.log(`  memory at start    ${memoryLine(start)}`);
    console.log(`  memory at peak     ${memoryLine(peak)}`);
    console.log(`  memory after drain ${memoryLine(afterDrain)}`);
    console.log(`  memory at the end  ${memoryLine(end)} (after ${SETTLE_SECONDS} s idle, no GC forced)`);
    console.log(`  after a full GC    ${memoryLine(afterGc)}`);
    console.log(
      `  live heap          ${mb(liveAtStart?.heapUsed ?? Number.NaN)} MB at the start, ${mb(afterGc?.heapUsed ?? Number.NaN)} MB at the end (both after a full GC): kept data and warm-up (compiled code), the rest of the end RSS is heap and native memory the runtime has not given back`,
    );
    console.log(
      `  retention budget   ${mb(budget)} MB = ${records.length} deliveries kept x ${fixed(keptBytes.delivery, 0)} B + ${keptEvents} emitted events kept x ${fixed(keptBytes.event, 0)} B + ${created} subscriptions x ${fixed(keptBytes.subscription, 0)} B (heap per kept thing, measured before the run)`,
    );
    console.log(
      `  RSS                start ${mb(start.rss)} MB, peak ${mb(peak.rss)} MB, after drain ${mb(afterDrain.rss)} MB, at the end ${mb(end.rss)} MB (${fixed(end.rss / start.rss)}x start); goal <= 1.5 x start + budget = ${mb(rssLimit)} MB: ${verdict(end.rss <= rssLimit)}`,
    );
    console.log(
      `  deliveries         ${completed} completed (${dropped} of them dropped from the log by retention), ${unfinished} unfinished after drain (goal 0): ${verdict(unfinished === 0)}`,
    );
    console.log(`  5xx answers        ${counts.fiveHundreds} (goal 0): ${verdict(counts.fiveHundreds === 0)}\n`);
  } finally {
    await mock.stop();
    receivers.child.stdin?.end();
    receivers.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

/**
 * The soak's receivers, in a process of their own: one server per mode (so each is its own host for the mock's
 * per-host limit, as distinct receivers would be). Prints their URLs as one JSON line; when its stdin closes, prints
 * how many requests each got and exits.
 *
 *   node --import tsx bench/soak/receivers.ts
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MODES, type Mode } from './plan.js';

const received = Object.fromEntries(MODES.map((mode) => [mode, 0])) as Record<Mode, number>;

async function startReceiver(mode: Mode): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    request.resume();
    received[mode]++;
    if (mode === 'ok') response.writeHead(200).end('ok');
    else if (mode === 'fail') response.writeHead(500).end('down');
    else if (mode === 'reset') request.socket.destroy();
    else if (mode === 'redirect') response.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }).end();
    // hang: never answers; the mock's per-attempt timeout ends it.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/${mode}` };
}

const receivers = await Promise.all(MODES.map(async (mode) => [mode, await startReceiver(mode)] as const));
process.stdout.write(`${JSON.stringify(Object.fromEntries(receivers.map(([mode, { url }]) => [mode, url])))}\n`);
process.stdin.resume();
process.stdin.once('end', () => {
  for (const [, { server }] of receivers) {
    server.closeAllConnections();
    server.close();
  }
  process.stdout.write(`${JSON.stringify(received)}\n`);
});

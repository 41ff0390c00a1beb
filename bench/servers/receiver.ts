/**
 * A webhook receiver for the delivery benchmark: answers 200 `ok`, or 500 to every 5th request with --fail (20%).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const fail = process.argv.includes('--fail');
let count = 0;
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    count++;
    const failing = fail && count % 5 === 0;
    response.writeHead(failing ? 500 : 200).end(failing ? 'temporarily down' : 'ok');
  });
});
server.keepAliveTimeout = 10_000;
server.listen(0, '127.0.0.1', () =>
  console.log(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`),
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));

/**
 * A correct webhook receiver for the receiver-check benchmark: verifies signatures with verifyWebhook (given
 * --secret), accepts duplicates and unknown types, answers at once.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../../src/delivery/verify-webhook.js';

const secretIndex = process.argv.indexOf('--secret');
const secret = secretIndex > 0 ? process.argv[secretIndex + 1] : undefined;
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks);
    if (secret && !verifyWebhook(body, request.headers, secret).ok) return void response.writeHead(400).end();
    response.writeHead(204).end();
  });
  request.on('error', () => undefined);
});
server.listen(0, '127.0.0.1', () =>
  console.log(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`),
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));

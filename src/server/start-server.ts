/**
 * start-server
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Options of {@link startServer}. */
export interface StartServerOptions {
  /** What answers requests: an express app or any node:http listener. */
  app: RequestListener;
  /** The port; 0 picks a free one. @default 0 */
  port?: number;
  /** The interface to bind. @default '127.0.0.1' */
  host?: string;
}

/**
 * A listening server.
 *
 * @category Server
 */
export interface RunningServer {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  readonly url: string;
  /** The server's origin, e.g. `http://127.0.0.1:4000`. */
  readonly origin: string;
  readonly port: number;
  readonly server: Server;
  /** Stops accepting connections, closes open ones, and resolves when the server has closed. */
  close(): Promise<void>;
}

/**
 * Starts an app on a port (0 allowed) and resolves once it listens.
 *
 * @category Server
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { app, port = 0, host = '127.0.0.1' } = options;
  const server = createServer(app);
  server.keepAliveTimeout = 5_000;
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${urlHost}:${address.port}`;
  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/graphql`,
    origin,
    port: address.port,
    server,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

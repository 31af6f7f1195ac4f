import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request as the test server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** A real HTTP server on a loopback address, recording what reaches it. */
export interface LocalServer {
  /** Origin such as `http://127.0.0.1:40123` or `http://[::1]:40123`. */
  origin: string;
  port: number;
  requests: SeenRequest[];
  /** TCP connections accepted, to prove a refused request never arrived. */
  connections(): number;
  close(): Promise<void>;
}

/** Starts a server on `host` (loopback only) whose handler sees the fully read request. */
export async function startLocalServer(
  handler: (request: SeenRequest, response: ServerResponse) => void,
  host: '127.0.0.1' | '::1' = '127.0.0.1',
): Promise<LocalServer> {
  const requests: SeenRequest[] = [];
  let connections = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(seen);
      handler(seen, res);
    });
  });
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: host === '::1' ? `http://[::1]:${port}` : `http://127.0.0.1:${port}`,
    port,
    requests,
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What a socket watch saw: client sockets created, and every address a socket looked up. */
export interface SocketWatch {
  created(): number;
  lookups: { host: string; address: string }[];
  stop(): void;
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * Watches every client socket this process creates (diagnostics channel `net.client.socket`). A socket
 * whose lookup answers a non-loopback address is destroyed before it connects: tests stand in "public"
 * addresses with documentation IPs and must never send a packet to them.
 */
export function watchSockets(): SocketWatch {
  let created = 0;
  const lookups: SocketWatch['lookups'] = [];
  const onSocket = (message: unknown) => {
    const { socket } = message as { socket: Socket };
    created++;
    socket.on('lookup', (_error: Error | null, address: string, _family: number, host: string) => {
      lookups.push({ host, address });
      if (!LOOPBACK.test(address)) socket.destroy();
    });
  };
  subscribe('net.client.socket', onSocket);
  return { created: () => created, lookups, stop: () => unsubscribe('net.client.socket', onSocket) };
}

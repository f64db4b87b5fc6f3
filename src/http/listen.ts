import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP server for `handler` on host:port (0 = any free port), with the URL it got. */
export async function listen(handler: RequestListener, port: number, host: string): Promise<{ server: Server; url: string }> {
  // Longer than the usual 60 s idle timeout of load balancers in front, so they close first.
  const server = createServer({ keepAliveTimeout: 65_000 }, handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, url: `http://${shownHost}:${address.port}` };
}

/** Stops accepting, ends idle keep-alive sockets, and resolves when in-flight requests are done. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

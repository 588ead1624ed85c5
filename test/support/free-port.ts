import { createServer } from 'node:net';

/**
 * A TCP port on loopback that nothing listens on now, for a server that must be named before it
 * listens (PUBLIC_URL, a PostgreSQL command line) or a server that is down. Another process may
 * take it before it is used: callers that bind it try another port when it is taken.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

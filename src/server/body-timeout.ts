import type { FastifyInstance } from 'fastify';
import { handleClientError } from './errors.js';

/**
 * A request body must have arrived `timeoutMs` after its headers, or the client gets 408 and the
 * connection is closed. Node's own requestTimeout cuts slow headers but, once Fastify reads the
 * body as a stream, no longer a body dripped one byte every few seconds (issue 24, point 9).
 */
export function limitBodyTime(server: FastifyInstance, timeoutMs: number): void {
  server.addHook('onRequest', (request, _reply, done) => {
    const raw = request.raw;
    if (raw.complete) {
      done();
      return;
    }
    const timer = setTimeout(() => {
      if (raw.complete || raw.socket.destroyed) return;
      request.log.info({ timeoutMs }, 'request body too slow: closed with 408');
      handleClientError(
        Object.assign(new Error('request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }),
        raw.socket,
      );
    }, timeoutMs);
    timer.unref();
    const stop = () => clearTimeout(timer);
    raw.once('end', stop);
    raw.once('close', stop);
    done();
  });
}

// The references of `npm run bench`: bare Fastify routes returning constant JSON, measured in
// the same run, on the same machine, with the same load generator as contacthub. `/` answers a
// tiny object; `/page` a constant page of 50 services shaped like the listing's (same bytes on
// the wire), so that the ratio shows what contacthub adds beyond serialising and sending a page.
// A second instance serves the same routes with one log line per request, as contacthub writes
// (pino, in blocks through LogOutput, to /dev/null here): what a production-like log costs a bare
// route.
import { openSync } from 'node:fs';
import Fastify, { LogController } from 'fastify';
import { LogOutput } from '../src/platform/log-output.js';

const tiny = { hello: 'world' };
const page = {
  items: Array.from({ length: 50 }, (_, i) => ({
    serviceType: ['domain', 'zone', 'hosting'][i % 3],
    serviceName: `c-${String(500000 + i).padStart(7, '0')}.example`,
    status: 'ok',
    contactAdmin: 'rs3-ch',
    contactTech: i % 10 === 0 ? 'tc9-ch' : 'rs3-ch',
    contactBilling: 'rs3-ch',
    myRoles: i % 10 === 0 ? ['admin', 'billing'] : ['admin', 'tech', 'billing'],
  })),
  nextCursor: 'WyJjLTA1MDAwNDkuZXhhbXBsZSIsImhvc3RpbmciXQ',
};

function bare(logged: boolean) {
  const app = Fastify({
    logger: logged ? { stream: new LogOutput(openSync('/dev/null', 'w')) } : false,
    logController: new LogController({ disableRequestLogging: true }),
  });
  if (logged) {
    app.addHook('onResponse', (request, reply, done) => {
      request.log.info(
        { method: request.method, url: request.url, statusCode: reply.statusCode },
        'request',
      );
      done();
    });
  }
  app.get('/', () => Promise.resolve(tiny));
  app.get('/page', () => Promise.resolve(page));
  return app;
}

const plain = bare(false);
const logged = bare(true);
const port = (app: ReturnType<typeof bare>) => {
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : '?';
};
await plain.listen({ host: '127.0.0.1', port: 0 });
await logged.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`listening ${port(plain)} ${port(logged)}\n`);
process.on(
  'SIGTERM',
  () => void Promise.all([plain.close(), logged.close()]).then(() => process.exit(0)),
);

// The references of `npm run bench`: bare Fastify routes returning constant JSON, measured in
// the same run, on the same machine, with the same load generator as contacthub. `/` answers a
// tiny object; `/page` a constant page of 50 services shaped like the listing's (same bytes on
// the wire), so that the ratio shows what contacthub adds beyond serialising and sending a page.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
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
app.get('/', () => Promise.resolve(tiny));
app.get('/page', () => Promise.resolve(page));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
const address = app.server.address();
process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : '?'}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));

import type { FastifyInstance, FastifyRequest } from 'fastify';

/** A 415 in SPEC's shape (errors.ts maps FST_ 4xx codes to INVALID_INPUT). */
function unsupportedMediaType(): Error {
  return Object.assign(new Error('unsupported content type: send application/json'), {
    code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
    statusCode: 415,
  });
}

function hasBearer(request: FastifyRequest): boolean {
  const header = request.headers.authorization;
  return typeof header === 'string' && /^Bearer\s/i.test(header);
}

/**
 * The bodies /api reads (SPEC §10 "Bodies", decision 085): `application/json` only, so that a
 * browser's cookie never carries a form post a cross-site page could send without CSRF (an HTML
 * form cannot send application/json). A request with a Bearer token and a body without any
 * Content-Type is read as JSON: OVH's Node client sends none, and no browser adds a bearer on its
 * own. Called inside the /api plugin, so the web pages keep their form parser.
 */
export function acceptJsonOnly(api: FastifyInstance): void {
  api.removeContentTypeParser('application/x-www-form-urlencoded');
  api.removeContentTypeParser('text/plain');
  // An empty JSON body is no body: a route whose fields are all optional takes it, one that needs
  // fields refuses it from its schema.
  api.removeContentTypeParser('application/json');
  api.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') done(null, undefined);
    else void api.getDefaultJsonParser('error', 'error')(request, text, done);
  });
  // The catch-all: a body with no Content-Type, or one no parser above takes.
  api.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    if (request.headers['content-type'] !== undefined || !hasBearer(request)) {
      done(unsupportedMediaType(), undefined);
      return;
    }
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    // Fastify's own JSON parser, prototype poisoning refused as everywhere else.
    void api.getDefaultJsonParser('error', 'error')(request, text, done);
  });
}

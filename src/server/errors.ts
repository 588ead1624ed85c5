import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../platform/database/database.js';
import { DomainError, HTTP_STATUS, type ErrorCode } from '../shared/errors.js';

/** The body of every error answer (SPEC §5), with OVH's `class` beside the code (SPEC §10). */
export interface ErrorBody {
  class: string;
  errorCode: ErrorCode;
  message: string;
}

/** OVH's error class of each status (SPEC §10); a 4xx not listed is a bad request. */
const OVH_CLASS: Record<number, string> = {
  400: 'Client::BadRequest',
  401: 'Client::Unauthorized',
  403: 'Client::Forbidden',
  404: 'Client::NotFound',
  409: 'Client::Conflict',
  429: 'Client::TooManyRequests',
  500: 'Server::InternalServerError',
  503: 'Server::ServiceUnavailable',
};

export function ovhClassOf(status: number): string {
  return OVH_CLASS[status] ?? (status < 500 ? 'Client::BadRequest' : 'Server::InternalServerError');
}

function answer(status: number, errorCode: ErrorCode, message: string) {
  return { status, body: { class: ovhClassOf(status), errorCode, message } };
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

/**
 * What an error becomes on the wire. Domain errors keep their code; Fastify's own client errors
 * (schema validation, malformed JSON, body too large, wrong content type) become INVALID_INPUT
 * with their 4xx status; anything else is a 500 that says nothing about its cause.
 */
export function errorAnswer(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof DomainError) {
    return answer(HTTP_STATUS[error.code], error.code, error.message);
  }
  if (isFastifyError(error)) {
    if (error.validation) return answer(400, 'INVALID_INPUT', error.message);
    const status = error.statusCode ?? 500;
    if (status === 404) return answer(status, 'NOT_FOUND', 'Not found');
    if (status === 429) return answer(status, 'RATE_LIMITED', 'too many requests');
    if (status >= 400 && status < 500 && error.code.startsWith('FST_')) {
      return answer(status, 'INVALID_INPUT', clientMessage(error));
    }
  }
  if (isDatabaseUnavailable(error)) {
    // The request may succeed when retried: 503 says so to clients and load balancers.
    return answer(503, 'INTERNAL_ERROR', 'service unavailable, try again shortly');
  }
  return answer(500, 'INTERNAL_ERROR', 'internal error');
}

/** Fastify's own messages for client errors say nothing secret; long ones are cut. */
function clientMessage(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'the request body is too large';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'the request body is not valid JSON';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported content type: send application/json';
    default:
      return error.message.slice(0, 200);
  }
}

export function sendError(reply: FastifyReply, error: unknown): FastifyReply {
  const { status, body } = errorAnswer(error);
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  if (request.raw.readableAborted || request.raw.socket.destroyed) {
    // The client went away (closed the connection mid-body, or was cut for being too slow):
    // nothing to answer, and not a fault of the server.
    request.log.info({ code: (error as { code?: unknown }).code }, 'client went away');
    return reply.code(400).send();
  }
  const { status, body } = errorAnswer(error);
  if (status >= 500) request.log.error({ err: errorForLog(error) }, 'request failed');
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/** What a log line keeps of an unexpected error: its kind, code and first line, no request data. */
function errorForLog(error: unknown) {
  if (!(error instanceof Error)) return { message: String(error).slice(0, 200) };
  return {
    type: error.name,
    code: (error as { code?: unknown }).code,
    message: error.message.split('\n')[0]?.slice(0, 300),
    stack: error.stack?.split('\n').slice(1, 6).join('\n'),
  };
}

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (headers or URL too large, a
 * malformed request line): answered in SPEC's shape too, then the connection is closed.
 */
export function handleClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'the request line or headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'the request took too long to arrive']
        : [400, 'Bad Request', 'the request is not valid HTTP'];
  const body = JSON.stringify({
    class: ovhClassOf(status),
    errorCode: 'INVALID_INPUT',
    message,
  } satisfies ErrorBody);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { Negotiator } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { Caller } from '../accounts/caller.js';
import type { ServiceListQuery } from '../services/list-services.js';

/** A listing page as sent: its JSON in UTF-8 and an entity tag made from it. */
export interface ListingBody {
  /** Kept encoded: turning a 10 kB string into bytes on every answer costs as much as the rest. */
  json: Buffer;
  /** Weak: the identity, gzip and br forms of one page are the same page (RFC 9110 §8.8.1). */
  etag: string;
  /** The page compressed, each coding made on first demand and kept with the page. */
  compressed: Partial<Record<ContentCoding, Promise<Buffer>>>;
}

/** The content codings a page may be sent in, besides identity (decision 064). */
type ContentCoding = 'br' | 'gzip';

/** Pages smaller than this go as they are: compressing would save less than a packet. */
export const COMPRESS_MIN_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Compression in libuv's thread pool: the event loop goes on serving meanwhile. */
const compressors: Record<ContentCoding, (json: Buffer) => Promise<Buffer>> = {
  // Quality 5: nearly the size of the slowest setting at a small fraction of its time. A window
  // just larger than the page: the encoder allocates its window for every page, and the default
  // 4 MiB one made a 9 kB page cost 270-480 µs instead of about 100 µs (decision 064).
  br: (json) =>
    brotli(json, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 5,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: json.length,
        [constants.BROTLI_PARAM_LGWIN]: brotliWindowBits(json.length),
      },
    }),
  gzip: (json) => gzipped(json),
};

/** The smallest brotli window (2^bits bytes, 10 to 24) that holds `length` bytes. */
export function brotliWindowBits(length: number): number {
  const bits = Math.ceil(Math.log2(Math.max(length, 1) + 16));
  return Math.min(
    constants.BROTLI_MAX_WINDOW_BITS,
    Math.max(constants.BROTLI_MIN_WINDOW_BITS, bits),
  );
}

/**
 * Listing pages, as JSON bytes, by caller, contacts version and query (decision 062). A page
 * computed after reading version v holds data at least as new as v: the version moves on in the
 * same transaction as any change of the listing, and the page is read after the version. So a
 * request that finds version v may be answered with any page cached under v, in any process, and
 * a page is never served once its account's version has moved on. Old versions' pages are simply
 * no longer asked for and leave the cache as it fills (least recently used first).
 *
 * Requests for the same page at the same version while it is being computed wait for that one
 * computation instead of each running the query. Memory is bounded by LISTING_CACHE_MB; 0 turns
 * the cache off (every page computed).
 */
export class ListingCache {
  private readonly pages: LRUCache<string, ListingBody> | undefined;
  private readonly computing = new Map<string, Promise<ListingBody>>();

  constructor(maxBytes: number) {
    this.pages =
      maxBytes > 0
        ? new LRUCache({
            maxSize: maxBytes,
            sizeCalculation: (body, key) => sizeOf(body) + body.etag.length + key.length + 64,
          })
        : undefined;
  }

  /**
   * The page for this caller and query, kept or computed. Pages are kept under the query as it
   * came, so that a kept page is served without parsing it again: `compute` parses and checks it
   * (a bad query fails there every time, since only pages of good queries are kept).
   */
  async page(
    caller: Caller,
    query: ServiceListQuery,
    compute: () => Promise<unknown>,
  ): Promise<ListingBody> {
    if (this.pages === undefined) return bodyOf(await compute());
    const key = JSON.stringify([
      caller.nichandle,
      caller.contactsVersion,
      query.limit ?? null,
      query.serviceType ?? null,
      query.role ?? null,
      query.search ?? null,
      query.cursor ?? null,
    ]);
    const cached = this.pages.get(key);
    if (cached !== undefined) return cached;
    let pending = this.computing.get(key);
    if (pending === undefined) {
      pending = compute()
        .then((page) => {
          const body = bodyOf(page);
          this.pages?.set(key, body);
          return body;
        })
        .finally(() => this.computing.delete(key));
      this.computing.set(key, pending);
    }
    return pending;
  }
}

/**
 * The memory a kept page may come to: its JSON and, when large enough, room for its br and gzip
 * forms, made later. A listing page compresses to well under half its size in either (its names
 * and nichandles repeat), so its JSON's size again bounds both.
 */
function sizeOf(body: ListingBody): number {
  return body.json.length < COMPRESS_MIN_BYTES ? body.json.length : 2 * body.json.length;
}

function bodyOf(page: unknown): ListingBody {
  const json = Buffer.from(JSON.stringify(page), 'utf8');
  const digest = createHash('sha256').update(json).digest('base64url').slice(0, 22);
  return { json, etag: `W/"${digest}"`, compressed: {} };
}

/** The client's preferred coding among ours; the answers for the few headers seen are kept. */
const codings = new Negotiator<ContentCoding | 'identity'>({
  supportedValues: ['br', 'gzip', 'identity'],
  cache: new LRUCache<string, string>({ max: 100 }),
});

/** The coding to send a page in: what the client prefers and accepts, when worth it. */
function codingFor(request: FastifyRequest, page: ListingBody): ContentCoding | undefined {
  const accepted = request.headers['accept-encoding'];
  if (accepted === undefined || page.json.length < COMPRESS_MIN_BYTES) return undefined;
  const coding = codings.negotiate(accepted);
  return coding === 'br' || coding === 'gzip' ? coding : undefined;
}

/**
 * Sends a listing page as JSON, or 304 when the client already holds it. Each caller sees its own
 * page at the same URL: no shared cache may keep it, and a client revalidates with the ETag. The
 * page goes compressed when the client accepts br or gzip, as browsers and HTTP libraries do;
 * the compressed bytes are kept with the page, so a kept page is compressed once.
 */
export async function sendListing(request: FastifyRequest, reply: FastifyReply, page: ListingBody) {
  void reply
    .header('cache-control', 'private, no-cache')
    .header('vary', 'authorization, cookie, accept-encoding')
    .header('etag', page.etag);
  if (etagMatches(request.headers['if-none-match'], page.etag)) return reply.code(304).send();
  void reply.type('application/json; charset=utf-8');
  const coding = codingFor(request, page);
  if (coding === undefined) return reply.send(page.json);
  let bytes = page.compressed[coding];
  if (bytes === undefined) {
    bytes = compressors[coding](page.json);
    // A failure is not kept with the page: the next request tries again.
    bytes.catch(() => delete page.compressed[coding]);
    page.compressed[coding] = bytes;
  }
  return reply.header('content-encoding', coding).send(await bytes);
}

/** Whether an If-None-Match header names this entity tag (weak comparison, RFC 9110 §13.1.2). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
}

import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { Caller } from '../accounts/caller.js';
import type { ListQuery } from '../services/list-services.js';

/** A listing page as sent: its JSON in UTF-8 and an entity tag made from it. */
export interface ListingBody {
  /** Kept encoded: turning a 10 kB string into bytes on every answer costs as much as the rest. */
  json: Buffer;
  etag: string;
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
            sizeCalculation: (body, key) => body.json.length + body.etag.length + key.length + 64,
          })
        : undefined;
  }

  async page(
    caller: Caller,
    query: ListQuery,
    compute: () => Promise<unknown>,
  ): Promise<ListingBody> {
    if (this.pages === undefined) return bodyOf(await compute());
    const key = JSON.stringify([
      caller.nichandle,
      caller.contactsVersion,
      query.limit,
      query.serviceType ?? null,
      query.role ?? null,
      query.search ?? null,
      query.after ?? null,
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

function bodyOf(page: unknown): ListingBody {
  const json = Buffer.from(JSON.stringify(page), 'utf8');
  const digest = createHash('sha256').update(json).digest('base64url').slice(0, 22);
  return { json, etag: `"${digest}"` };
}

/**
 * Sends a listing page as JSON, or 304 when the client already holds it. Each caller sees its own
 * page at the same URL: no shared cache may keep it, and a client revalidates with the ETag.
 */
export function sendListing(request: FastifyRequest, reply: FastifyReply, page: ListingBody) {
  void reply
    .header('cache-control', 'private, no-cache')
    .header('vary', 'authorization, cookie')
    .header('etag', page.etag);
  if (etagMatches(request.headers['if-none-match'], page.etag)) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(page.json);
}

/** Whether an If-None-Match header names this entity tag (weak comparison, RFC 9110 §13.1.2). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

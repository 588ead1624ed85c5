import { invalidInput, notFound } from '../shared/errors.js';
import { INPUT_MAX } from '../shared/input-bounds.js';
import { parseText } from '../shared/validate.js';
import type { ServiceStatus } from '../platform/database/schema.js';

/** Words under /api that are not service types (SPEC §5). */
export const RESERVED_TYPES = new Set(['me', 'auth', 'admin', 'docs']);
export const SERVICE_TYPE_PATTERN = new RegExp(`^[a-z][a-z0-9]{0,${INPUT_MAX.serviceType - 1}}$`);
export const SERVICE_STATUSES: readonly ServiceStatus[] = [
  'ok',
  'expired',
  'inCreation',
  'pendingDebt',
  'unPaid',
];

export function parseServiceType(value: unknown): string {
  if (typeof value !== 'string' || !SERVICE_TYPE_PATTERN.test(value) || RESERVED_TYPES.has(value)) {
    throw invalidInput('serviceType must be a lower-case word such as domain, zone or hosting');
  }
  return value;
}

/**
 * A service's type and name as a path gives them, for a lookup: anything malformed is the same
 * NOT_FOUND as a name no service bears, so that nobody learns which names are well formed.
 */
export function serviceKeyOrNotFound(
  serviceType: unknown,
  serviceName: unknown,
): { type: string; name: string } {
  if (typeof serviceType !== 'string' || typeof serviceName !== 'string')
    throw notFound('No such service');
  try {
    return { type: parseServiceType(serviceType), name: serviceName };
  } catch {
    throw notFound('No such service');
  }
}

export function parseServiceName(value: unknown): string {
  return parseText(value, 'serviceName', 255);
}

export function parseServiceStatus(value: unknown): ServiceStatus {
  if (typeof value === 'string' && (SERVICE_STATUSES as readonly string[]).includes(value)) {
    return value as ServiceStatus;
  }
  throw invalidInput(`status must be one of ${SERVICE_STATUSES.join(', ')}`);
}

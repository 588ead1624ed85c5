import { invalidInput } from '../shared/errors.js';

/** R22: a bulk change names 1 to 1,000 services. */
export const MAX_BATCH_SERVICES = 1_000;

export interface ServiceRef {
  serviceType: string;
  serviceName: string;
}

const BODY_FIELDS = new Set(['services', 'contactAdmin', 'contactTech', 'contactBilling']);

export function parseServices(body: unknown): ServiceRef[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidInput('the body must be an object with services and the contacts to name');
  }
  const extra = Object.keys(body).find((key) => !BODY_FIELDS.has(key));
  if (extra !== undefined) throw invalidInput(`unknown field ${extra}`);
  const services = (body as { services?: unknown }).services;
  if (!Array.isArray(services) || services.length < 1 || services.length > MAX_BATCH_SERVICES) {
    throw invalidInput(`services must list 1 to ${MAX_BATCH_SERVICES} services`);
  }
  return services.map((item: unknown) => {
    const { serviceType, serviceName, ...rest } = (item ?? {}) as Record<string, unknown>;
    if (
      typeof item !== 'object' ||
      item === null ||
      Array.isArray(item) ||
      typeof serviceType !== 'string' ||
      typeof serviceName !== 'string' ||
      serviceType.length > 64 ||
      serviceName.length > 1024 ||
      Object.keys(rest).length > 0
    ) {
      throw invalidInput('each service must be {serviceType, serviceName}');
    }
    return { serviceType, serviceName };
  });
}

import type { Language } from '../platform/database/schema.js';

/**
 * How OVHcloud names its service types, for pages and e-mails; an unknown type shows as it is
 * (the types are an open list, SPEC §1).
 */
const SERVICE_TYPE_LABEL: Record<Language, Record<string, string>> = {
  fr: {
    domain: 'Nom de domaine',
    zone: 'Zone DNS',
    hosting: 'Hébergement web',
    email: 'E-mail',
    vps: 'VPS',
    server: 'Serveur dédié',
    cloud: 'Public Cloud',
  },
  en: {
    domain: 'Domain name',
    zone: 'DNS zone',
    hosting: 'Web hosting',
    email: 'E-mail',
    vps: 'VPS',
    server: 'Dedicated server',
    cloud: 'Public Cloud',
  },
};

export function serviceTypeLabel(lang: Language, serviceType: string): string {
  return SERVICE_TYPE_LABEL[lang][serviceType] ?? serviceType;
}

import type { ContactType } from '../../services/roles.js';
import { roleOfContactType } from '../../services/roles.js';
import { roleShort, type Language } from '../i18n.js';

export function contactTypesText(lang: Language, types: ContactType[]): string {
  return types.map((type) => roleShort(lang, roleOfContactType(type))).join(', ');
}

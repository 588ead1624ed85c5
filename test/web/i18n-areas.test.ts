import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { frenchSpacing, translator, type MessageKey } from '../../src/web/i18n.js';

// Every area file under src/web/i18n/ is spread into both dictionaries of src/web/i18n.ts; a
// forgotten spread line, or a key that two areas both define (the later one would silently win),
// shows here.
const dir = join(import.meta.dirname, '../../src/web/i18n');
// define-messages.ts is the helper, formats.ts the formatting functions built on the words.
const files = readdirSync(dir).filter(
  (f) => f.endsWith('.ts') && f !== 'define-messages.ts' && f !== 'formats.ts',
);

type Area = { fr: Record<string, string>; en: Record<string, string> };

async function areasOf(file: string): Promise<Area[]> {
  const module = (await import(join(dir, file))) as Record<string, unknown>;
  return Object.values(module).filter(
    (v): v is Area => typeof v === 'object' && v !== null && 'fr' in v && 'en' in v,
  );
}

describe('page words come from one area file each', () => {
  test('each area file exports its words', async () => {
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect((await areasOf(file)).length, file).toBeGreaterThan(0);
  });

  test('no key is defined by two areas, and every area is in both dictionaries', async () => {
    const owner = new Map<string, string>();
    for (const file of files) {
      for (const area of await areasOf(file)) {
        expect(Object.keys(area.en).sort(), file).toEqual(Object.keys(area.fr).sort());
        for (const lang of ['fr', 'en'] as const) {
          const t = translator(lang);
          for (const [key, text] of Object.entries(area[lang])) {
            // French pages set their words with French spacing (narrow no-break spaces).
            const shown = lang === 'fr' ? frenchSpacing(text) : text;
            expect(t(key as MessageKey), `${file} ${lang}.${key}`).toBe(shown);
          }
        }
        for (const key of Object.keys(area.fr)) {
          expect(owner.get(key), `${key} in ${file}`).toBeUndefined();
          owner.set(key, file);
        }
      }
    }
  });
});

/**
 * One area's page words, both languages side by side. The keys are taken from `fr`; `en` must
 * have exactly the same ones (a missing key or an extra one is a compile error), so the two
 * dictionaries built from the areas in `../i18n.ts` always match.
 */
export function defineMessages<K extends string>(messages: {
  fr: Record<K, string>;
  en: Record<NoInfer<K>, string>;
}): { fr: Record<K, string>; en: Record<K, string> } {
  return messages;
}

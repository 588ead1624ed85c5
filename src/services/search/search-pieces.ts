/** What a search asks a search index for: the distinct pieces of one length, lower-cased. */
export interface SearchPieces {
  /** 5: the five-gram index of migration 006; 3: the trigram index of migration 004. */
  size: 3 | 5;
  pieces: string[];
}

/**
 * The pieces of a search: its five-grams when it has five characters or more (each is rarer
 * among the names than the trigrams it holds, decision 071), else its trigrams; undefined when no
 * index can serve it: fewer than three characters, or any character beyond ASCII (SQLite's
 * lower() folds ASCII only, and the index must find every name the search's own test accepts).
 */
export function piecesOf(search: string): SearchPieces | undefined {
  // eslint-disable-next-line no-control-regex
  if (search.length < 3 || !/^[\u0000-\u007f]*$/.test(search)) return undefined;
  const lower = search.toLowerCase();
  const size = lower.length >= 5 ? 5 : 3;
  const pieces = new Set<string>();
  for (let i = 0; i + size <= lower.length; i++) pieces.add(lower.slice(i, i + size));
  return { size, pieces: [...pieces] };
}

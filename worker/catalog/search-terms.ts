const MAX_TERMS = 8;

/** Words shorter than this are not corrected: too many short words are one edit apart. */
export const MIN_CORRECTED_LENGTH = 4;

/** The distinct lower-case words of what a person typed, at most eight. */
export function searchTerms(text: string): string[] {
  const words = text.normalize("NFKC").match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.map((word) => word.toLowerCase()))].slice(0, MAX_TERMS);
}

/**
 * Turns what a person typed into an FTS5 query that cannot be a syntax error
 * or an injection: each word becomes a quoted prefix term ("omeg" finds
 * "omega"), all of them required; a word with `corrections` matches any of
 * them too ("omgea" finds "omega"). Returns null when nothing searchable is left.
 */
export function toFtsQuery(text: string, corrections: ReadonlyMap<string, string[]> = new Map()): string | null {
  const terms = searchTerms(text);
  if (terms.length === 0) return null;
  return terms
    .map((term) => {
      const alternatives = corrections.get(term) ?? [];
      return alternatives.length === 0 ? `"${term}"*` : `("${term}"* OR ${alternatives.map((word) => `"${word}"`).join(" OR ")})`;
    })
    // FTS5 takes a bare space as AND only between phrases; a group needs the word.
    .join(" AND ");
}

/**
 * One typo apart: one letter added, dropped or changed, or two neighbours
 * swapped ("omgea" and "omega"); the optimal-string-alignment distance ≤ 1.
 */
export function isOneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.length - short.length > 1) return false;
  let start = 0;
  while (start < short.length && short[start] === long[start]) start += 1;
  if (short.length === long.length) {
    if (short.slice(start + 1) === long.slice(start + 1)) return true;
    return short[start] === long[start + 1] && short[start + 1] === long[start] && short.slice(start + 2) === long.slice(start + 2);
  }
  return short.slice(start) === long.slice(start + 1);
}

/** The same query restricted to one column, for ranking matches in titles above the rest. */
export function inColumn(column: "title" | "category", ftsQuery: string): string {
  return `${column} : (${ftsQuery})`;
}

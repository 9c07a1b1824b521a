const MAX_TERMS = 8;

/**
 * Turns what a person typed into an FTS5 query that cannot be a syntax error
 * or an injection: each word becomes a quoted prefix term ("omeg" finds
 * "omega"), all of them required. Returns null when nothing searchable is left.
 */
export function toFtsQuery(text: string): string | null {
  const words = text.normalize("NFKC").match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms = [...new Set(words.map((word) => word.toLowerCase()))].slice(0, MAX_TERMS);
  if (terms.length === 0) return null;
  return terms.map((term) => `"${term}"*`).join(" ");
}

/** The same query restricted to one column, for ranking matches in titles above the rest. */
export function inColumn(column: "title" | "category", ftsQuery: string): string {
  return `${column} : (${ftsQuery})`;
}

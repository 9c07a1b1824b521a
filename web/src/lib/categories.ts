import type { Category } from "$schema";

export interface CategoryOption {
  value: string;
  label: string;
}

/**
 * A pre-order tree as <option>s. Options can't be styled with padding in every
 * browser, so depth shows as leading no-break spaces (which screen readers skip).
 */
export function categoryOptions(tree: Category[], valueOf: (category: Category) => string): CategoryOption[] {
  return tree.map((category) => ({
    value: valueOf(category),
    label: `${"\u00a0\u00a0\u00a0".repeat(category.depth)}${category.name}`,
  }));
}

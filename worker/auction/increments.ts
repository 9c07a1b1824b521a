import type { IncrementRule } from "../../schema/api/auctions";

/**
 * The increment that applies at `price`: the fixed amount, or the increment of
 * the band containing the price (a band runs from its `from`, inclusive, to the
 * next band's `from`, exclusive).
 */
export function incrementAt(rule: IncrementRule, price: number): number {
  if (rule.kind === "fixed") return rule.amount;
  const band = rule.bands.findLast((candidate) => candidate.from <= price);
  // The IncrementRule schema makes the first band start at 0, so only a row
  // written around the schema gets here; guessing an increment would let
  // bids through at the wrong minimum.
  if (band === undefined) throw new RangeError(`No increment band contains ${price}: the first band must start at 0`);
  return band.increment;
}

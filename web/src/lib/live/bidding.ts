/**
 * Bidding rules the browser applies before sending. Pure: the terminal client
 * (cli/) shares this module; the site's worded checks are in bid-checks.ts.
 */

/** A bid this far above the minimum asks for confirmation first (typos like 1000 for 100). */
export const CONFIRM_RATIO = 1.5;

/** A bid this far above the minimum is typed a second time before it goes (an extra zero or two). */
export const RETYPE_RATIO = 10;

/** True when `amount` is more than ten times the least acceptable bid. */
export function needsRetyping(amount: number, minimum: number | null): boolean {
  if (minimum === null || minimum <= 0) return false;
  return amount > minimum * RETYPE_RATIO;
}

/** True when `amount` is more than 50 % above the least acceptable bid. */
export function needsConfirmation(amount: number, minimum: number | null): boolean {
  if (minimum === null || minimum <= 0) return false;
  return amount > minimum * CONFIRM_RATIO;
}

/** How many times the minimum a bid is: the number ("3.2", "25") as a confirmation quotes it. */
export function bidRatio(amount: number, minimum: number): number {
  const ratio = amount / minimum;
  return ratio >= 10 ? Math.round(ratio) : Math.round(ratio * 10) / 10;
}

/** The same with its sign, as the terminal client writes it: "3.2×". */
export function ratioText(amount: number, minimum: number): string {
  return `${bidRatio(amount, minimum)}×`;
}

import type { ExchangeRate } from "./api/exchange-rates";
import { MAX_AMOUNT_MINOR, minorUnitDigits } from "./money";

/**
 * Approximate prices in another currency, for reading only: the "≈ ¥412,000"
 * beside a price and the search price filter. Bids, offers and orders never go
 * through here; an auction's money stays in its own currency.
 *
 * Rates are decimal strings and every step is exact BigInt arithmetic on
 * fractions, rounded once at the end (half up), so the same inputs always give
 * the same minor units and nothing drifts through floats.
 */

/** How many units of one currency a unit of another buys, as an exact fraction. */
export interface Ratio {
  numerator: bigint;
  denominator: bigint;
}

const TEN = 10n;

/** "162.47" as 16247/100. */
export function rateRatio(rate: string): Ratio {
  const [whole = "0", fraction = ""] = rate.split(".");
  return { numerator: BigInt(whole + fraction), denominator: TEN ** BigInt(fraction.length) };
}

const invert = (ratio: Ratio): Ratio => ({ numerator: ratio.denominator, denominator: ratio.numerator });
const times = (a: Ratio, b: Ratio): Ratio => ({ numerator: a.numerator * b.numerator, denominator: a.denominator * b.denominator });

/**
 * Units of `to` per unit of `from`, from the rates in force: the pair itself,
 * its inverse, or across a base both are quoted against (ECB rates are all
 * against EUR, so CHF → JPY goes through EUR). Null when none connects them.
 */
export function crossRate(rates: readonly ExchangeRate[], from: string, to: string): Ratio | null {
  if (from === to) return { numerator: 1n, denominator: 1n };
  const usable = rates.filter((rate) => /[1-9]/.test(rate.rate));
  const direct = usable.find((rate) => rate.base === from && rate.quote === to);
  if (direct) return rateRatio(direct.rate);
  const inverse = usable.find((rate) => rate.base === to && rate.quote === from);
  if (inverse) return invert(rateRatio(inverse.rate));
  for (const toRate of usable.filter((rate) => rate.quote === to)) {
    const fromRate = usable.find((rate) => rate.base === toRate.base && rate.quote === from);
    if (fromRate) return times(invert(rateRatio(fromRate.rate)), rateRatio(toRate.rate));
  }
  // One side may be the shared base itself (EUR → JPY is direct, handled above), or each quoted against a different base: not guessed at.
  return null;
}

/**
 * `amountMinor` minor units of `from` in minor units of `to` at `ratio`
 * (units of `to` per unit of `from`), each side with its own exponent (JPY 0,
 * EUR 2, KWD 3), rounded half up. Null when the result would exceed
 * MAX_AMOUNT_MINOR: no approximation beats a wrong one.
 */
export function convertMinor(amountMinor: number, from: string, to: string, ratio: Ratio): number | null {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0 || amountMinor > MAX_AMOUNT_MINOR) {
    throw new RangeError(`Not an amount in minor units: ${amountMinor}`);
  }
  if (ratio.numerator <= 0n || ratio.denominator <= 0n) throw new RangeError("A rate must be above 0");
  const numerator = BigInt(amountMinor) * ratio.numerator * TEN ** BigInt(minorUnitDigits(to));
  const denominator = ratio.denominator * TEN ** BigInt(minorUnitDigits(from));
  const rounded = (2n * numerator + denominator) / (2n * denominator);
  return rounded > BigInt(MAX_AMOUNT_MINOR) ? null : Number(rounded);
}

/** `amountMinor` of `from` approximately in `to`, or null when no rate connects them or the result is out of range. */
export function approximateMinor(rates: readonly ExchangeRate[], amountMinor: number, from: string, to: string): number | null {
  const ratio = crossRate(rates, from, to);
  return ratio === null ? null : convertMinor(amountMinor, from, to, ratio);
}

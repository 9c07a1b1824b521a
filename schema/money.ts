/**
 * Money on the wire is integer minor units of a currency; people read and type
 * major units. Conversions go through decimal strings so no float ever rounds
 * a price.
 */

/**
 * The largest amount (prices, bids, maxima, increments, budgets) in minor
 * units of any currency: 10^10 EUR or USD, 10^12 JPY, 10^9 KWD. Well above any
 * real sale, and small enough that a price plus an increment (at most twice
 * this) never leaves JavaScript's safe-integer range, so no rule can produce a
 * number that loses precision and freezes an auction.
 */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000;

const digitsByCurrency = new Map<string, number>();

/** The ISO 4217 exponent as Intl knows it: 2 for EUR, 0 for JPY, 3 for KWD. */
export function minorUnitDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/** 1250 with 2 digits is "12.50"; 500 with 0 digits is "500". */
export function majorUnitsText(minor: number, digits: number): `${number}` {
  const sign = minor < 0 ? "-" : "";
  const padded = String(Math.abs(minor)).padStart(digits + 1, "0");
  const whole = padded.slice(0, padded.length - digits);
  const fraction = padded.slice(padded.length - digits);
  return `${sign}${whole}${digits > 0 ? `.${fraction}` : ""}` as `${number}`;
}

/** A price for people, in the auction's currency and the viewer's locale. */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  const digits = minorUnitDigits(currency);
  const whole = minor % 10 ** digits === 0;
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    // "€120" reads better than "€120.00" in lists; a price with cents keeps them all.
    minimumFractionDigits: whole ? 0 : digits,
    maximumFractionDigits: digits,
  }).format(majorUnitsText(minor, digits));
}

const AMOUNT = /^(\d+)(?:[.,](\d*))?$/;

/**
 * What someone typed ("12", "12.5", "12,50") as minor units, or null when it
 * isn't a non-negative amount with at most `digits` decimals. Spaces are
 * ignored; thousands separators are not guessed at ("1,200" is 1.2 or invalid).
 */
export function parseMajorUnits(text: string, digits: number): number | null {
  const match = AMOUNT.exec(text.replace(/[\s\u00a0\u202f]/g, ""));
  if (!match) return null;
  const [, whole = "", fraction = ""] = match;
  if (fraction.length > digits) return null;
  const minor = Number(whole + fraction.padEnd(digits, "0"));
  return Number.isSafeInteger(minor) ? minor : null;
}

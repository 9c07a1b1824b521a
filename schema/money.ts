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
const SPACES = /[\s\u00a0\u202f]/g;

/** The locale's thousands and decimal separators, as Intl writes them ("1,234.5" in en, "1.234,5" in de). */
function separators(locale: string): { group: string; decimal: string } {
  const parts = new Intl.NumberFormat(locale).formatToParts(12_345_678.5);
  return {
    group: parts.find((part) => part.type === "group")?.value ?? ",",
    decimal: parts.find((part) => part.type === "decimal")?.value ?? ".",
  };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Removes the thousands separators of `locale` when the text is grouped the
 * way that locale groups ("99,999.50" in en, "99.999,50" in de), and turns the
 * locale's decimal mark into a point. Text that isn't grouped that way is left
 * as typed, so "12,50" in en still reads as twelve and a half.
 */
function ungroup(text: string, locale: string): string {
  const { group, decimal } = separators(locale);
  // Locales that group with spaces (fr, sv) lose them with the other spaces.
  if (/^[\s\u00a0\u202f]$/.test(group)) return text.replace(decimal, ".");
  const grouped = new RegExp(`^\\d{1,3}(?:${escape(group)}\\d{3})+(?:${escape(decimal)}\\d*)?$`);
  if (!grouped.test(text)) return text;
  return text.split(group).join("").replace(decimal, ".");
}

/**
 * What someone typed ("12", "12.5", "12,50") as minor units, or null when it
 * isn't a non-negative amount with at most `digits` decimals. Spaces are
 * ignored. With a `locale`, its thousands separators are accepted ("99,999" in
 * en is 99999, "1.200,50" in de is 1200.50); without one they are not guessed
 * at ("1,200" is 1.2 or invalid).
 */
export function parseMajorUnits(text: string, digits: number, locale?: string): number | null {
  const compact = text.replace(SPACES, "");
  const match = AMOUNT.exec(locale ? ungroup(compact, locale) : compact);
  if (!match) return null;
  const [, whole = "", fraction = ""] = match;
  if (fraction.length > digits) return null;
  const minor = Number(whole + fraction.padEnd(digits, "0"));
  return Number.isSafeInteger(minor) ? minor : null;
}

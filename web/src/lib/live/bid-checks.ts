import { formatNumber } from "$lib/i18n/format";
import { m } from "$schema/paraglide/messages.js";
import { MAX_AMOUNT_MINOR, majorUnitsText } from "$schema/money";
import { bidRatio } from "./bidding";

/** How many times the minimum a bid is, written the page's way for the confirmation ("3.2" in en, "3,2" in de). */
export function ratioOf(amount: number, minimum: number, locale?: string): string {
  return formatNumber(bidRatio(amount, minimum), { maximumFractionDigits: 1 }, locale);
}

/** An amount to show as an example of what to type: "25.50" in en, "25,50" in de, never grouped. */
export function amountExample(major: number, fractionDigits: number, locale?: string): string {
  return formatNumber(major, { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits, useGrouping: false }, locale);
}

/** Minor units as a bid field shows them, ready to edit: 3100 is "31.00" in en, "31,00" in de (parseMajorUnits reads both back). */
export function amountInputText(minor: number, digits: number, locale?: string): string {
  // Amounts stay under MAX_AMOUNT_MINOR, far inside the digits a double keeps exactly.
  return amountExample(Number(majorUnitsText(minor, digits)), digits, locale);
}

export type AmountCheck = { ok: true } | { ok: false; message: string };

/**
 * The checks the browser can do before sending: the room decides for real, but
 * a bid under the minimum, or a maximum under the bid, need no round trip.
 */
export function checkForwardBid(amount: number | null, maxAmount: number | null, minimum: number | null, money: (minor: number) => string, locale?: string): AmountCheck {
  if (amount === null || amount <= 0) return { ok: false, message: m.bid_check_enter_amount({ whole: amountExample(25, 0, locale), decimal: amountExample(25.5, 2, locale) }) };
  if (amount > MAX_AMOUNT_MINOR || (maxAmount !== null && maxAmount > MAX_AMOUNT_MINOR)) return { ok: false, message: m.bid_check_most({ amount: money(MAX_AMOUNT_MINOR) }) };
  if (minimum !== null && amount < minimum) return { ok: false, message: m.bid_check_at_least({ amount: money(minimum) }) };
  if (maxAmount !== null && maxAmount < amount) return { ok: false, message: m.bid_check_max_below() };
  return { ok: true };
}

export function checkReverseOffer(amount: number | null, maximum: number | null, money: (minor: number) => string, locale?: string): AmountCheck {
  if (amount === null || amount <= 0) return { ok: false, message: m.bid_check_enter_amount({ whole: amountExample(450, 0, locale), decimal: amountExample(450.5, 2, locale) }) };
  if (amount > MAX_AMOUNT_MINOR) return { ok: false, message: m.offer_check_most({ amount: money(MAX_AMOUNT_MINOR) }) };
  if (maximum !== null && amount > maximum) return { ok: false, message: m.offer_check_at_most({ amount: money(maximum) }) };
  return { ok: true };
}

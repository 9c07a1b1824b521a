import type { IncrementRule } from "$schema";
import { formString } from "$lib/forms";
import { BAND_FROM_FIELD, BAND_INCREMENT_FIELD, bandRows, bandTable, type AuctionOptionInput } from "$lib/auction-options";
import { formatNumber } from "$lib/i18n/format";
import { m } from "$schema/paraglide/messages.js";
import { parseMajorUnits } from "$schema/money";

/** The table's repeated row inputs as one `incrementTable` value (empty rows dropped). */
export function incrementTableOf(data: FormData): string {
  const froms = data.getAll(BAND_FROM_FIELD);
  const increments = data.getAll(BAND_INCREMENT_FIELD);
  if (froms.length === 0 && increments.length === 0) return formString(data, "incrementTable");
  const text = (entry: FormDataEntryValue | undefined) => (typeof entry === "string" ? entry : "");
  return bandTable(froms.map((from, at) => ({ from: text(from), increment: text(increments[at]) })));
}

export interface AuctionOptionsRequest {
  increment?: IncrementRule;
  bidCapPerBidder: number | null;
  softCloseMinutes?: number;
}

/**
 * The request fields for the auction options, with a plain message for each
 * input it can't read; the shared schema checks ranges afterwards. `fixedIncrement`
 * is the minor units the one-amount input already parsed (forward listings only).
 */
export function auctionOptionsOf(
  values: Partial<Record<AuctionOptionInput, string>>,
  digits: number | null,
  fixedIncrement: number | null,
  problem: (field: string, message: string) => void,
  locale?: string,
): AuctionOptionsRequest {
  const number = (value: number) => formatNumber(value, {}, locale);
  const result: AuctionOptionsRequest = { bidCapPerBidder: null };

  if (values.incrementKind === "table") {
    const rows = bandRows(values.incrementTable ?? "");
    if (rows.length === 0) problem("increment", m.listing_error_table_empty());
    else if (digits !== null) {
      const bands = rows.map((row) => ({ from: parseMajorUnits(row.from, digits, locale), increment: parseMajorUnits(row.increment, digits, locale) }));
      if (bands.some((band) => band.from === null || band.increment === null || band.increment === 0)) {
        problem("increment", m.listing_error_table_row());
      } else {
        const sorted = (bands as Array<{ from: number; increment: number }>).sort((a, b) => a.from - b.from);
        if (sorted[0]!.from !== 0) problem("increment", m.listing_error_table_first());
        else if (sorted.some((band, at) => at > 0 && band.from === sorted[at - 1]!.from)) problem("increment", m.listing_error_table_duplicate());
        else result.increment = { kind: "table", bands: sorted };
      }
    }
  } else if (fixedIncrement !== null) {
    result.increment = { kind: "fixed", amount: fixedIncrement };
  }

  const cap = (values.bidCapPerBidder ?? "").trim();
  if (cap !== "") {
    if (/^\d+$/.test(cap) && Number(cap) >= 1 && Number(cap) <= 1000) result.bidCapPerBidder = Number(cap);
    else problem("bidCapPerBidder", m.listing_error_bid_cap({ min: number(1), max: number(1000) }));
  }

  if (values.closing === "hard") {
    result.softCloseMinutes = 0;
  } else {
    const minutes = (values.softCloseMinutes ?? "").trim();
    if (minutes !== "") {
      if (/^\d+$/.test(minutes) && Number(minutes) <= 60) result.softCloseMinutes = Number(minutes);
      else problem("softCloseMinutes", m.listing_error_soft_close({ min: number(0), max: number(60) }));
    }
  }
  return result;
}

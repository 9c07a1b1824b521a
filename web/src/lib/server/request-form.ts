import { CreateListingRequest, type FieldErrors } from "$schema";
import { fieldErrorsFromZod, formString } from "$lib/forms";
import { minorUnitDigits, parseMajorUnits } from "$schema/money";
import { REQUEST_INPUTS, type RequestFormValues } from "$lib/request-form";
import { instantOf } from "$lib/time";
import { m } from "$schema/paraglide/messages.js";
import { auctionOptionsOf, incrementTableOf } from "./auction-options";
import { amountHint } from "./listing-form";

export function requestFormValues(data: FormData): RequestFormValues {
  const values = {} as RequestFormValues;
  for (const name of REQUEST_INPUTS) values[name] = formString(data, name);
  values.incrementTable = incrementTableOf(data);
  return values;
}

function currencyDigits(currency: string): number | null {
  if (!/^[A-Z]{3}$/.test(currency)) return null;
  try {
    return minorUnitDigits(currency);
  } catch {
    return null;
  }
}

export type BuiltRequest = { ok: true; request: CreateListingRequest } | { ok: false; fieldErrors: FieldErrors };

/**
 * The API request for a service request (a reverse auction): budgets typed in
 * major units become minor units of the chosen currency, dates become ISO
 * UTC, "start now" becomes this moment; the shared schema checks the rest.
 */
export function serviceRequestOf(values: RequestFormValues, imageIds: string[], publish: boolean, now: number, locale?: string): BuiltRequest {
  const fieldErrors: FieldErrors = {};
  const problem = (field: string, message: string) => (fieldErrors[field] ??= []).push(message);

  if (values.categoryId === "") problem("categoryId", m.listing_error_category());
  const digits = currencyDigits(values.currency);
  if (digits === null) problem("currency", m.listing_error_currency());
  const money = (field: "budgetMin" | "budgetMax") => {
    const text = values[field].trim();
    if (text === "") {
      problem(field, m.listing_error_amount());
      return null;
    }
    if (digits === null) return null;
    const minor = parseMajorUnits(text, digits, locale);
    if (minor === null) problem(field, amountHint(250, digits, locale));
    return minor;
  };
  const budgetMin = money("budgetMin");
  const budgetMax = money("budgetMax");
  // Offers come in below the last one; a service request has no increment of its own to set.
  const options = auctionOptionsOf({ ...values, incrementKind: "fixed" }, digits, null, problem, locale);

  const startsAt = values.startMode === "scheduled" ? instantOf(values.startsAt) : now;
  if (startsAt === null) problem("startsAt", m.request_error_open());
  const endsAt = instantOf(values.endsAt);
  if (endsAt === null) problem("endsAt", m.request_error_close());
  const deadline = instantOf(values.deadline);
  if (deadline === null) problem("deadline", m.request_error_deadline());

  const sealed = values.sealed === "on";
  const hoursText = (values.revealWindowHours ?? "").trim();
  const revealWindowHours = sealed && hoursText !== "" ? Number(hoursText) : undefined;
  if (revealWindowHours !== undefined && !Number.isInteger(revealWindowHours)) problem("revealWindowHours", m.request_error_hours());

  const iso = (at: number | null) => (at === null ? undefined : new Date(at).toISOString());
  const candidate = {
    format: "reverse",
    title: values.title,
    description: values.description,
    categoryId: values.categoryId,
    location: values.location,
    currency: values.currency,
    budgetMin: budgetMin ?? undefined,
    budgetMax: budgetMax ?? undefined,
    deadline: iso(deadline),
    requirements: values.requirements,
    sealed,
    ...(revealWindowHours !== undefined && Number.isInteger(revealWindowHours) ? { revealWindowHours } : {}),
    bidCapPerBidder: options.bidCapPerBidder,
    softCloseMinutes: options.softCloseMinutes,
    startsAt: iso(startsAt),
    endsAt: iso(endsAt),
    imageIds,
    publish,
  };
  const parsed = CreateListingRequest.safeParse(candidate);
  if (parsed.success && Object.keys(fieldErrors).length === 0) return { ok: true, request: parsed.data };
  if (!parsed.success) {
    for (const [field, messages] of Object.entries(fieldErrorsFromZod(parsed.error))) {
      const input = field.split(".")[0] ?? field;
      if (!(input in fieldErrors)) fieldErrors[field] = messages;
    }
  }
  return { ok: false, fieldErrors };
}

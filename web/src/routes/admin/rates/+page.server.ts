import { error, fail } from "@sveltejs/kit";
import { RatesUpload, type AdminRates } from "$schema";
import { api } from "$lib/server/api";
import { formText, outcomeOf } from "$lib/server/admin";
import { checkFields, fieldErrorsFromZod } from "$lib/forms";
import { ratesOfText } from "$lib/rates-form";
import { forgetRates } from "$lib/server/exchange-rates";
import { formatDateTime, formatNumber } from "$lib/i18n/format";
import type { Actions, PageServerLoad } from "./$types";
import { m } from "$schema/paraglide/messages.js";

export const load: PageServerLoad = async (event) => {
  const rates = await api<AdminRates>(event, "/api/admin/rates");
  if (!rates.ok) error(rates.status, rates.error.message);
  return { rates: rates.data, today: new Date().toISOString().slice(0, 10) };
};

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const values = { base: formText(data, "base").toUpperCase(), date: formText(data, "date"), source: formText(data, "source"), rates: formText(data, "rates") };
    const parsed = RatesUpload.safeParse({ ...values, rates: ratesOfText(values.rates) });
    if (!parsed.success) return fail(400, { form: "rates", values, fieldErrors: fieldErrorsFromZod(parsed.error), message: checkFields() });
    const count = Object.keys(parsed.data.rates).length;
    const outcome = outcomeOf("rates", await api(event, "/api/admin/rates", { method: "PUT", body: parsed.data }), m.admin_rates_loaded_notice({ count: formatNumber(count), base: parsed.data.base, date: formatDateTime(`${parsed.data.date}T00:00:00Z`, { dateOnly: true, timeZone: "UTC" }) }));
    if ("status" in outcome) return fail(outcome.status, { ...outcome.data, values });
    forgetRates();
    return outcome;
  },
};

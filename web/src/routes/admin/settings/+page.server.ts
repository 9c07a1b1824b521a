import { error, fail } from "@sveltejs/kit";
import { SiteSettings, type IncrementRule } from "$schema";
import { api } from "$lib/server/api";
import { formText, outcomeOf } from "$lib/server/admin";
import { checkFields, fieldErrorsFromZod } from "$lib/forms";
import type { Actions, PageServerLoad } from "./$types";
import { m } from "$schema/paraglide/messages.js";

export const load: PageServerLoad = async (event) => {
  const settings = await api<SiteSettings>(event, "/api/admin/settings");
  if (!settings.ok) error(settings.status, settings.error.message);
  return { settings: settings.data };
};

/** "from increment" per line, in minor units; one line starting at 0 is a fixed increment. */
function incrementOf(text: string): IncrementRule | string {
  const bands = text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => line.split(/[\s:,]+/).map(Number));
  if (bands.some((band) => band.length !== 2 || band.some((value) => !Number.isSafeInteger(value)))) return text;
  const parsed = bands.map(([from, increment]) => ({ from: from!, increment: increment! }));
  if (parsed.length === 1 && parsed[0]!.from === 0) return { kind: "fixed", amount: parsed[0]!.increment };
  return { kind: "table", bands: parsed };
}

const numberOr = (text: string) => (text === "" ? text : Number(text));

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const bidCap = formText(data, "bidCapPerBidder");
    const candidate = {
      siteName: formText(data, "siteName"),
      registrationOpen: data.get("registrationOpen") === "on",
      maintenanceBanner: formText(data, "maintenanceBanner"),
      listingDefaults: {
        currency: formText(data, "currency").toUpperCase(),
        softCloseMinutes: numberOr(formText(data, "softCloseMinutes")),
        increment: incrementOf(formText(data, "increment")),
        bidCapPerBidder: bidCap === "" ? null : Number(bidCap),
        maxDurationDays: numberOr(formText(data, "maxDurationDays")),
      },
      paymentDeadlineDays: numberOr(formText(data, "paymentDeadlineDays")),
    };
    const parsed = SiteSettings.safeParse(candidate);
    if (!parsed.success) return fail(400, { form: "settings", fieldErrors: fieldErrorsFromZod(parsed.error), message: checkFields() });
    return outcomeOf("settings", await api(event, "/api/admin/settings", { method: "PUT", body: parsed.data }), m.admin_settings_saved());
  },
};

import type { FieldErrors, Preferences } from "$schema";

export type CurrencyChoice = { code: string; label: string };
/** What the preferences form offers (from the server: $lib/server/preferences). */
export type PreferenceChoices = { currencies: CurrencyChoice[]; timeZones: string[] };
/** A refused preferences form: messages per field and what was sent, to show it again. */
export type PreferencesFormResult = { fieldErrors: FieldErrors; message: string; values: Preferences };

import type { FieldErrors } from "$schema";
import type { z } from "zod";
import { plainIssueMessage } from "$schema/issues";
import { m } from "$schema/paraglide/messages.js";
import { getLocale, type Locale } from "$schema/paraglide/runtime.js";

/** Field messages from a zod failure, keyed like the API's `details.fieldErrors`, in the page's language. */
export function fieldErrorsFromZod(error: z.ZodError, locale: Locale = getLocale()): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".");
    (fieldErrors[key] ??= []).push(plainIssueMessage(issue, locale));
  }
  return fieldErrors;
}

export function formString(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === "string" ? value : "";
}

/** Any origin of ours would do: only whether a path stays on it matters. */
const OWN_ORIGIN = "https://own-site.invalid";
/**
 * Browsers strip tabs and newlines from URLs and read `\` as `/`, so
 * `/\t/evil.example` or `/\\evil.example` become `//evil.example`; control
 * characters in a Location header also fail the response. A control or
 * format character, a line or paragraph separator, or a backslash sends the
 * person home instead (a plain space is encoded by the URL parser).
 */
const UNSAFE_IN_PATH = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\\]/u;

/**
 * The one check for `?next=` (login, registration, theme): a path of this
 * site, or "/". The value is resolved as a browser would and must stay on our
 * origin; what comes back is the normalised path, so `/a/..//evil.example`
 * cannot turn into a protocol-relative `//evil.example` afterwards.
 */
export function safeNextPath(next: string | null): string {
  if (!next || next.length > 2000 || !next.startsWith("/") || next.startsWith("//") || UNSAFE_IN_PATH.test(next)) return "/";
  let resolved: URL;
  try {
    resolved = new URL(next, OWN_ORIGIN);
  } catch {
    return "/";
  }
  if (resolved.origin !== OWN_ORIGIN || resolved.pathname.startsWith("//")) return "/";
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}

/** The form-level message when fields are wrong ("Please check the highlighted fields."), in the page's language. */
export function checkFields(locale: Locale = getLocale()): string {
  return m.form_check_fields({}, { locale });
}

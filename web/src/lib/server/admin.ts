import { fail, type ActionFailure } from "@sveltejs/kit";
import { formErrorsOf, type ApiResult } from "$lib/server/api";
import type { FieldErrors } from "$schema";

export interface AdminOutcome {
  /** Which form answered, so the page shows the message next to it. */
  form: string;
  notice?: string;
  message?: string;
  fieldErrors: FieldErrors;
}

/** An admin form's answer: a notice when the API did it, the API's own message and field errors when not. */
export function outcomeOf(form: string, result: ApiResult<unknown>, notice: string): AdminOutcome | ActionFailure<AdminOutcome> {
  if (result.ok) return { form, notice, fieldErrors: {} };
  return fail(result.status, { form, ...formErrorsOf(result.error) });
}

export function formText(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === "string" ? value.trim() : "";
}

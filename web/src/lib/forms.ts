import type { FieldErrors } from "$schema";
import type { z } from "zod";
import { plainIssueMessage } from "$schema/issues";

/** Field messages from a zod failure, keyed like the API's `details.fieldErrors`. */
export function fieldErrorsFromZod(error: z.ZodError): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".");
    (fieldErrors[key] ??= []).push(plainIssueMessage(issue));
  }
  return fieldErrors;
}

export function formString(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === "string" ? value : "";
}

/** Only same-site paths, so `?next=` can't send people to another site after login. */
export function safeNextPath(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

export const CHECK_FIELDS = "Please check the highlighted fields.";

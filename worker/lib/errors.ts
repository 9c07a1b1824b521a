import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import type { ErrorBody, ErrorCode, FieldErrors } from "../../schema/api/errors";
import { plainIssueMessage } from "../../schema/issues";
import { m } from "../../schema/paraglide/messages.js";
import type { AppEnv } from "../env";
import { apiErrorMessage } from "./error-messages";
import { ENGLISH, requestLocale, type Locale } from "./language";
import { log } from "./log";

/** The one way a handler reports a failure; `onError` turns it into the SPEC's error body. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Per-field messages in the requester's language; the keys (field paths) are the same in every language. */
export function fieldErrorsOf(error: z.ZodError, locale: Locale): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const prefix = issue.path.map(String);
    // Unknown keys are reported on each key, so a client sees `status: ["Unknown field"]`, not a body-level error.
    const keys = issue.code === "unrecognized_keys" ? issue.keys.map((key) => [...prefix, key].join(".")) : [prefix.join(".")];
    const message = issue.code === "unrecognized_keys" ? m.api_unknown_field({}, { locale }) : plainIssueMessage(issue, locale);
    for (const key of keys) (fieldErrors[key] ??= []).push(message);
  }
  return fieldErrors;
}

export function validationFailed(error: z.ZodError, where: string, locale: Locale): ApiError {
  return new ApiError(400, "VALIDATION_FAILED", `The request ${where} is invalid`, {
    fieldErrors: fieldErrorsOf(error, locale),
  });
}

/**
 * The message in another language than English: the code's sentence. A field
 * message that repeats the English sentence ("That code is not right" on
 * `code`) is translated with it; field messages from validation already are.
 */
function translated(error: ApiError, locale: Locale): Pick<ErrorBody["error"], "message" | "details"> {
  const message = apiErrorMessage(error.code, locale);
  const fieldErrors = error.details.fieldErrors as FieldErrors | undefined;
  if (!fieldErrors) return { message, details: error.details };
  const fields = Object.entries(fieldErrors).map(([field, messages]) => [field, messages.map((text) => (text === error.message ? message : text))]);
  return { message, details: { ...error.details, fieldErrors: Object.fromEntries(fields) } };
}

/** The envelope in the requester's language (Accept-Language); the code, the status and the fields named are the same in every language. */
export function errorResponse(c: Context<AppEnv>, error: ApiError): Response {
  const locale = requestLocale(c.req.raw);
  const { message, details } = locale === ENGLISH ? error : translated(error, locale);
  const body: ErrorBody = { error: { code: error.code, message, details } };
  return c.json(body, error.status, error.headers);
}

export function handleError(error: Error, c: Context<AppEnv>): Response {
  if (error instanceof ApiError) return errorResponse(c, error);
  if (error instanceof HTTPException && error.status === 400) {
    // Hono's JSON validator throws this when the body does not parse.
    return errorResponse(c, new ApiError(400, "MALFORMED_JSON", "The request body is not valid JSON"));
  }
  if (error instanceof HTTPException && error.status === 413) {
    return errorResponse(c, new ApiError(413, "PAYLOAD_TOO_LARGE", "The request body is too large"));
  }
  if (error instanceof HTTPException && error.status === 415) {
    // The route validator's answer to a body in a type the route does not take (one-click unsubscribe takes a form).
    return errorResponse(c, new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "This request body has the wrong content type", { received: c.req.header("content-type") ?? null }));
  }
  log("error", "unhandled error", {
    requestId: c.get("requestId"),
    path: c.req.path,
    error: error.stack ?? String(error),
  });
  return errorResponse(
    c,
    new ApiError(500, "INTERNAL", "Something went wrong on our side; quote the request id to support", {
      requestId: c.get("requestId"),
    }),
  );
}

export function handleNotFound(c: Context<AppEnv>): Response {
  return errorResponse(c, new ApiError(404, "NOT_FOUND", `No route for ${c.req.method} ${c.req.path}`));
}

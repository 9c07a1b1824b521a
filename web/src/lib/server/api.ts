import type { RequestEvent } from "@sveltejs/kit";
import type { ErrorBody, FieldErrors } from "$schema";
import { checkFields } from "$lib/forms";

export type ApiError = ErrorBody["error"];
export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiError };

interface CallOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as raw bytes with the file's own type (image uploads). */
  file?: Blob;
}

/** The cookies the browser sent, plus any the API set earlier in this same request. */
function cookieHeader(event: RequestEvent): string {
  return event.cookies
    .getAll()
    .map(({ name, value }) => `${name}=${value}`)
    .join("; ");
}

/** Passes the API's Set-Cookie lines on to the browser unchanged in meaning. */
function relayCookies(event: RequestEvent, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
    const separator = pair.indexOf("=");
    if (separator <= 0) continue;
    const name = pair.slice(0, separator);
    const value = pair.slice(separator + 1);
    const options: Parameters<RequestEvent["cookies"]["set"]>[2] = {
      path: "/",
      httpOnly: false,
      secure: false,
      encode: (raw) => raw,
    };
    for (const attribute of attributes) {
      const equals = attribute.indexOf("=");
      const key = (equals === -1 ? attribute : attribute.slice(0, equals)).toLowerCase();
      const attributeValue = equals === -1 ? "" : attribute.slice(equals + 1);
      switch (key) {
        case "max-age":
          options.maxAge = Number(attributeValue);
          break;
        case "expires": {
          const expires = new Date(attributeValue);
          if (!Number.isNaN(expires.getTime())) options.expires = expires;
          break;
        }
        case "path":
          options.path = attributeValue;
          break;
        case "httponly":
          options.httpOnly = true;
          break;
        case "secure":
          options.secure = true;
          break;
        case "samesite":
          options.sameSite = attributeValue.toLowerCase() as "lax" | "strict" | "none";
          break;
      }
    }
    // Max-Age wins over Expires (RFC 6265 §5.3); either may end the cookie now.
    if (options.maxAge !== undefined) delete options.expires;
    const ended = options.maxAge !== undefined ? options.maxAge <= 0 : (options.expires?.getTime() ?? Infinity) <= Date.now();
    if (ended) event.cookies.delete(name, options);
    else event.cookies.set(name, value, options);
  }
}

/**
 * Calls the API worker through the service binding as the browser would:
 * same origin, the browser's cookies, and an Origin header so the API's CSRF
 * guard sees a same-origin mutation. Accept-Language is the page's language
 * (locals.locale), so whatever the API words answers in the language the page is in.
 */
export async function api<T>(event: RequestEvent, path: string, options: CallOptions = {}): Promise<ApiResult<T>> {
  const headers = new Headers({ origin: event.url.origin, accept: "application/json" });
  const cookies = cookieHeader(event);
  if (cookies) headers.set("cookie", cookies);
  if (event.locals.locale) headers.set("accept-language", event.locals.locale);
  for (const name of ["user-agent", "cf-connecting-ip", "x-request-id"]) {
    const value = event.request.headers.get(name);
    if (value) headers.set(name, value);
  }
  if (options.body !== undefined) headers.set("content-type", "application/json");
  if (options.file) headers.set("content-type", options.file.type || "application/octet-stream");
  const response = await event.platform!.env.API.fetch(
    new Request(new URL(path, event.url.origin), {
      method: options.method ?? "GET",
      headers,
      body: options.file ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    }),
  );
  relayCookies(event, response);
  if (response.status === 204) return { ok: true, status: 204, data: undefined as T };
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return { ok: true, status: response.status, data: body as T };
  const error = (body as ErrorBody | null)?.error ?? {
    code: "INTERNAL" as const,
    message: "The server could not be reached; try again",
    details: {},
  };
  return { ok: false, status: response.status, error };
}

/**
 * An API error as a form shows it: messages next to their fields, and a
 * summary on top that doesn't repeat a field's message word for word.
 */
export function formErrorsOf(error: ApiError): { fieldErrors: FieldErrors; message: string } {
  const raw = error.details.fieldErrors;
  const fieldErrors = raw && typeof raw === "object" ? (raw as FieldErrors) : {};
  const repeatsAField = Object.values(fieldErrors).some((messages) => messages.includes(error.message));
  // "The request body is invalid" is for API clients; people are pointed at the fields instead.
  const generic = error.code === "VALIDATION_FAILED" && Object.keys(fieldErrors).length > 0;
  return { fieldErrors, message: repeatsAField || generic ? checkFields() : error.message };
}

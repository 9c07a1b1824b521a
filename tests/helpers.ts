import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import type { AuthResult, ErrorBody, ErrorCode } from "../schema";

export const ORIGIN = "https://gavel.test";
export const PASSWORD = "correct horse battery";

/** Every test gets its own client IP so the per-IP rate limiter never couples tests. */
export function randomIp(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(3));
  return `10.${bytes[0]}.${bytes[1]}.${bytes[2]}`;
}

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${crypto.randomUUID()}@example.com`;
}

interface CallOptions {
  method?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  token?: string;
  cookies?: string;
  /** Browser-like requests carry an Origin; token clients don't. */
  origin?: string | null;
  ip?: string;
}

export async function call(path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {
    "cf-connecting-ip": options.ip ?? randomIp(),
    ...options.headers,
  };
  if (options.origin !== null && options.origin !== undefined) headers.origin = options.origin;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookies) headers.cookie = options.cookies;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, { method: options.method ?? "GET", headers, body }));
}

export async function expectError(response: Response, status: number, code: ErrorCode): Promise<ErrorBody> {
  const body = (await response.json()) as ErrorBody;
  expect({ status: response.status, code: body.error?.code }).toEqual({ status, code });
  expect(typeof body.error.message).toBe("string");
  expect(body.error.details).toBeTypeOf("object");
  return body;
}

/** Cookie header value from a response's Set-Cookie lines (only cookies with a value). */
export function cookiesFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0]!)
    .filter((pair) => !pair.endsWith("="))
    .join("; ");
}

export interface Account {
  email: string;
  password: string;
  auth: AuthResult;
}

/** Registers through the API as a non-browser client (tokens in the body). */
export async function registerAccount(overrides: Partial<{ email: string; password: string; displayName: string }> = {}): Promise<Account> {
  const email = overrides.email ?? uniqueEmail();
  const password = overrides.password ?? PASSWORD;
  const response = await call("/api/auth/register", {
    method: "POST",
    body: { email, password, displayName: overrides.displayName ?? "Test User" },
  });
  expect(response.status).toBe(201);
  return { email, password, auth: (await response.json()) as AuthResult };
}

export async function registerBrowserAccount(): Promise<{ email: string; cookies: string; auth: AuthResult }> {
  const email = uniqueEmail("browser");
  const response = await call("/api/auth/register", {
    method: "POST",
    origin: ORIGIN,
    body: { email, password: PASSWORD, displayName: "Browser User" },
  });
  expect(response.status).toBe(201);
  return { email, cookies: cookiesFrom(response), auth: (await response.json()) as AuthResult };
}

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Secret, TOTP } from "otpauth";
import { afterAll, expect, inject } from "vitest";
import type { AuthResult, CategoryTree, RecoveryCodes, TwoFactorSetup } from "../../../schema";
import type { AuctionDetail } from "../../../schema/api/catalog";

/** Provided by tests/e2e/global-setup.ts, which starts the stack for these tests as for the browser tests. */
declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export const baseUrl = inject("baseUrl");
export const gavelBin = resolve(import.meta.dirname, "../../bin/gavel.js");
export const DEMO_PASSWORD = "gavel-demo-pass";

const homes: string[] = [];
afterAll(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

/** A fresh config directory: one terminal user's own `~/.config`, removed after the file's tests. */
export function configHome(): string {
  const home = mkdtempSync(join(tmpdir(), "gavel-cli-"));
  homes.push(home);
  return home;
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `gavel …` as a process, as a user runs it: no TTY, answers piped in, the server from GAVEL_SERVER. */
export function gavel(home: string, args: string[], input = ""): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [gavelBin, ...args], {
      env: { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: home, GAVEL_SERVER: baseUrl, TZ: "UTC" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolveRun({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** A logged-in terminal user: a config home where `gavel login` succeeded. */
export async function loggedIn(email: string, password = DEMO_PASSWORD): Promise<string> {
  const home = configHome();
  const login = await gavel(home, ["login", "--email", email], `${password}\n`);
  expect(login, login.stderr).toMatchObject({ code: 0 });
  return home;
}

export async function api<T>(path: string, options: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers: {
      ...(options.body !== undefined && { "content-type": "application/json" }),
      ...(options.token && { authorization: `Bearer ${options.token}` }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function tokenFor(email: string, password = DEMO_PASSWORD): Promise<string> {
  const { status, body } = await api<AuthResult>("/api/auth/login", { body: { email, password } });
  expect(status).toBe(200);
  return body.accessToken;
}

export async function register(displayName: string, password = "a-long-enough-pass-2026"): Promise<{ email: string; password: string; result: AuthResult }> {
  const email = `cli-${crypto.randomUUID().slice(0, 8)}@gavel.test`;
  const { status, body } = await api<AuthResult>("/api/auth/register", { body: { email, password, displayName } });
  expect(status).toBe(201);
  return { email, password, result: body };
}

/** An authenticator app: a new account with two-factor on, its secret and recovery codes. */
export async function registerWithTwoFactor(): Promise<{ email: string; password: string; secret: string; recoveryCodes: string[] }> {
  const { email, password, result } = await register("Tess Terminal");
  const setup = await api<TwoFactorSetup>("/api/auth/two-factor/setup", { method: "POST", token: result.accessToken });
  // Set up with the previous step's code (the server allows one step of drift), so the current one is unspent for the login.
  const code = TOTP.generate({ secret: Secret.fromBase32(setup.body.secret), timestamp: Date.now() - 30_000 });
  const enabled = await api<RecoveryCodes>("/api/auth/two-factor/enable", { body: { password, code }, token: result.accessToken });
  expect(enabled.status).toBe(200);
  return { email, password, secret: setup.body.secret, recoveryCodes: enabled.body.recoveryCodes };
}

/** One seller login per test file: logins are rate limited per email (10 a minute). */
let sellerToken: Promise<string> | null = null;

/** A live forward auction listed by the demo seller, ending in an hour unless told otherwise. */
export async function liveAuction(fields: { title: string; startingPrice?: number; buyNowPrice?: number; currency?: string }): Promise<AuctionDetail> {
  sellerToken ??= tokenFor("seller@gavel.test");
  const seller = await sellerToken;
  const categories = await api<CategoryTree>("/api/categories");
  const now = Date.now();
  const { status, body } = await api<AuctionDetail>("/api/auctions", {
    token: seller,
    body: {
      format: "forward",
      title: fields.title,
      description: "Listed by the terminal client's tests, with a description long enough.",
      categoryId: categories.body.items[0]!.id,
      condition: "good",
      location: "Leeds, UK",
      currency: fields.currency ?? "EUR",
      startingPrice: fields.startingPrice ?? 2500,
      buyNowPrice: fields.buyNowPrice ?? null,
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
      publish: true,
    },
  });
  expect(status).toBe(201);
  return body;
}

export async function bidOverApi(token: string, auctionId: string, amount: number): Promise<{ status: number; body: unknown }> {
  return api(`/api/auctions/${auctionId}/bids`, { token, body: { amount }, headers: { "idempotency-key": crypto.randomUUID() } });
}

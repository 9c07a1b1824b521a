import { env, exports } from "cloudflare:workers";
import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import type { AuthResult, OutboxList, PasswordResetStatus, TwoFactorSetup } from "../../schema";
import { createAuction, verifiedAccount } from "../auction-helpers";
import { LiveClient } from "../room/sockets";
import { call, expectError, PASSWORD, randomIp, registerAccount, uniqueEmail, type Account } from "../helpers";

const NEW_PASSWORD = "a brand new passphrase";

async function mailTo(email: string): Promise<OutboxList["items"]> {
  const response = await call(`/api/dev/outbox?to=${encodeURIComponent(email)}`);
  return ((await response.json()) as OutboxList).items;
}

function resetMails(items: OutboxList["items"]) {
  return items.filter((mail) => mail.subject === "Reset your Gavel password");
}

function requestReset(email: string, init: { ip?: string } = {}) {
  return call("/api/auth/password-reset/request", { method: "POST", body: { email }, ip: init.ip ?? randomIp() });
}

/** The mail is sent after the answer (so timing reveals nothing); wait for it to land. */
async function waitForResetLink(email: string, count = 1): Promise<string> {
  let links: string[] = [];
  await expect
    .poll(async () => {
      links = resetMails(await mailTo(email)).map((mail) => /https:\/\/\S+/.exec(mail.text)![0]);
      return links.length;
    })
    .toBe(count);
  return links[0]!;
}

function tokenOf(link: string): string {
  return new URL(link).searchParams.get("token")!;
}

function confirm(token: string, password = NEW_PASSWORD, code?: string) {
  return call("/api/auth/password-reset/confirm", { method: "POST", body: { token, password, ...(code && { code }) } });
}

function login(email: string, password: string) {
  return call("/api/auth/login", { method: "POST", body: { email, password } });
}

async function resetToken(account: Account): Promise<string> {
  expect((await requestReset(account.email)).status).toBe(202);
  return tokenOf(await waitForResetLink(account.email));
}

/** Moves the link's clock: D1 holds when it was sent and when it expires. */
async function ageReset(account: Account, byMs: number): Promise<void> {
  await env.DB.prepare("UPDATE password_resets SET sent_at = sent_at - ?1, expires_at = expires_at - ?1 WHERE user_id = ?2")
    .bind(byMs, account.auth.user.id)
    .run();
}

describe("asking for a reset link", () => {
  it("answers an unknown address exactly as a registered one, and mails only the registered one", async () => {
    const account = await registerAccount();
    const stranger = uniqueEmail("nobody");
    const known = await requestReset(account.email);
    const unknown = await requestReset(stranger);
    const comparable = (response: Response) =>
      [...response.headers].filter(([name]) => name !== "x-request-id" && name !== "date");
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await unknown.json()).toEqual(await known.json());
    expect(comparable(unknown)).toEqual(comparable(known));
    await waitForResetLink(account.email);
    expect(await mailTo(stranger)).toEqual([]);
  });

  it("builds the link from SITE_URL, never from the request's Host", async () => {
    const account = await registerAccount();
    const forged = new Request("https://attacker.example/api/auth/password-reset/request", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-host": "attacker.example", "cf-connecting-ip": randomIp() },
      body: JSON.stringify({ email: account.email }),
    });
    expect((await exports.default.fetch(forged)).status).toBe(202);
    const link = await waitForResetLink(account.email);
    expect(link).toMatch(/^https:\/\/gavel\.test\/reset-password\?token=[\w-]{43}$/);
    const [mail] = resetMails(await mailTo(account.email));
    expect(mail!.html).toContain(`href="${link}"`);
    expect(mail!.text + mail!.html).not.toContain("attacker");
  });

  it("mails an account at most once a minute, and a new link replaces the old one", async () => {
    const account = await registerAccount();
    const first = await resetToken(account);
    expect((await requestReset(account.email)).status).toBe(202);
    await ageReset(account, 61_000);
    expect((await requestReset(account.email)).status).toBe(202);
    await waitForResetLink(account.email, 2);
    const links = resetMails(await mailTo(account.email)).map((mail) => tokenOf(/https:\/\/\S+/.exec(mail.text)![0]));
    expect(links).toHaveLength(2);
    const second = links.find((token) => token !== first)!;
    await expectError(await confirm(first), 422, "CODE_EXPIRED");
    expect((await confirm(second)).status).toBe(204);
  });

  it("validates the address and rate-limits per address", async () => {
    await expectError(await call("/api/auth/password-reset/request", { method: "POST", body: { email: "not-an-email" } }), 400, "VALIDATION_FAILED");
    const email = uniqueEmail("limited");
    for (let attempt = 0; attempt < 10; attempt += 1) expect((await requestReset(email)).status).toBe(202);
    const limited = await requestReset(email);
    await expectError(limited, 429, "RATE_LIMITED");
    expect(limited.headers.get("retry-after")).toBe("60");
  });
});

describe("choosing a new password with the link", () => {
  it("sets the password once: the link is single use and the old password stops working", async () => {
    const account = await registerAccount();
    const token = await resetToken(account);
    const check = await call("/api/auth/password-reset/check", { method: "POST", body: { token } });
    expect(check.status).toBe(200);
    expect(((await check.json()) as PasswordResetStatus).twoFactorRequired).toBe(false);

    expect((await confirm(token)).status).toBe(204);
    await expectError(await confirm(token, "yet another passphrase"), 422, "CODE_EXPIRED");
    await expectError(await call("/api/auth/password-reset/check", { method: "POST", body: { token } }), 422, "CODE_EXPIRED");
    await expectError(await login(account.email, PASSWORD), 401, "INVALID_CREDENTIALS");
    expect((await login(account.email, NEW_PASSWORD)).status).toBe(200);
  });

  it("lets only one of two simultaneous confirmations through", async () => {
    const account = await registerAccount();
    const token = await resetToken(account);
    const statuses = (await Promise.all([confirm(token, "first racing passphrase"), confirm(token, "second racing passphrase")])).map((r) => r.status);
    expect(statuses.sort()).toEqual([204, 422]);
  });

  it("expires the link after 30 minutes", async () => {
    const account = await registerAccount();
    const token = await resetToken(account);
    await ageReset(account, 30 * 60 * 1000);
    await expectError(await confirm(token), 422, "CODE_EXPIRED");
    expect((await login(account.email, PASSWORD)).status).toBe(200);
  });

  it("ends every session of the account and marks the address verified", async () => {
    const account = await registerAccount();
    const otherDevice = (await (await login(account.email, PASSWORD)).json()) as AuthResult;
    const token = await resetToken(account);
    expect((await confirm(token)).status).toBe(204);
    for (const auth of [account.auth, otherDevice]) {
      await expectError(await call("/api/me", { token: auth.accessToken }), 401, "SESSION_REVOKED");
      await expectError(await call("/api/auth/refresh", { method: "POST", body: { refreshToken: auth.refreshToken } }), 401, "REFRESH_TOKEN_INVALID");
    }
    const fresh = (await (await login(account.email, NEW_PASSWORD)).json()) as AuthResult;
    expect(fresh.user.emailVerified).toBe(true);
  });

  it("closes the user's open WebSockets", async () => {
    const auction = await createAuction(await verifiedAccount(["seller"]));
    const account = await registerAccount();
    const client = await LiveClient.connect(auction.id, { token: account.auth.accessToken });
    const closed = new Promise<number>((resolve) => client.socket.addEventListener("close", (event) => resolve(event.code)));
    expect((await confirm(await resetToken(account))).status).toBe(204);
    expect(await closed).toBeGreaterThanOrEqual(1000);
  });

  it("refuses a weak password, a malformed token and an unknown one", async () => {
    const account = await registerAccount();
    const token = await resetToken(account);
    const weak = await expectError(await confirm(token, "aaaaaaaaaaaa"), 400, "VALIDATION_FAILED");
    expect(weak.error.details.fieldErrors).toHaveProperty("password");
    await expectError(await confirm("short"), 400, "VALIDATION_FAILED");
    await expectError(await confirm("A".repeat(43)), 422, "CODE_EXPIRED");
    expect((await confirm(token)).status).toBe(204);
  });
});

describe("resetting the password of an account with two-factor on", () => {
  async function withTwoFactor(): Promise<{ account: Account; secret: string }> {
    const account = await registerAccount();
    const setup = (await (await call("/api/auth/two-factor/setup", { method: "POST", token: account.auth.accessToken })).json()) as TwoFactorSetup;
    const code = TOTP.generate({ secret: Secret.fromBase32(setup.secret) });
    expect((await call("/api/auth/two-factor/enable", { method: "POST", token: account.auth.accessToken, body: { password: PASSWORD, code } })).status).toBe(200);
    // The enabling code spent the current step; pretend that step is in the past so the next code counts.
    await env.DB.prepare("UPDATE two_factor_secrets SET last_used_step = last_used_step - 2 WHERE user_id = ?").bind(account.auth.user.id).run();
    return { account, secret: setup.secret };
  }

  it("asks for a code as well, and keeps two-factor on", async () => {
    const { account, secret } = await withTwoFactor();
    const token = await resetToken(account);
    const check = (await (await call("/api/auth/password-reset/check", { method: "POST", body: { token } })).json()) as PasswordResetStatus;
    expect(check.twoFactorRequired).toBe(true);
    const missing = await expectError(await confirm(token), 422, "CODE_INVALID");
    expect(missing.error.details.twoFactorRequired).toBe(true);
    await expectError(await confirm(token, NEW_PASSWORD, "000000"), 422, "CODE_INVALID");

    expect((await confirm(token, NEW_PASSWORD, TOTP.generate({ secret: Secret.fromBase32(secret) }))).status).toBe(204);
    const loggedIn = await (await login(account.email, NEW_PASSWORD)).json();
    expect(loggedIn).toMatchObject({ twoFactorRequired: true });
  });

  it("burns the link on the fifth wrong code", async () => {
    const { account, secret } = await withTwoFactor();
    const token = await resetToken(account);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const body = await expectError(await confirm(token, NEW_PASSWORD, "000000"), 422, "CODE_INVALID");
      expect(body.error.details.attemptsLeft).toBe(5 - attempt);
    }
    await expectError(await confirm(token, NEW_PASSWORD, "000000"), 422, "CODE_EXPIRED");
    await expectError(await confirm(token, NEW_PASSWORD, TOTP.generate({ secret: Secret.fromBase32(secret) })), 422, "CODE_EXPIRED");
  });
});

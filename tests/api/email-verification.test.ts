import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OutboxList, User } from "../../schema";
import { bidOver, createAuction, verifiedAccount } from "../auction-helpers";
import { call, expectError, registerAccount, type Account } from "../helpers";

async function mailTo(email: string): Promise<OutboxList["items"]> {
  const response = await call(`/api/dev/outbox?to=${encodeURIComponent(email)}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as OutboxList).items;
}

async function latestCode(account: Account): Promise<string> {
  const [latest] = await mailTo(account.email);
  const code = /\b(\d{6})\b/.exec(latest!.text)?.[1];
  expect(code).toBeDefined();
  return code!;
}

function verify(account: Account, code: string) {
  return call("/api/auth/verify-email", { method: "POST", token: account.auth.accessToken, body: { code } });
}

function resend(account: Account) {
  return call("/api/auth/verify-email/resend", { method: "POST", token: account.auth.accessToken });
}

function wrongCode(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, "0");
}

/** Moves the code's clock: D1 holds when it was sent and when it expires. */
async function ageCode(account: Account, byMs: number): Promise<void> {
  await env.DB.prepare("UPDATE email_codes SET sent_at = sent_at - ?1, expires_at = expires_at - ?1 WHERE user_id = ?2").bind(byMs, account.auth.user.id).run();
}

describe("email verification", () => {
  it("mails a 6-digit code at registration that verifies the account", async () => {
    const account = await registerAccount();
    expect(account.auth.user.emailVerified).toBe(false);
    const [mail] = await mailTo(account.email);
    expect(mail).toMatchObject({ to: account.email, subject: expect.stringMatching(/^\d{6} is your Gavel verification code$/) });
    expect(mail!.html).toContain("Gavel");
    const response = await verify(account, await latestCode(account));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { user: User }).user.emailVerified).toBe(true);
    const me = (await (await call("/api/me", { token: account.auth.accessToken })).json()) as { user: User };
    expect(me.user.emailVerified).toBe(true);
  });

  it("expires codes after 10 minutes", async () => {
    const account = await registerAccount();
    const code = await latestCode(account);
    await ageCode(account, 10 * 60 * 1000);
    await expectError(await verify(account, code), 422, "CODE_EXPIRED");
  });

  it("burns the code on the 5th wrong attempt, even if the right one follows", async () => {
    const account = await registerAccount();
    const code = await latestCode(account);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const body = await expectError(await verify(account, wrongCode(code)), 422, "CODE_INVALID");
      expect(body.error.details.attemptsLeft).toBe(5 - attempt);
    }
    await expectError(await verify(account, wrongCode(code)), 422, "CODE_EXPIRED");
    await expectError(await verify(account, code), 422, "CODE_EXPIRED");
  });

  it("counts concurrent wrong attempts: five at once burn the code", async () => {
    const account = await registerAccount();
    const code = await latestCode(account);
    await Promise.all(Array.from({ length: 5 }, () => verify(account, wrongCode(code))));
    await expectError(await verify(account, code), 422, "CODE_EXPIRED");
  });

  it("limits resends to one a minute, and a resend invalidates the previous code", async () => {
    const account = await registerAccount();
    const first = await latestCode(account);
    const tooSoon = await resend(account);
    await expectError(tooSoon, 429, "RATE_LIMITED");
    expect(Number(tooSoon.headers.get("retry-after"))).toBeGreaterThan(0);
    await ageCode(account, 61_000);
    expect((await resend(account)).status).toBe(200);
    const second = await latestCode(account);
    if (second !== first) await expectError(await verify(account, first), 422, "CODE_INVALID");
    expect((await verify(account, second)).status).toBe(200);
    await expectError(await resend(account), 409, "RULE_VIOLATION");
  });

  it("needs a logged-in caller and a well-formed code", async () => {
    await expectError(await call("/api/auth/verify-email", { method: "POST", body: { code: "123456" } }), 401, "UNAUTHENTICATED");
    const account = await registerAccount();
    await expectError(await verify(account, "12345"), 400, "VALIDATION_FAILED");
    await expectError(await verify(account, "abcdef"), 400, "VALIDATION_FAILED");
  });

  it("keeps unverified accounts from bidding until they verify", async () => {
    const auction = await createAuction(await verifiedAccount(["seller"]));
    const account = await registerAccount();
    await expectError(await bidOver(auction.id, account, { amount: 1000 }), 403, "NOT_VERIFIED");
    await verify(account, await latestCode(account));
    expect((await bidOver(auction.id, account, { amount: 1000 })).status).toBe(201);
  });
});

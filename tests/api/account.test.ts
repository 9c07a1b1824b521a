import { env } from "cloudflare:workers";
import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import type { AccountExport, OrderDetail, RecoveryCodes, TwoFactorSetup, User } from "../../schema";
import { bidOver, createAuction, verifiedAccount } from "../auction-helpers";
import { call, expectError, registerAccount, uniqueEmail, type Account } from "../helpers";
import { mailTo } from "../notifications/channel";
import { orderOf, passPaymentDeadline, soldAuction, takeStep } from "../order-helpers";

async function me(account: Account): Promise<User> {
  return ((await (await call("/api/me", { token: account.auth.accessToken })).json()) as { user: User }).user;
}

function codeIn(text: string): string {
  return /\b(\d{6})\b/.exec(text)![1]!;
}

describe("display name", () => {
  it("changes, with the registration rules", async () => {
    const account = await registerAccount();
    const renamed = await call("/api/me", { method: "PATCH", token: account.auth.accessToken, body: { displayName: "  Ada L.  " } });
    expect(((await renamed.json()) as { user: User }).user.displayName).toBe("Ada L.");
    await expectError(await call("/api/me", { method: "PATCH", token: account.auth.accessToken, body: { displayName: "x" } }), 400, "VALIDATION_FAILED");
    await expectError(await call("/api/me", { method: "PATCH", token: account.auth.accessToken, body: { email: "a@b.c" } }), 400, "VALIDATION_FAILED");
    await expectError(await call("/api/me", { method: "PATCH", body: { displayName: "Nobody" } }), 401, "UNAUTHENTICATED");
  });
});

describe("email change", () => {
  const request = (account: Account, body: Record<string, unknown>) => call("/api/me/email", { method: "POST", token: account.auth.accessToken, body });
  const confirm = (account: Account, code: string) => call("/api/me/email/confirm", { method: "POST", token: account.auth.accessToken, body: { code } });

  it("takes effect only with the code sent to the new address, which ends verified; the old address is told", async () => {
    const account = await registerAccount();
    const newEmail = uniqueEmail("moved");
    await expectError(await request(account, { newEmail, password: "wrong password!" }), 403, "INVALID_CREDENTIALS");
    const pending = await request(account, { newEmail: newEmail.toUpperCase(), password: account.password });
    expect(pending.status).toBe(202);
    expect(await pending.json()).toMatchObject({ newEmail });
    expect((await me(account)).email).toBe(account.email);

    const [codeMail] = await mailTo(newEmail);
    const code = codeIn(codeMail!.text_body);
    await expectError(await confirm(account, String((Number(code) + 1) % 1_000_000).padStart(6, "0")), 422, "CODE_INVALID");
    const confirmed = await confirm(account, code);
    expect(confirmed.status).toBe(200);
    expect(((await confirmed.json()) as { user: User }).user).toMatchObject({ email: newEmail, emailVerified: true });
    expect((await mailTo(account.email)).map((mail) => mail.subject)).toContain("Your Gavel email address was changed");
    await expectError(await confirm(account, code), 409, "RULE_VIOLATION");
    const login = await call("/api/auth/login", { method: "POST", body: { email: newEmail, password: account.password } });
    expect(login.status).toBe(200);
  });

  it("refuses an address in use, at the request and when someone takes it before the confirmation", async () => {
    const account = await registerAccount();
    const other = await registerAccount();
    await expectError(await request(account, { newEmail: other.email, password: account.password }), 409, "EMAIL_TAKEN");
    await expectError(await request(account, { newEmail: account.email, password: account.password }), 400, "VALIDATION_FAILED");

    const contested = uniqueEmail("contested");
    expect((await request(account, { newEmail: contested, password: account.password })).status).toBe(202);
    await expectError(await request(account, { newEmail: uniqueEmail("again"), password: account.password }), 429, "RATE_LIMITED");
    await registerAccount({ email: contested });
    await expectError(await confirm(account, codeIn((await mailTo(contested))[0]!.text_body)), 409, "EMAIL_TAKEN");
    expect((await me(account)).email).toBe(account.email);
  });

  it("burns the code after five wrong tries, and refuses an expired one", async () => {
    const account = await registerAccount();
    const newEmail = uniqueEmail("burn");
    await request(account, { newEmail, password: account.password });
    const code = codeIn((await mailTo(newEmail))[0]!.text_body);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    const burst = await Promise.all(Array.from({ length: 5 }, () => confirm(account, wrong)));
    expect(burst.every((response) => response.status === 422)).toBe(true);
    await expectError(await confirm(account, code), 409, "RULE_VIOLATION");

    const later = await registerAccount();
    const laterEmail = uniqueEmail("late");
    await request(later, { newEmail: laterEmail, password: later.password });
    await env.DB.prepare("UPDATE email_changes SET expires_at = ? WHERE user_id = ?").bind(Date.now() - 1, later.auth.user.id).run();
    await expectError(await confirm(later, codeIn((await mailTo(laterEmail))[0]!.text_body)), 422, "CODE_EXPIRED");
  });
});

describe("recovery codes", () => {
  it("regenerates with the password and a current code; the old codes stop working", async () => {
    const account = await registerAccount();
    await expectError(
      await call("/api/auth/two-factor/recovery-codes", { method: "POST", token: account.auth.accessToken, body: { password: account.password, code: "123456" } }),
      409,
      "RULE_VIOLATION",
    );
    const { secret } = (await (await call("/api/auth/two-factor/setup", { method: "POST", token: account.auth.accessToken })).json()) as TwoFactorSetup;
    const enabled = await call("/api/auth/two-factor/enable", { method: "POST", token: account.auth.accessToken, body: { password: account.password, code: TOTP.generate({ secret: Secret.fromBase32(secret) }) } });
    const { recoveryCodes: old } = (await enabled.json()) as RecoveryCodes;
    const regenerate = (body: Record<string, unknown>) => call("/api/auth/two-factor/recovery-codes", { method: "POST", token: account.auth.accessToken, body });

    await expectError(await regenerate({ password: "not the password", code: old[0] }), 403, "INVALID_CREDENTIALS");
    await expectError(await regenerate({ password: account.password, code: "000000" }), 422, "CODE_INVALID");
    const fresh = await regenerate({ password: account.password, code: old[0] });
    expect(fresh.status).toBe(200);
    const { recoveryCodes } = (await fresh.json()) as RecoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(recoveryCodes).not.toContain(old[1]);
    await expectError(await regenerate({ password: account.password, code: old[1] }), 422, "CODE_INVALID");
    expect((await regenerate({ password: account.password, code: recoveryCodes[0] })).status).toBe(200);
  });
});

describe("download my data", () => {
  it("returns the account's data as a JSON attachment, without secrets or the other party's email", async () => {
    const { buyer, seller, orderId } = await soldAuction();
    await call(`/api/orders/${orderId}/messages`, { method: "POST", token: buyer.auth.accessToken, body: { body: "When can you ship?" } });
    const response = await call("/api/me/export", { token: buyer.auth.accessToken });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain("attachment");
    const data = (await response.json()) as AccountExport;
    expect(data.account).toMatchObject({ id: buyer.auth.user.id, email: buyer.email });
    expect(data.orders).toEqual([expect.objectContaining({ id: orderId, role: "buyer", other_party: "Test User" })]);
    expect(data.orderMessages).toEqual([expect.objectContaining({ body: "When can you ship?" })]);
    expect(data.bids).toEqual([expect.objectContaining({ bid_count: 1 })]);
    const text = JSON.stringify(data);
    expect(text).not.toContain("password_hash");
    expect(text).not.toContain(seller.email);
    await expectError(await call("/api/me/export"), 401, "UNAUTHENTICATED");
  });
});

describe("deleting an account", () => {
  const remove = (account: Account, password = account.password) => call("/api/me", { method: "DELETE", token: account.auth.accessToken, body: { password } });

  it("is refused while an order is open, then removes personal data and keeps the sale under an anonymous name", async () => {
    const { buyer, seller, orderId } = await soldAuction();
    await expectError(await remove(buyer, "wrong password!"), 403, "INVALID_CREDENTIALS");
    await expectError(await remove(buyer), 409, "OPEN_ORDERS");
    await passPaymentDeadline(orderId);
    expect((await takeStep(orderId, seller, { step: "unpaid" })).status).toBe(200);

    expect((await remove(buyer)).status).toBe(204);
    await expectError(await call("/api/me", { token: buyer.auth.accessToken }), 401, "SESSION_REVOKED");
    await expectError(await call("/api/auth/login", { method: "POST", body: { email: buyer.email, password: buyer.password } }), 401, "INVALID_CREDENTIALS");
    await expectError(await call(`/api/users/${buyer.auth.user.id}`), 404, "NOT_FOUND");
    const order: OrderDetail = await orderOf(orderId, seller);
    expect(order.buyer).toMatchObject({ id: buyer.auth.user.id, displayName: "Former member" });
    expect(order.buyer.email).not.toBe(buyer.email);
    const row = await env.DB.prepare("SELECT email, display_name, deleted_at FROM users WHERE id = ?").bind(buyer.auth.user.id).first<Record<string, unknown>>();
    expect(row).toMatchObject({ display_name: "Former member", deleted_at: expect.any(Number) });
    expect(await env.DB.prepare("SELECT count(*) AS n FROM auction_bidders WHERE user_id = ?").bind(buyer.auth.user.id).first()).toEqual({ n: 1 });
    expect((await registerAccount({ email: buyer.email })).auth.user.email).toBe(buyer.email);
  });

  it("is refused while the member's listing or bid is running", async () => {
    const seller = await verifiedAccount(["seller"]);
    const live = await createAuction(seller);
    await expectError(await remove(seller), 409, "RULE_VIOLATION");
    const bidder = await verifiedAccount();
    await bidOver(live.id, bidder, { amount: 1000 });
    await env.DB.prepare("INSERT INTO auction_bidders (auction_id, user_id, bid_count, highest_shown, last_seq) VALUES (?, ?, 1, 1000, 1) ON CONFLICT DO NOTHING").bind(live.id, bidder.auth.user.id).run();
    await expectError(await remove(bidder), 409, "RULE_VIOLATION");
  });
});

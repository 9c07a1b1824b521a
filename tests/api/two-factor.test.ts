import { env } from "cloudflare:workers";
import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import type { AuthResult, LoginChallenge, RecoveryCodes, TwoFactorSetup, TwoFactorStatus } from "../../schema";
import { call, cookiesFrom, expectError, ORIGIN, PASSWORD, registerAccount, type Account } from "../helpers";

function codeFor(secret: string): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret) });
}

function wrong(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, "0");
}

/**
 * A code spends its time step, and the next one only comes 30 s later; tests
 * move the account's record back instead of waiting (the unit tests cover the
 * rule on a fixed clock).
 */
async function letTimePass(account: Account): Promise<void> {
  await env.DB.prepare("UPDATE two_factor_secrets SET last_used_step = last_used_step - 2 WHERE user_id = ?").bind(account.auth.user.id).run();
}

function setup(account: Account) {
  return call("/api/auth/two-factor/setup", { method: "POST", token: account.auth.accessToken });
}

function enable(account: Account, code: string, password = account.password) {
  return call("/api/auth/two-factor/enable", { method: "POST", token: account.auth.accessToken, body: { password, code } });
}

async function status(account: Account): Promise<TwoFactorStatus> {
  return (await (await call("/api/auth/two-factor", { token: account.auth.accessToken })).json()) as TwoFactorStatus;
}

async function withTwoFactor(): Promise<{ account: Account; secret: string; recoveryCodes: string[] }> {
  const account = await registerAccount();
  const { secret } = (await (await setup(account)).json()) as TwoFactorSetup;
  const response = await enable(account, codeFor(secret));
  expect(response.status).toBe(200);
  const { recoveryCodes } = (await response.json()) as RecoveryCodes;
  await letTimePass(account);
  return { account, secret, recoveryCodes };
}

function login(account: Account, origin?: string) {
  return call("/api/auth/login", { method: "POST", body: { email: account.email, password: account.password }, ...(origin && { origin }) });
}

async function challengeFor(account: Account): Promise<string> {
  const response = await login(account);
  expect(response.status).toBe(200);
  return ((await response.json()) as LoginChallenge).challenge;
}

function answer(challenge: string, code: string, origin?: string) {
  return call("/api/auth/login/2fa", { method: "POST", body: { challenge, code }, ...(origin && { origin }) });
}

describe("turning two-factor on", () => {
  it("offers a secret as an otpauth URI and a QR code, and needs a right code to turn on", async () => {
    const account = await registerAccount();
    const response = await setup(account);
    expect(response.status).toBe(200);
    const offer = (await response.json()) as TwoFactorSetup;
    expect(offer.otpauthUri).toBe(`otpauth://totp/Gavel:${encodeURIComponent(account.email)}?issuer=Gavel&secret=${offer.secret}&algorithm=SHA1&digits=6&period=30`);
    expect(offer.qrSvg).toMatch(/^<svg /);
    expect(await status(account)).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0, pendingSetup: offer });

    const refused = await expectError(await enable(account, wrong(codeFor(offer.secret))), 422, "CODE_INVALID");
    await expectError(await enable(account, codeFor(offer.secret), "not the password"), 403, "INVALID_CREDENTIALS");
    expect(refused.error.details.fieldErrors).toHaveProperty("code");
    const enabled = await enable(account, codeFor(offer.secret));
    expect(enabled.status).toBe(200);
    const { recoveryCodes } = (await enabled.json()) as RecoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(await status(account)).toMatchObject({ enabled: true, recoveryCodesLeft: 10, pendingSetup: null });
  });

  it("keeps only the newest secret of a restarted setup", async () => {
    const account = await registerAccount();
    const first = (await (await setup(account)).json()) as TwoFactorSetup;
    const second = (await (await setup(account)).json()) as TwoFactorSetup;
    await expectError(await enable(account, codeFor(first.secret)), 422, "CODE_INVALID");
    expect((await enable(account, codeFor(second.secret))).status).toBe(200);
  });

  it("drops an abandoned setup, and never a secret that is on", async () => {
    const account = await registerAccount();
    const cancel = () => call("/api/auth/two-factor/setup", { method: "DELETE", token: account.auth.accessToken });
    const { secret } = (await (await setup(account)).json()) as TwoFactorSetup;
    expect((await cancel()).status).toBe(204);
    expect((await status(account)).pendingSetup).toBeNull();
    await expectError(await enable(account, codeFor(secret)), 409, "RULE_VIOLATION");
    await expectError(await cancel(), 409, "RULE_VIOLATION");
    const { secret: kept } = (await (await setup(account)).json()) as TwoFactorSetup;
    expect((await enable(account, codeFor(kept))).status).toBe(200);
    await expectError(await cancel(), 409, "RULE_VIOLATION");
    expect((await status(account)).enabled).toBe(true);
  });

  it("stores the secret encrypted and the recovery codes hashed", async () => {
    const { account, secret, recoveryCodes } = await withTwoFactor();
    const stored = await env.DB.prepare("SELECT secret_ciphertext FROM two_factor_secrets WHERE user_id = ?").bind(account.auth.user.id).first<{ secret_ciphertext: string }>();
    expect(stored!.secret_ciphertext).not.toContain(secret);
    const hashes = await env.DB.prepare("SELECT code_hash FROM recovery_codes WHERE user_id = ?").bind(account.auth.user.id).all<{ code_hash: string }>();
    expect(hashes.results).toHaveLength(10);
    const dump = JSON.stringify(hashes.results);
    for (const code of recoveryCodes) expect(dump).not.toContain(code.replace("-", ""));
  });

  it("refuses setup and enabling once on, and both without a session", async () => {
    const { account, secret } = await withTwoFactor();
    await expectError(await setup(account), 409, "RULE_VIOLATION");
    await expectError(await enable(account, codeFor(secret)), 409, "RULE_VIOLATION");
    await expectError(await call("/api/auth/two-factor/setup", { method: "POST" }), 401, "UNAUTHENTICATED");
    await expectError(await enable(await registerAccount(), "123456"), 409, "RULE_VIOLATION");
    await expectError(await enable(account, "12345"), 400, "VALIDATION_FAILED");
  });

  it("ends the account's other sessions", async () => {
    const account = await registerAccount();
    const other = (await (await login(account)).json()) as AuthResult;
    const { secret } = (await (await setup(account)).json()) as TwoFactorSetup;
    expect((await enable(account, codeFor(secret))).status).toBe(200);
    await expectError(await call("/api/me", { token: other.accessToken }), 401, "SESSION_REVOKED");
    expect((await call("/api/me", { token: account.auth.accessToken })).status).toBe(200);
  });
});

describe("logging in with two-factor on", () => {
  it("answers the password with a challenge, not a session, and the code completes the login", async () => {
    const { account, secret } = await withTwoFactor();
    const first = await login(account, ORIGIN);
    expect(first.status).toBe(200);
    expect(first.headers.getSetCookie()).toEqual([]);
    const challenge = (await first.json()) as LoginChallenge;
    expect(challenge).toEqual({ twoFactorRequired: true, challenge: expect.stringMatching(/^[\w-]{43}$/), expiresAt: expect.any(String) });
    expect(Date.parse(challenge.expiresAt) - Date.now()).toBeGreaterThan(4 * 60 * 1000);
    expect(challenge).not.toHaveProperty("accessToken");

    const completed = await answer(challenge.challenge, codeFor(secret), ORIGIN);
    expect(completed.status).toBe(200);
    const auth = (await completed.json()) as AuthResult;
    expect(auth.user.email).toBe(account.email);
    expect(auth.refreshToken).toBeUndefined();
    const me = await call("/api/me", { cookies: cookiesFrom(completed) });
    expect(me.status).toBe(200);
  });

  it("gives non-browser clients their tokens in the body", async () => {
    const { account, secret } = await withTwoFactor();
    const auth = (await (await answer(await challengeFor(account), codeFor(secret))).json()) as AuthResult;
    expect(auth.refreshToken).toMatch(/^[\w-]{43}$/);
    expect((await call("/api/me", { token: auth.accessToken })).status).toBe(200);
  });

  it("refuses a code replayed within its window, and a wrong code", async () => {
    const { account, secret } = await withTwoFactor();
    const code = codeFor(secret);
    expect((await answer(await challengeFor(account), code)).status).toBe(200);
    const replayed = await expectError(await answer(await challengeFor(account), code), 422, "CODE_INVALID");
    expect(replayed.error.message).toMatch(/already used/);
    const wrongOne = await expectError(await answer(await challengeFor(account), wrong(code)), 422, "CODE_INVALID");
    expect(wrongOne.error.details.attemptsLeft).toBe(4);
  });

  it("lets one of two simultaneous answers with the same code through", async () => {
    const { account, secret } = await withTwoFactor();
    const code = codeFor(secret);
    const [a, b] = await Promise.all([challengeFor(account), challengeFor(account)]);
    const statuses = (await Promise.all([answer(a, code), answer(b, code)])).map((response) => response.status);
    expect(statuses.sort()).toEqual([200, 422]);
  });

  it("accepts each recovery code once, in any case and with or without its hyphen", async () => {
    const { account, recoveryCodes } = await withTwoFactor();
    const [first, second] = recoveryCodes;
    expect((await answer(await challengeFor(account), first!)).status).toBe(200);
    await expectError(await answer(await challengeFor(account), first!), 422, "CODE_INVALID");
    expect((await answer(await challengeFor(account), second!.replace("-", "").toUpperCase())).status).toBe(200);
    expect((await status(account)).recoveryCodesLeft).toBe(8);
  });

  it("burns the challenge on the fifth wrong code, even if the right one follows", async () => {
    const { account, secret } = await withTwoFactor();
    const challenge = await challengeFor(account);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const body = await expectError(await answer(challenge, "000000"), 422, "CODE_INVALID");
      expect(body.error.details.attemptsLeft).toBe(5 - attempt);
    }
    await expectError(await answer(challenge, "000000"), 422, "CODE_EXPIRED");
    await expectError(await answer(challenge, codeFor(secret)), 422, "CODE_EXPIRED");
  });

  it("counts five wrong codes sent at once against one challenge", async () => {
    const { account, secret } = await withTwoFactor();
    const challenge = await challengeFor(account);
    await Promise.all(Array.from({ length: 5 }, () => answer(challenge, "000000")));
    await expectError(await answer(challenge, codeFor(secret)), 422, "CODE_EXPIRED");
  });

  it("expires a challenge after five minutes, and makes one session per challenge", async () => {
    const { account, secret } = await withTwoFactor();
    const stale = await challengeFor(account);
    await env.DB.prepare("UPDATE login_challenges SET expires_at = expires_at - 5 * 60 * 1000 WHERE user_id = ?").bind(account.auth.user.id).run();
    await expectError(await answer(stale, codeFor(secret)), 422, "CODE_EXPIRED");

    const challenge = await challengeFor(account);
    expect((await answer(challenge, codeFor(secret))).status).toBe(200);
    await letTimePass(account);
    await expectError(await answer(challenge, codeFor(secret)), 422, "CODE_EXPIRED");
  });

  it("locks the app's codes for a while after ten wrong codes in a row, but not the recovery codes", async () => {
    const { account, secret, recoveryCodes } = await withTwoFactor();
    for (let round = 0; round < 2; round += 1) {
      const challenge = await challengeFor(account);
      for (let attempt = 0; attempt < 5; attempt += 1) await answer(challenge, "000000");
    }
    const challenge = await challengeFor(account);
    const locked = await answer(challenge, codeFor(secret));
    await expectError(locked, 429, "RATE_LIMITED");
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(14 * 60);
    expect((await answer(challenge, recoveryCodes[0]!)).status).toBe(200);
    await letTimePass(account);
    expect((await answer(await challengeFor(account), codeFor(secret))).status).toBe(200);
  });

  it("validates the challenge and the code", async () => {
    await expectError(await answer("not-a-challenge", "123456"), 400, "VALIDATION_FAILED");
    await expectError(await answer("A".repeat(43), "12345"), 400, "VALIDATION_FAILED");
    await expectError(await answer("A".repeat(43), "123456"), 422, "CODE_EXPIRED");
  });

  it("still hides whether the account exists behind the same 401", async () => {
    const { account } = await withTwoFactor();
    const wrongPassword = await call("/api/auth/login", { method: "POST", body: { email: account.email, password: "not the password" } });
    await expectError(wrongPassword, 401, "INVALID_CREDENTIALS");
  });
});

describe("turning two-factor off", () => {
  function disable(account: Account, body: Record<string, unknown>) {
    return call("/api/auth/two-factor/disable", { method: "POST", token: account.auth.accessToken, body });
  }

  it("needs the password and a code, then logs in with the password alone", async () => {
    const { account, secret } = await withTwoFactor();
    await expectError(await disable(account, { password: "not the password", code: codeFor(secret) }), 403, "INVALID_CREDENTIALS");
    await expectError(await disable(account, { password: PASSWORD, code: "000000" }), 422, "CODE_INVALID");
    await expectError(await disable(account, { password: PASSWORD }), 400, "VALIDATION_FAILED");
    expect((await disable(account, { password: PASSWORD, code: codeFor(secret) })).status).toBe(204);
    expect(await status(account)).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0, pendingSetup: null });
    const auth = (await (await login(account)).json()) as AuthResult;
    expect(auth.accessToken).toEqual(expect.any(String));
    await expectError(await disable(account, { password: PASSWORD, code: codeFor(secret) }), 409, "RULE_VIOLATION");
  });

  it("accepts a recovery code instead of the app's code", async () => {
    const { account, recoveryCodes } = await withTwoFactor();
    expect((await disable(account, { password: PASSWORD, code: recoveryCodes[3] })).status).toBe(204);
    const count = await env.DB.prepare("SELECT count(*) AS n FROM recovery_codes WHERE user_id = ?").bind(account.auth.user.id).first<{ n: number }>();
    expect(count!.n).toBe(0);
  });
});

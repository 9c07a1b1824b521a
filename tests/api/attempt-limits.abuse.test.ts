import { env } from "cloudflare:workers";
import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import type { ErrorBody, LoginChallenge, OutboxList, TwoFactorSetup } from "../../schema";
import { call, PASSWORD, randomIp, registerAccount, type Account } from "../helpers";

/**
 * Probes of the attempt limits with parallel bursts, the way an attacker
 * would send them: every limit must hold however many guesses arrive at once,
 * and a right code inside a burst must not get in once the limit is reached.
 */
const BURST = 40;
const RIGHT_CODE_POSITION = 20;
/**
 * Email verification is also limited to 10 attempts a minute per account; a
 * burst of that size gets past the limiter, so only the attempt claim stands
 * between the guesses and the code.
 */
const LIMITED_BURST = 10;
const LIMITED_RIGHT_CODE_POSITION = 8;

function codeFor(secret: string): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret) });
}

function wrong(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, "0");
}

/** Wrong codes with the right one at `position`. */
function burstAround(rightCode: string, length = BURST, position = RIGHT_CODE_POSITION): string[] {
  return Array.from({ length }, (_, index) => (index === position ? rightCode : wrong(rightCode)));
}

interface Outcome {
  status: number;
  code: string | undefined;
}

async function outcomeOf(response: Response): Promise<Outcome> {
  if (response.status < 400) return { status: response.status, code: undefined };
  return { status: response.status, code: ((await response.json()) as ErrorBody).error.code };
}

/** Attempts whose code was compared: refused as wrong. */
function compared(outcomes: Outcome[]): number {
  return outcomes.filter((outcome) => outcome.code === "CODE_INVALID").length;
}

async function withTwoFactor(): Promise<{ account: Account; secret: string }> {
  const account = await registerAccount();
  const setup = (await (await call("/api/auth/two-factor/setup", { method: "POST", token: account.auth.accessToken })).json()) as TwoFactorSetup;
  const enabled = await call("/api/auth/two-factor/enable", { method: "POST", token: account.auth.accessToken, body: { password: PASSWORD, code: codeFor(setup.secret) } });
  expect(enabled.status).toBe(200);
  await env.DB.prepare("UPDATE two_factor_secrets SET last_used_step = last_used_step - 2 WHERE user_id = ?").bind(account.auth.user.id).run();
  return { account, secret: setup.secret };
}

async function challengeFor(account: Account): Promise<string> {
  const response = await call("/api/auth/login", { method: "POST", body: { email: account.email, password: account.password } });
  expect(response.status).toBe(200);
  return ((await response.json()) as LoginChallenge).challenge;
}

function answer(challenge: string, code: string) {
  return call("/api/auth/login/2fa", { method: "POST", body: { challenge, code } });
}

async function failedSecondFactorAttempts(account: Account): Promise<number> {
  const row = await env.DB.prepare("SELECT failed_attempts FROM two_factor_secrets WHERE user_id = ?").bind(account.auth.user.id).first<{ failed_attempts: number }>();
  return row!.failed_attempts;
}

describe("the login's two-factor step under a parallel burst", () => {
  it("compares at most five codes per challenge, and the right code inside the burst does not log in", async () => {
    const { account, secret } = await withTwoFactor();
    const challenge = await challengeFor(account);
    const outcomes = await Promise.all(burstAround(codeFor(secret)).map(async (code) => outcomeOf(await answer(challenge, code))));
    expect(compared(outcomes)).toBeLessThanOrEqual(4);
    expect(outcomes[RIGHT_CODE_POSITION]).toEqual({ status: 422, code: "CODE_EXPIRED" });
    expect(outcomes.filter((outcome) => outcome.status === 200)).toEqual([]);
    expect(await failedSecondFactorAttempts(account)).toBe(5);
    expect((await answer(challenge, codeFor(secret))).status).toBe(422);
  });

  it("compares at most ten codes across parallel challenges before the account-wide lockout", async () => {
    const { account, secret } = await withTwoFactor();
    const challenges = await Promise.all(Array.from({ length: 4 }, () => challengeFor(account)));
    const guesses = challenges.flatMap((challenge) => Array.from({ length: 10 }, () => answer(challenge, wrong(codeFor(secret)))));
    const outcomes = await Promise.all(guesses.map(async (guess) => outcomeOf(await guess)));
    expect(compared(outcomes)).toBeLessThanOrEqual(10);
    expect(outcomes.filter((outcome) => outcome.code === "RATE_LIMITED").length).toBeGreaterThan(0);
    expect(await failedSecondFactorAttempts(account)).toBe(10);
    const locked = await answer(await challengeFor(account), codeFor(secret));
    expect(locked.status).toBe(429);
  });
});

async function latestVerificationCode(account: Account): Promise<string> {
  const response = await call(`/api/dev/outbox?to=${encodeURIComponent(account.email)}`);
  const [latest] = ((await response.json()) as OutboxList).items;
  return /\b(\d{6})\b/.exec(latest!.text)![1]!;
}

function verifyEmail(account: Account, code: string) {
  return call("/api/auth/verify-email", { method: "POST", token: account.auth.accessToken, body: { code } });
}

describe("email verification under a parallel burst", () => {
  it("compares at most five codes, and the right code late in the burst does not verify", async () => {
    const account = await registerAccount();
    const code = await latestVerificationCode(account);
    const outcomes = await Promise.all(
      burstAround(code, LIMITED_BURST, LIMITED_RIGHT_CODE_POSITION).map(async (guess) => outcomeOf(await verifyEmail(account, guess))),
    );
    expect(outcomes.filter((outcome) => outcome.code === "RATE_LIMITED")).toEqual([]);
    expect(compared(outcomes)).toBeLessThanOrEqual(4);
    expect(outcomes[LIMITED_RIGHT_CODE_POSITION]).toEqual({ status: 422, code: "CODE_EXPIRED" });
    expect(outcomes.filter((outcome) => outcome.status === 200)).toEqual([]);
    const me = (await (await call("/api/me", { token: account.auth.accessToken })).json()) as { user: { emailVerified: boolean } };
    expect(me.user.emailVerified).toBe(false);
  });

  it("limits attempts per account as well as per address, whatever addresses they come from", async () => {
    const account = await registerAccount();
    const outcomes = await Promise.all(Array.from({ length: 15 }, async () => outcomeOf(await verifyEmail(account, "000000"))));
    expect(outcomes.filter((outcome) => outcome.code === "RATE_LIMITED").length).toBeGreaterThanOrEqual(5);
  });
});

describe("password reset under a parallel burst", () => {
  async function resetToken(account: Account): Promise<string> {
    expect((await call("/api/auth/password-reset/request", { method: "POST", body: { email: account.email } })).status).toBe(202);
    let link = "";
    await expect
      .poll(async () => {
        const items = ((await (await call(`/api/dev/outbox?to=${encodeURIComponent(account.email)}`)).json()) as OutboxList).items;
        link = items.map((mail) => /https:\/\/\S+reset-password\S+/.exec(mail.text)?.[0]).find(Boolean) ?? "";
        return link;
      })
      .not.toBe("");
    return new URL(link).searchParams.get("token")!;
  }

  function confirm(token: string, code: string) {
    return call("/api/auth/password-reset/confirm", { method: "POST", body: { token, password: "a brand new passphrase", code } });
  }

  it("compares at most five two-factor codes per link, and the right code inside the burst changes nothing", async () => {
    const { account, secret } = await withTwoFactor();
    const token = await resetToken(account);
    // The per-account limiter turns most of the burst away; the claim holds the rest to five.
    const outcomes = await Promise.all(burstAround(codeFor(secret)).map(async (code) => outcomeOf(await confirm(token, code))));
    expect(compared(outcomes)).toBeLessThanOrEqual(4);
    expect(outcomes.filter((outcome) => outcome.status === 204)).toEqual([]);
    // Only the attempts the link allowed reached the second factor at all.
    expect(await failedSecondFactorAttempts(account)).toBeLessThanOrEqual(5);
    const oldPassword = await call("/api/auth/login", { method: "POST", body: { email: account.email, password: PASSWORD } });
    expect(oldPassword.status).toBe(200);
  });

  it("limits checks and confirmations of one account's link per account, from any address", async () => {
    const account = await registerAccount();
    const token = await resetToken(account);
    const checks = await Promise.all(
      Array.from({ length: 15 }, async () => outcomeOf(await call("/api/auth/password-reset/check", { method: "POST", body: { token }, ip: randomIp() }))),
    );
    expect(checks.filter((outcome) => outcome.code === "RATE_LIMITED").length).toBeGreaterThanOrEqual(5);
  });
});

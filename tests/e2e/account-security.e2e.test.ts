import { setTimeout as sleep } from "node:timers/promises";
import { Secret, TOTP } from "otpauth";
import type { Browser, Page } from "playwright-core";
import type { AuthResult, RecoveryCodes, TwoFactorSetup } from "../../schema";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, waitForHydration } from "./browser";

const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/**
 * An authenticator app in the test, as a phone would show it. The server takes
 * the code of its own 30-second step or of the one either side (a phone's clock
 * may be 30 s off) and spends a step once used, never an earlier one after it.
 * So each code is for the step after the last one used, now or one ahead, as a
 * phone running 30 s fast would show: a login right after another needs no
 * wait, and only a third code within one step waits for the clock to move on.
 */
class Authenticator {
  private lastStep = -1;

  constructor(private readonly secret: string) {}

  async nextCode(): Promise<string> {
    while (this.lastStep > TOTP.counter()) await sleep(500);
    const step = Math.max(this.lastStep + 1, TOTP.counter());
    this.lastStep = step;
    return TOTP.generate({ secret: Secret.fromBase32(this.secret), timestamp: step * 30_000 });
  }
}

function navigation(page: Page) {
  return page.getByRole("navigation", { name: "Main" });
}

async function latestMail(page: Page, email: string, subject: RegExp): Promise<string> {
  await page.goto(`${baseUrl}/dev/outbox`);
  const message = page.getByTestId("outbox-message").filter({ hasText: email }).filter({ hasText: subject }).first();
  return (await message.textContent()) ?? "";
}

async function logOut(page: Page): Promise<void> {
  await navigation(page).getByRole("button", { name: "Log out" }).click();
  await expect.poll(() => navigation(page).getByRole("link", { name: "Log in" }).count()).toBe(1);
}

async function logInWithCode(page: Page, email: string, password: string, code: string): Promise<void> {
  await page.goto(`${baseUrl}/login?next=/account`);
  await waitForHydration(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByLabel("Authentication code").fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
  await page.waitForURL(`${baseUrl}/account`);
  expect(await page.getByTestId("nav-account").textContent()).toBe("Tess Factor");
}

/** An account with two-factor on, made through the API as a terminal client would. */
async function accountWithTwoFactor(email: string, password: string): Promise<RecoveryCodes> {
  const post = async <T>(path: string, body?: unknown, token?: string): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token && { authorization: `Bearer ${token}` }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.ok).toBe(true);
    return (await response.json()) as T;
  };
  const { accessToken } = await post<AuthResult>("/api/auth/register", { email, password, displayName: "Tess Factor" });
  const { secret } = await post<TwoFactorSetup>("/api/auth/two-factor/setup", undefined, accessToken);
  const code = TOTP.generate({ secret: Secret.fromBase32(secret) });
  return post<RecoveryCodes>("/api/auth/two-factor/enable", { password, code }, accessToken);
}

describe("account security in the browser", () => {
  it("turns on two-factor, logs in with a code, and resets a forgotten password", { timeout: 180_000 }, async () => {
    const page = await browser.newPage();
    const email = `security-${crypto.randomUUID()}@example.com`;
    const firstPassword = "a long enough password";
    const secondPassword = "an even longer new password";

    await page.goto(`${baseUrl}/register`);
    await waitForHydration(page);
    await page.getByLabel("Display name").fill("Tess Factor");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(firstPassword);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByTestId("nav-account").waitFor();
    const verificationCode = /\b(\d{6})\b/.exec(await latestMail(page, email, /verification code/))?.[1];
    await page.goto(`${baseUrl}/verify-email`);
    await waitForHydration(page);
    await page.getByLabel("Code").fill(verificationCode!);
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL(`${baseUrl}/account?verified=1`);

    // Two-factor on, from the account page: scan (here: read) the secret, prove it with a code.
    await waitForHydration(page);
    await page.getByRole("button", { name: "Set up two-factor" }).click();
    const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await page.getByRole("img", { name: /QR code/ }).locator("svg").count()).toBe(1);
    expect(await page.getByRole("link", { name: /open it in an authenticator app/ }).getAttribute("href")).toMatch(/^otpauth:\/\/totp\/Gavel:/);
    const app = new Authenticator(secret);
    await page.getByLabel("Code from the app").fill(await app.nextCode());
    await page.getByLabel("Your password").fill(firstPassword);
    await page.getByRole("button", { name: "Turn on two-factor" }).click();
    await expect.poll(() => page.getByTestId("recovery-code").count()).toBe(10);
    const recoveryCodes = await page.getByTestId("recovery-code").allTextContents();
    expect(await page.getByText("10 of 10 recovery codes left").count()).toBe(1);

    // Logging in now takes the password and then a code.
    await logOut(page);
    await logInWithCode(page, email, firstPassword, await app.nextCode());
    await logOut(page);

    // Forgot the password: the mailed link, a new password, and (two-factor being on) a recovery code.
    await page.goto(`${baseUrl}/login`);
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.waitForURL(`${baseUrl}/forgot-password`);
    await waitForHydration(page);
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect.poll(() => page.getByText(/If an account uses this address/).count()).toBe(1);
    await expect.poll(() => latestMail(page, email, /Reset your Gavel password/)).toMatch(/reset-password\?token=/);
    const link = /(https?:\/\/\S+\/reset-password\?token=[\w-]+)/.exec(await latestMail(page, email, /Reset your Gavel password/))![1]!;
    expect(link.startsWith(`${baseUrl}/reset-password?token=`)).toBe(true);

    await page.goto(link);
    await waitForHydration(page);
    await page.getByLabel("New password").fill(secondPassword);
    await page.getByLabel("Authentication code").fill(recoveryCodes[0]!);
    await page.getByRole("button", { name: "Set new password" }).click();
    await page.waitForURL(`${baseUrl}/login?reset=1`);
    expect(await page.getByText("Your password has been changed").count()).toBe(1);

    await page.goto(link);
    expect(await page.getByText("This reset link has expired or was already used").count()).toBe(1);

    await page.goto(`${baseUrl}/login`);
    await waitForHydration(page);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(firstPassword);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/incorrect/i);

    await logInWithCode(page, email, secondPassword, await app.nextCode());
    expect(await page.getByText("9 of 10 recovery codes left").count()).toBe(1);
    await page.close();
  });

  it("works without JavaScript: the login's code step and the forgot-password form", async () => {
    const email = `no-js-${crypto.randomUUID()}@example.com`;
    const password = "a long enough password";
    const { recoveryCodes } = await accountWithTwoFactor(email, password);
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();

    await page.goto(`${baseUrl}/login?next=/account`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByLabel("Authentication code").fill("000000");
    await page.getByRole("button", { name: "Verify" }).click();
    await expect.poll(() => page.getByText("That code is not right").count()).toBeGreaterThan(0);
    await page.getByLabel("Authentication code").fill(recoveryCodes[0]!);
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL(`${baseUrl}/account`);
    expect(await page.getByText("9 of 10 recovery codes left").count()).toBe(1);

    await navigation(page).getByRole("button", { name: "Log out" }).click();
    await page.goto(`${baseUrl}/forgot-password`);
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect.poll(() => page.getByText(/If an account uses this address/).count()).toBe(1);
    await context.close();
  });
});

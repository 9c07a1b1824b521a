import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "./browser";

const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe("email verification in the browser", () => {
  it("registers, reads the code in the dev outbox, enters a wrong one and then the right one", async () => {
    const page = await browser.newPage();
    const email = `verify-${crypto.randomUUID()}@example.com`;
    await page.goto(`${baseUrl}/register`);
    await page.getByLabel("Display name").fill("Vera Fier");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByTestId("nav-account").waitFor();

    await page.goto(`${baseUrl}/dev/outbox`);
    const message = page.getByTestId("outbox-message").filter({ hasText: email });
    const code = /\b(\d{6})\b/.exec((await message.first().textContent()) ?? "")?.[1];
    expect(code).toMatch(/^\d{6}$/);

    await page.goto(`${baseUrl}/verify-email`);
    await page.getByLabel("Code").fill(String((Number(code) + 1) % 1_000_000).padStart(6, "0"));
    await page.getByRole("button", { name: "Verify" }).click();
    await expect.poll(() => page.getByText("That code is not right").count()).toBeGreaterThan(0);
    await page.getByLabel("Code").fill(code!);
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL(`${baseUrl}/account?verified=1`);
    expect(await page.getByText(`${email} (verified)`).count()).toBe(1);
    await page.close();
  });
});

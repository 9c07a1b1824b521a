import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { artifactsDir, launchBrowser } from "./browser";

const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function themeOf(page: Page): Promise<string | undefined> {
  return page.evaluate(() => document.documentElement.dataset.theme);
}

function navigation(page: Page) {
  return page.getByRole("navigation", { name: "Main" });
}

describe("account journey", () => {
  it("registers, logs out, logs in, sees the session and toggles the theme", async () => {
    const context = await browser.newContext({ colorScheme: "light", timezoneId: "Asia/Kolkata" });
    const page = await context.newPage();
    const email = `e2e-${Date.now()}@example.com`;
    const password = "a long enough passphrase";

    await page.goto(`${baseUrl}/register`);
    await page.getByLabel("Display name").fill("Eve Tester");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => page.locator("#field-password-error").textContent()).toMatch(/at least 10/i);

    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => page.getByTestId("nav-account").textContent()).toBe("Eve Tester");
    expect(page.url()).toBe(`${baseUrl}/`);

    await navigation(page).getByRole("button", { name: "Log out" }).click();
    await expect.poll(() => navigation(page).getByRole("link", { name: "Log in" }).count()).toBe(1);
    expect(await page.getByTestId("nav-account").count()).toBe(0);

    await page.goto(`${baseUrl}/account`);
    expect(page.url()).toBe(`${baseUrl}/login?next=/account`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`${password}!`);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/incorrect/i);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: "Your account" }).waitFor();
    expect(page.url()).toBe(`${baseUrl}/account`);

    const sessions = page.getByTestId("session");
    expect(await sessions.count()).toBe(1);
    expect(await sessions.first().getAttribute("data-current")).toBe("true");
    expect(await sessions.first().textContent()).toContain("This device");
    // Rendered in UTC on the server, then in the viewer's zone once hydrated.
    const signedIn = sessions.first().locator("time").first();
    await expect
      .poll(() =>
        signedIn.evaluate((element) => {
          const local = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
          return element.textContent === local.format(new Date(element.getAttribute("datetime") ?? ""));
        }),
      )
      .toBe(true);

    const initial = await themeOf(page);
    expect(initial).toBeUndefined();
    const saved = page.waitForResponse((response) => response.url().includes("/theme") && response.request().method() === "POST");
    await page.getByTestId("theme-toggle").click();
    await expect.poll(() => themeOf(page)).toBe("dark");
    await saved;
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe("rgb(12, 10, 9)");
    await page.reload();
    expect(await themeOf(page)).toBe("dark");
    await page.getByTestId("theme-toggle").click();
    await expect.poll(() => themeOf(page)).toBe("light");

    await page.screenshot({ path: join(artifactsDir, "account.png"), fullPage: true });
    await context.close();
  });

  it("keeps a session alive across an expired access cookie by refreshing", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const email = `e2e-refresh-${Date.now()}@example.com`;
    await page.goto(`${baseUrl}/register`);
    await page.getByLabel("Display name").fill("Rae Fresh");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("another long passphrase");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByTestId("nav-account").waitFor();

    await context.clearCookies({ name: "__Host-gavel_at" });
    await page.goto(`${baseUrl}/account`);
    expect(page.url()).toBe(`${baseUrl}/account`);
    const cookies = await context.cookies();
    expect(cookies.map((cookie) => cookie.name)).toEqual(expect.arrayContaining(["__Host-gavel_at", "__Host-gavel_rt"]));
    await context.close();
  });

  it("works without JavaScript: register, theme, log out, log in", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, colorScheme: "light" });
    const page = await context.newPage();
    const email = `e2e-nojs-${Date.now()}@example.com`;
    const password = "no script needed here";

    await page.goto(`${baseUrl}/register`);
    await page.getByLabel("Display name").fill("Noah Script");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => page.getByTestId("nav-account").textContent()).toBe("Noah Script");

    await page.getByTestId("theme-toggle").click();
    await expect.poll(() => themeOf(page)).toBe("dark");
    expect(page.url()).toBe(`${baseUrl}/`);

    await navigation(page).getByRole("button", { name: "Log out" }).click();
    await expect.poll(() => navigation(page).getByRole("link", { name: "Log in" }).count()).toBe(1);

    await page.goto(`${baseUrl}/login?next=/account`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: "Your account" }).waitFor();
    expect(page.url()).toBe(`${baseUrl}/account`);
    expect(await themeOf(page)).toBe("dark");
    await context.close();
  });

  it("has no horizontal scroll on a 360 px phone", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const overflowOf = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    for (const path of ["/", "/register", "/login"]) {
      await page.goto(`${baseUrl}${path}`);
      expect(await overflowOf(), path).toBeLessThanOrEqual(0);
    }
    await page.screenshot({ path: join(artifactsDir, "login-360.png") });

    await page.getByLabel("Email").fill("bidder1@gavel.test");
    await page.getByLabel("Password").fill("gavel-demo-pass");
    await page.getByRole("button", { name: "Log in" }).click();
    // On a phone the account link sits in the collapsed menu: logged in is when it is in the page.
    await page.getByTestId("nav-account").waitFor({ state: "attached" });
    await page.goto(`${baseUrl}/account`);
    expect(await overflowOf(), "/account").toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(artifactsDir, "account-360.png"), fullPage: true });
    await context.close();
  });
});

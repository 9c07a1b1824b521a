import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AuctionPage } from "../../schema";
import { artifactsDir, launchBrowser, logIn, waitForHydration } from "./browser";

/**
 * Issue 18's site-wide parts: the page's language from the browser and from the switch (with and
 * without JavaScript, kept on the account), `lang`/`dir` on <html>, and right-to-left readiness:
 * the layout uses logical CSS, so a page turned right to left still fits a 360 px phone.
 */
const baseUrl = inject("baseUrl");
const PHONE = { width: 360, height: 740 };
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const htmlAttributes = (page: Page) => page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe("languages", () => {
  it("answers in the browser's language, and the switch changes it without JavaScript, back on the same page", async () => {
    const context = await browser.newContext({ locale: "ja-JP", javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/search?q=clock`);
    expect(await htmlAttributes(page)).toEqual({ lang: "ja", dir: "ltr" });
    await page.getByRole("link", { name: "出品する" }).first().waitFor({ state: "attached" });

    await page.getByLabel("言語").selectOption("de");
    await page.getByRole("button", { name: "変更", exact: true }).click();
    await page.waitForURL(`${baseUrl}/search?q=clock`);
    expect(await htmlAttributes(page)).toEqual({ lang: "de", dir: "ltr" });
    await page.getByRole("link", { name: "Verkaufen" }).first().waitFor({ state: "attached" });
    // The cookie keeps the choice over Accept-Language on the next page too.
    await page.goto(`${baseUrl}/`);
    expect((await htmlAttributes(page)).lang).toBe("de");
    await context.close();
  });

  it("keeps a member's choice on the account, so another device opens in it", async () => {
    const email = `languages-${Date.now()}@gavel.test`;
    const registered = await fetch(`${baseUrl}/api/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: "gavel-demo-pass", displayName: "Polyglot" }),
    });
    expect(registered.status).toBe(201);
    const context = await browser.newContext({ locale: "en-GB" });
    const page = await context.newPage();
    await logIn(page, baseUrl, email, "/account");
    await waitForHydration(page);
    // The header's switch comes first in the page; the account form has its own language field.
    await page.getByLabel("Language", { exact: true }).first().selectOption("fr");
    await page.getByRole("button", { name: "Change", exact: true }).click();
    await page.waitForURL(`${baseUrl}/account`);
    expect((await htmlAttributes(page)).lang).toBe("fr");

    const other = await browser.newContext({ locale: "en-US" });
    const elsewhere = await other.newPage();
    // Logging in on a hydrated page navigates on the client: the page then loads anew in the account's language.
    await logIn(elsewhere, baseUrl, email, "/account");
    await elsewhere.waitForFunction(() => document.documentElement.lang === "fr");
    await elsewhere.getByText("Polyglot").first().waitFor({ state: "attached" });
    // The account form's "browser's language" clears the choice: this browser's English comes back.
    await elsewhere.getByLabel("Langue", { exact: true }).last().selectOption("");
    await elsewhere.getByRole("button", { name: "Enregistrer les préférences" }).click();
    await elsewhere.waitForURL(`${baseUrl}/account?preferences=saved#preferences`);
    expect((await htmlAttributes(elsewhere)).lang).toBe("en");
    await elsewhere.getByText("Your preferences are saved.").waitFor();
    await other.close();
    await context.close();
  });
});

describe("right to left", () => {
  it("turns the layout around and keeps every page within a 360 px phone", async () => {
    const auctions = (await (await fetch(`${baseUrl}/api/auctions?status=live&limit=1`)).json()) as AuctionPage;
    const paths = ["/", "/search", "/login", "/register", ...(auctions.items[0] ? [`/auctions/${auctions.items[0].id}`] : [])];
    // German, the site's longest words, turned right to left.
    const context = await browser.newContext({ viewport: PHONE, locale: "de-DE" });
    const page = await context.newPage();
    for (const path of paths) {
      await page.goto(`${baseUrl}${path}`);
      await waitForHydration(page);
      expect(await sidewaysOverflow(page), `${path} scrolls sideways in German`).toBeLessThanOrEqual(0);
      // No language of the site is right to left yet: the page is turned the way the hook would for one.
      await page.evaluate(() => document.documentElement.setAttribute("dir", "rtl"));
      expect(await sidewaysOverflow(page), `${path} scrolls sideways in rtl`).toBeLessThanOrEqual(0);
    }

    // Mirrored, not just squeezed: the brand starts at the right edge and the menu opens without overflow.
    await page.goto(`${baseUrl}/`);
    await waitForHydration(page);
    await page.evaluate(() => document.documentElement.setAttribute("dir", "rtl"));
    const brand = (await page.locator("a.brand").boundingBox())!;
    const search = (await page.getByTestId("header-search").boundingBox())!;
    expect(brand.x).toBeGreaterThan(search.x);
    expect(brand.x + brand.width).toBeGreaterThan(PHONE.width - 40);
    await page.getByTestId("menu-button").click();
    await page.getByTestId("header-language").waitFor();
    expect(await sidewaysOverflow(page), "open menu in rtl").toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(artifactsDir, "rtl-360.png"), fullPage: true });
    await context.close();
  });
});

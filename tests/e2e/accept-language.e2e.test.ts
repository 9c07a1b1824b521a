import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { m } from "../../schema/paraglide/messages.js";
import { launchBrowser, waitForHydration } from "./browser";

/**
 * A visitor whose browser asks for German (Accept-Language, and the browser's own locale)
 * and has no account and no language cookie: the site answers in German from the first
 * page, form checks included. Every test opens its own context, so none depends on another.
 */
const baseUrl = inject("baseUrl");
const de = { locale: "de" } as const;
const en = { locale: "en" } as const;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function germanVisitor(javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({
    locale: "de-DE",
    extraHTTPHeaders: { "Accept-Language": "de-DE,de;q=0.9,en;q=0.5" },
    javaScriptEnabled,
  });
  contexts.push(context);
  return context.newPage();
}

/** The error lines under a form field, found by its label. */
async function fieldErrors(page: Page, label: string): Promise<string[]> {
  const id = await page.getByLabel(label, { exact: true }).getAttribute("id");
  return page.locator(`[id="${id}-error"] .error-line`).allTextContents();
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

describe("a visitor whose browser asks for German", () => {
  it("gets the home page in German, with lang=de on the page", async () => {
    const page = await germanVisitor();
    const response = await page.goto(`${baseUrl}/`);
    expect(response?.status()).toBe(200);
    expect(await page.locator("html").getAttribute("lang")).toBe("de");
    expect(await page.locator("h1").textContent()).toBe(m.home_tagline({}, de));
    expect(await page.getByRole("button", { name: m.home_search_submit({}, de), exact: true }).count()).toBe(1);
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toContain(m.home_intro_watch({}, de));
    expect(text).not.toContain(m.home_tagline({}, en));
    expect(text).not.toContain(m.home_intro_watch({}, en));
  });

  it("is told in German what is wrong with a registration, in the summary and at each field", async () => {
    const page = await germanVisitor();
    await page.goto(`${baseUrl}/register`);
    await waitForHydration(page);
    expect(await page.locator("h1").textContent()).toBe(m.auth_register_heading({}, de));
    await page.getByLabel(m.auth_display_name_label({}, de), { exact: true }).fill("A");
    await page.getByLabel(m.auth_email_label({}, de), { exact: true }).fill("nicht-eine-adresse");
    await page.getByRole("button", { name: m.auth_register_submit({}, de), exact: true }).click();

    await expect.poll(() => page.locator("main p.alert").textContent()).toBe(m.form_check_fields({}, de));
    expect(await fieldErrors(page, m.auth_email_label({}, de))).toEqual([m.auth_error_email({}, de)]);
    expect(await fieldErrors(page, m.auth_display_name_label({}, de))).toEqual([m.auth_error_min_characters({ count: 2 }, de)]);
    expect(await fieldErrors(page, m.auth_password_label({}, de))).toContain(m.auth_error_min_characters({ count: 10 }, de));
    // What the visitor typed stays, and nothing of it is in English.
    expect(await page.getByLabel(m.auth_email_label({}, de), { exact: true }).inputValue()).toBe("nicht-eine-adresse");
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).not.toContain(m.form_check_fields({}, en));
    expect(text).not.toContain(m.auth_error_email({}, en));
  });

  it("gets the same German check on the login form without JavaScript", async () => {
    const page = await germanVisitor(false);
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel(m.auth_email_label({}, de), { exact: true }).fill("bidder1@gavel.test");
    await page.getByRole("button", { name: m.auth_login_submit({}, de), exact: true }).click();
    // The form posts and the server answers with the page again, checked.
    await page.locator("main p.alert").waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("de");
    expect(await page.locator("main p.alert").textContent()).toBe(m.form_check_fields({}, de));
    expect(await fieldErrors(page, m.auth_password_label({}, de))).toEqual([m.auth_error_password_missing({}, de)]);
  });
});

import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's chromium; browser downloads are neither needed nor possible. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
  });
}

export const artifactsDir = resolve(import.meta.dirname, "../../test-results");
mkdirSync(artifactsDir, { recursive: true });

/**
 * Waits until the site's scripts have taken over the page (the root layout marks
 * <html data-hydrated>). Typing earlier races hydration on a busy machine.
 */
export async function waitForHydration(page: Page): Promise<void> {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

/** Logs a demo account in through the site's form and waits to land on `next`. */
export async function logIn(page: Page, baseUrl: string, email: string, next: string): Promise<void> {
  await page.goto(`${baseUrl}/login?next=${next}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("gavel-demo-pass");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(`${baseUrl}${next}`);
}

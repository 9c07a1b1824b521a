import { beforeAll, describe, expect, inject, it } from "vitest";
import type { AuctionDetail, AuthResult, CategoryTree, NotificationPreferences, OutboxList } from "../../schema";

/**
 * Probes of the site (the SvelteKit layer in front of the API), sent with
 * plain fetch as an attacker or a mail client would, in parallel where they
 * are independent: security headers on every page, the site's own form
 * checks, `?next=` after login, and RFC 8058 one-click unsubscribe, which mail
 * clients POST as a form without Origin.
 */
const baseUrl = inject("baseUrl");
const PASSWORD = "correct horse battery";
let auction: AuctionDetail;

async function json<T>(response: Response): Promise<T> {
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return (await response.json()) as T;
}

async function register(): Promise<{ email: string; auth: AuthResult }> {
  const email = `site-${crypto.randomUUID()}@example.com`;
  const response = await fetch(`${baseUrl}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD, displayName: "Site Probe" }),
  });
  return { email, auth: await json<AuthResult>(response) };
}

async function mailTo(email: string): Promise<OutboxList["items"]> {
  return (await json<OutboxList>(await fetch(`${baseUrl}/api/dev/outbox?to=${encodeURIComponent(email)}`))).items;
}

async function verifiedAccount(): Promise<{ email: string; auth: AuthResult }> {
  const account = await register();
  const code = /\b(\d{6})\b/.exec((await mailTo(account.email))[0]!.text)![1]!;
  await json(
    await fetch(`${baseUrl}/api/auth/verify-email`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${account.auth.accessToken}` },
      body: JSON.stringify({ code }),
    }),
  );
  return account;
}

function formPost(path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: "POST",
    redirect: "manual",
    // A browser's form post; without text/html SvelteKit answers as to use:enhance.
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", ...headers },
    body,
  });
}

beforeAll(async () => {
  const seller = await json<AuthResult>(
    await fetch(`${baseUrl}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "seller@gavel.test", password: "gavel-demo-pass" }),
    }),
  );
  const categoryId = (await json<CategoryTree>(await fetch(`${baseUrl}/api/categories`))).items[0]!.id;
  const now = Date.now();
  auction = await json<AuctionDetail>(
    await fetch(`${baseUrl}/api/auctions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${seller.accessToken}` },
      body: JSON.stringify({
        title: `Security probe sextant ${crypto.randomUUID().slice(0, 8)}`,
        description: "A brass sextant in its wooden box, mirrors clean, arc readable.",
        categoryId,
        condition: "good",
        location: "Bristol, UK",
        publish: true,
        format: "forward",
        currency: "EUR",
        startingPrice: 2500,
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
      }),
    }),
  );
});

describe("every page of the site", () => {
  it("carries a nonce-based Content-Security-Policy, frame-ancestors 'none', Referrer-Policy and Permissions-Policy", async () => {
    const paths = ["/", "/login", "/register", "/search", `/auctions/${auction.id}`, "/forgot-password", "/unsubscribe", "/no-such-page", "/my"];
    const responses = await Promise.all(paths.map((path) => fetch(`${baseUrl}${path}`, { redirect: "manual" })));
    for (const [index, response] of responses.entries()) {
      const path = paths[index];
      expect(response.headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
      expect(response.headers.get("permissions-policy"), path).toContain("camera=()");
      expect(response.headers.get("x-frame-options"), path).toBe("DENY");
      // A redirect (/my without a login) renders nothing a policy could govern.
      if (response.status === 303) continue;
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).toContain("default-src 'self'");
      if (response.status !== 200) continue;
      const nonce = /script-src[^;]*'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, path).toBeTruthy();
      const html = await response.text();
      const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
      expect(inlineScripts.length, path).toBeGreaterThan(0);
      for (const [, attributes] of inlineScripts) expect(attributes, path).toContain(`nonce="${nonce}"`);
    }
  });
});

describe("the site's own forms", () => {
  it("refuse cross-site, empty and missing Origin, and oversized bodies, all at once", async () => {
    const body = "email=probe%40example.com&password=x";
    const [evil, empty, nullOrigin, none, oversized] = await Promise.all([
      formPost("/login", body, { origin: "https://evil.example" }),
      formPost("/login", body, { origin: "" }),
      formPost("/login", body, { origin: "null" }),
      formPost("/login", body),
      formPost("/login", `email=a%40example.com&padding=${"x".repeat(300 * 1024)}`, { origin: baseUrl }),
    ]);
    expect([evil.status, empty.status, nullOrigin.status, none.status]).toEqual([403, 403, 403, 403]);
    expect(oversized.status).toBe(413);
    const sameSite = await formPost("/login", body, { origin: baseUrl });
    expect(sameSite.status).not.toBe(403);
    expect(await sameSite.text()).toContain("The email or password is incorrect");
  });

  it("send a login's ?next= only to paths of this site, and never answer 500", async () => {
    const { email } = await register();
    const nexts = ["/%09/evil.example", "%2F%0A%2Fevil.example", "//evil.example", "/%5Cevil.example", "https:evil.example", "/.//evil.example"];
    const responses = await Promise.all(
      nexts.map((next) => formPost(`/login?next=${next}`, `email=${encodeURIComponent(email)}&password=${encodeURIComponent(PASSWORD)}`, { origin: baseUrl })),
    );
    for (const response of responses) {
      expect(response.status, await response.clone().text()).toBe(303);
      expect(response.headers.get("location")).toBe("/");
    }
  });
});

describe("one-click unsubscribe through the site", () => {
  it("turns the email off with the form POST a mail client sends, without Origin or cookies", async () => {
    const [outbidder, bidder] = await Promise.all([verifiedAccount(), verifiedAccount()]);
    const bid = (account: { auth: AuthResult }, amount: number) =>
      fetch(`${baseUrl}/api/auctions/${auction.id}/bids`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${account.auth.accessToken}`, "idempotency-key": crypto.randomUUID() },
        body: JSON.stringify({ amount }),
      });
    await json(await bid(bidder, 2500));
    await json(await bid(outbidder, 2600));
    let listUnsubscribe = "";
    await expect
      .poll(
        async () => {
          const mail = (await mailTo(bidder.email)).find((message) => message.subject.startsWith("You were outbid"));
          listUnsubscribe = mail?.headers["List-Unsubscribe"] ?? "";
          return listUnsubscribe;
        },
        { timeout: 20_000 },
      )
      .not.toBe("");
    const link = new URL(/^<([^>]+)>$/.exec(listUnsubscribe)![1]!);
    const response = await formPost(`${link.pathname}${link.search}`, "List-Unsubscribe=One-Click");
    expect(response.status, await response.clone().text()).toBe(200);
    const preferences = await json<NotificationPreferences>(
      await fetch(`${baseUrl}/api/me/notifications/preferences`, { headers: { authorization: `Bearer ${bidder.auth.accessToken}` } }),
    );
    expect(preferences.email.outbid).toBe(false);
  });
});

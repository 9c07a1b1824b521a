import { isRedirect } from "@sveltejs/kit";
import { describe, expect, it } from "vitest";
import { safeNextPath } from "./forms";
import { load } from "../routes/login/+page.server";

/**
 * `?next=` after login: only paths of this site. Each value below is what
 * `url.searchParams.get("next")` hands over, i.e. already percent-decoded
 * once, so `/%09/evil.example` arrives with a real tab in it.
 */
const BYPASSES = [
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "\n/evil.example",
  "//evil.example",
  "///evil.example",
  "/\\evil.example",
  "\\/evil.example",
  "/\\/evil.example",
  "https:evil.example",
  "https://evil.example",
  "http:/evil.example",
  "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  " //evil.example",
  "/.//evil.example",
  "/a/..//evil.example",
  "/\u0000/evil.example",
  "/\u2028/evil.example",
  "/\u200b/evil.example",
  "/\u00a0/\t/evil.example",
  "/\u007f/evil.example",
  "%2F%2Fevil.example",
  "evil.example",
  "",
];

describe("safeNextPath", () => {
  it.each(BYPASSES)("sends %j home instead of off-site", (next) => {
    expect(safeNextPath(next)).toBe("/");
  });

  it("keeps paths of this site with their query and fragment", () => {
    expect(safeNextPath("/my/bids")).toBe("/my/bids");
    expect(safeNextPath("/auctions/123?tab=bids#history")).toBe("/auctions/123?tab=bids#history");
    expect(safeNextPath("/search?q=omega%20speedmaster")).toBe("/search?q=omega%20speedmaster");
    expect(safeNextPath("/search?q=omega speedmaster")).toBe("/search?q=omega%20speedmaster");
    expect(safeNextPath(null)).toBe("/");
  });

  it("never returns a value a browser would resolve to another origin", () => {
    for (const next of BYPASSES) {
      expect(new URL(safeNextPath(next), "https://gavel.example").origin).toBe("https://gavel.example");
    }
  });
});

describe("the login page's redirect for a logged-in visitor", () => {
  it.each(["/%09/evil.example", "%2F%0A%2Fevil.example", "//evil.example", "/%5Cevil.example"])("redirects ?next=%s to the home page", async (raw) => {
    const url = new URL(`https://gavel.example/login?next=${raw}`);
    const thrown = await Promise.resolve()
      .then(() => load({ locals: { user: { id: "u" } }, url } as unknown as Parameters<typeof load>[0]))
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(isRedirect(thrown)).toBe(true);
    expect(thrown).toMatchObject({ status: 303, location: "/" });
  });
});

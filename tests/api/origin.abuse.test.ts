import { describe, expect, it } from "vitest";
import { call, expectError, ORIGIN, registerBrowserAccount } from "../helpers";

/** Cookie-authenticated mutations from anywhere but our own origin, sent at once. */
describe("cookie-authenticated mutations", () => {
  it("treat an empty, 'null' or foreign Origin as cross-site", async () => {
    const browser = await registerBrowserAccount();
    const password = (origin: string | null) =>
      call("/api/me/password", { method: "POST", cookies: browser.cookies, origin, body: { currentPassword: "x", newPassword: "another long passphrase" } });
    const refused = await Promise.all([password(""), password("null"), password("https://evil.example"), password(null)]);
    for (const response of refused) await expectError(response, 403, "ORIGIN_NOT_ALLOWED");
    const sameSite = await password(ORIGIN);
    expect(sameSite.status).toBe(403);
    expect(((await sameSite.json()) as { error: { code: string } }).error.code).not.toBe("ORIGIN_NOT_ALLOWED");
  });
});

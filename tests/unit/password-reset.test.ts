import { describe, expect, it } from "vitest";
import { checkResetRecord, mayMailReset, RESET_MAIL_INTERVAL_MS, RESET_TTL_MS, resetLink } from "../../worker/auth/password-reset";
import { newOpaqueToken } from "../../worker/auth/opaque-tokens";

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

describe("password reset rules", () => {
  it("builds the link on the configured site URL", () => {
    expect(resetLink("https://gavel.example", "abc_-123")).toBe("https://gavel.example/reset-password?token=abc_-123");
    expect(resetLink("http://127.0.0.1:8788/", "t")).toBe("http://127.0.0.1:8788/reset-password?token=t");
  });

  it("keeps a link valid for 30 minutes", () => {
    const record = { expiresAt: NOW + RESET_TTL_MS };
    expect(RESET_TTL_MS).toBe(30 * 60 * 1000);
    expect(checkResetRecord(record, NOW + RESET_TTL_MS - 1)).toBe("valid");
    expect(checkResetRecord(record, NOW + RESET_TTL_MS)).toBe("expired");
    expect(checkResetRecord(undefined, NOW)).toBe("missing");
  });

  it("mails an account at most once a minute", () => {
    expect(mayMailReset(undefined, NOW)).toBe(true);
    expect(mayMailReset(NOW - RESET_MAIL_INTERVAL_MS + 1, NOW)).toBe(false);
    expect(mayMailReset(NOW - RESET_MAIL_INTERVAL_MS, NOW)).toBe(true);
  });

  it("makes 256-bit tokens in URL-safe base64", () => {
    const token = newOpaqueToken();
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(newOpaqueToken()).not.toBe(token);
  });
});

import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import { SecondFactorCode, TotpCode } from "../../schema";
import {
  checkTotpCode,
  classifySecondFactor,
  MAX_CONSECUTIVE_FAILURES,
  newRecoveryCodes,
  newTotpSecret,
  otpauthUri,
  qrCodeSvg,
  SECOND_FACTOR_LOCKOUT_MS,
  secondFactorLockoutWait,
  totpStep,
} from "../../worker/auth/totp";
import { decryptTotpSecret, encryptTotpSecret } from "../../worker/auth/totp-secret";

/** RFC 6238 appendix B: the SHA-1 seed "12345678901234567890". */
const RFC_SECRET = Secret.fromLatin1("12345678901234567890").base32;
/** A fixed clock in the middle of a 30-second step. */
const NOW = Date.UTC(2026, 0, 15, 12, 0, 15);

function codeAt(secret: string, timestamp: number): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp });
}

describe("TOTP codes", () => {
  it("match RFC 6238's SHA-1 test vectors (the last six digits)", () => {
    expect(codeAt(RFC_SECRET, 59_000)).toBe("287082");
    expect(codeAt(RFC_SECRET, 1_111_111_109_000)).toBe("081804");
    expect(checkTotpCode(RFC_SECRET, "287082", 59_000, null)).toEqual({ accepted: true, step: 1 });
    expect(checkTotpCode(RFC_SECRET, "081804", 1_111_111_109_000, null)).toEqual({ accepted: true, step: 37_037_036 });
  });

  it("accepts the current step and one either side, and nothing further", () => {
    const secret = newTotpSecret();
    const step = totpStep(NOW);
    expect(checkTotpCode(secret, codeAt(secret, NOW), NOW, null)).toEqual({ accepted: true, step });
    expect(checkTotpCode(secret, codeAt(secret, NOW - 30_000), NOW, null)).toEqual({ accepted: true, step: step - 1 });
    expect(checkTotpCode(secret, codeAt(secret, NOW + 30_000), NOW, null)).toEqual({ accepted: true, step: step + 1 });
    expect(checkTotpCode(secret, codeAt(secret, NOW - 60_000), NOW, null)).toEqual({ accepted: false, reason: "wrong" });
    expect(checkTotpCode(secret, codeAt(secret, NOW + 60_000), NOW, null)).toEqual({ accepted: false, reason: "wrong" });
  });

  it("refuses a wrong code and a code made with another secret", () => {
    const secret = newTotpSecret();
    const right = codeAt(secret, NOW);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, "0");
    expect(checkTotpCode(secret, wrong, NOW, null)).toEqual({ accepted: false, reason: "wrong" });
    expect(checkTotpCode(newTotpSecret(), right, NOW, null).accepted).toBe(false);
  });

  it("refuses a replay within its window, and any older step once a newer one was used", () => {
    const secret = newTotpSecret();
    const step = totpStep(NOW);
    const current = codeAt(secret, NOW);
    expect(checkTotpCode(secret, current, NOW, step)).toEqual({ accepted: false, reason: "replayed" });
    expect(checkTotpCode(secret, current, NOW + 10_000, step)).toEqual({ accepted: false, reason: "replayed" });
    expect(checkTotpCode(secret, codeAt(secret, NOW - 30_000), NOW, step)).toEqual({ accepted: false, reason: "replayed" });
    expect(checkTotpCode(secret, codeAt(secret, NOW + 30_000), NOW + 30_000, step)).toEqual({ accepted: true, step: step + 1 });
  });

  it("makes 160-bit base32 secrets and the otpauth URI that authenticator apps scan", () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const uri = new URL(otpauthUri(secret, "Gavel", "ada@example.com"));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe("/Gavel:ada@example.com");
    expect(Object.fromEntries(uri.searchParams)).toEqual({ issuer: "Gavel", secret, algorithm: "SHA1", digits: "6", period: "30" });
  });

  it("draws the URI as a standalone SVG QR code", () => {
    const svg = qrCodeSvg(otpauthUri(newTotpSecret(), "Gavel", "ada@example.com"));
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toMatch(/<\/svg>$/);
    expect(svg).not.toMatch(/<script|href=/i);
  });
});

describe("second-factor input", () => {
  it("tells app codes from recovery codes, ignoring spaces, hyphens and case", () => {
    expect(classifySecondFactor("123 456")).toEqual({ kind: "totp", code: "123456" });
    expect(classifySecondFactor("ABCDE-FGH23")).toEqual({ kind: "recovery", code: "abcdefgh23" });
    expect(classifySecondFactor("abcdefgh23")).toEqual({ kind: "recovery", code: "abcdefgh23" });
  });

  it("validates the shapes in the shared schemas", () => {
    expect(TotpCode.parse(" 123 456 ")).toBe("123456");
    expect(TotpCode.safeParse("12345").success).toBe(false);
    expect(SecondFactorCode.safeParse("abcde-fgh23").success).toBe(true);
    expect(SecondFactorCode.safeParse("abcde-fgh1").success).toBe(false);
    expect(SecondFactorCode.safeParse("1234567").success).toBe(false);
  });

  it("makes ten distinct recovery codes of ten base32 characters", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
  });
});

describe("challenges and lockout", () => {
  it("locks the account for a while only after a run of wrong codes", () => {
    expect(secondFactorLockoutWait(MAX_CONSECUTIVE_FAILURES - 1, NOW, NOW)).toBe(0);
    expect(secondFactorLockoutWait(MAX_CONSECUTIVE_FAILURES, NOW, NOW + 1000)).toBe(SECOND_FACTOR_LOCKOUT_MS - 1000);
    expect(secondFactorLockoutWait(MAX_CONSECUTIVE_FAILURES, NOW, NOW + SECOND_FACTOR_LOCKOUT_MS)).toBe(0);
  });
});

describe("TOTP secrets at rest", () => {
  const serverSecret = "test-secret-that-is-long-enough-for-hs256-0123456789";

  it("encrypts with a fresh IV each time and decrypts for the same user only", async () => {
    const secret = newTotpSecret();
    const sealed = await encryptTotpSecret(serverSecret, "user-a", secret);
    expect(sealed).toMatch(/^v1\.[\w-]{16}\.[\w-]+$/);
    expect(sealed).not.toContain(secret);
    expect(await encryptTotpSecret(serverSecret, "user-a", secret)).not.toBe(sealed);
    expect(await decryptTotpSecret(serverSecret, "user-a", sealed)).toBe(secret);
    await expect(decryptTotpSecret(serverSecret, "user-b", sealed)).rejects.toThrow();
    await expect(decryptTotpSecret(`${serverSecret}-rotated`, "user-a", sealed)).rejects.toThrow();
  });
});

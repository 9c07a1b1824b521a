import { describe, expect, it } from "vitest";
import { CURRENT_PARAMS, assertScryptParams, hashPassword, verifyPassword } from "../../worker/auth/password";
import { NewPassword } from "../../schema";

describe("password hashing", () => {
  it("stays within the Workers scrypt cap (N*r*p <= 2^20) at the OWASP setting", () => {
    expect(CURRENT_PARAMS).toEqual({ logN: 14, r: 8, p: 5 });
    expect(() => assertScryptParams(CURRENT_PARAMS)).not.toThrow();
    expect(() => assertScryptParams({ logN: 17, r: 8, p: 2 })).toThrow(/cap/);
    expect(() => assertScryptParams({ logN: 10, r: 8, p: 1 })).toThrow(/minimum/);
  });

  it("salts every hash and verifies only the right password", async () => {
    const [first, second] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(first).not.toBe(second);
    expect(first).toMatch(/^\$scrypt\$ln=14,r=8,p=5\$[\w-]+\$[\w-]{43}$/);
    expect(await verifyPassword("same password", first)).toEqual({ valid: true, needsRehash: false });
    expect((await verifyPassword("same passwore", first)).valid).toBe(false);
  });

  it("treats an unparseable stored hash as a mismatch, not a crash", async () => {
    expect(await verifyPassword("anything", "plaintext")).toEqual({ valid: false, needsRehash: false });
  });

  it("refuses stored parameters beyond the cap instead of burning CPU", async () => {
    const hash = (await hashPassword("pw")).replace("ln=14", "ln=20");
    await expect(verifyPassword("pw", hash)).rejects.toThrow(/cap/);
  });
});

describe("new password rules", () => {
  it.each(["ten chars!", "correct horse battery staple", "🐎🔋📎🐴🔋📎🐎🔋📎🐴"])("accepts %s", (password) => {
    expect(NewPassword.safeParse(password).success).toBe(true);
  });

  it.each(["nine char", "1234567890", "QwErTyUiOp", "aaaaaaaaaaaa", "x".repeat(1025)])("refuses %s", (password) => {
    expect(NewPassword.safeParse(password).success).toBe(false);
  });
});

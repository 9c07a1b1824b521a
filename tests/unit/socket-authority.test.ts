import { describe, expect, it } from "vitest";
import { socketHoldsAuthority } from "../../worker/realtime/socket-authority";

describe("a socket's authority", () => {
  it("holds until the token's expiry and not at it", () => {
    const validUntil = 1_800_000_000_000;
    expect(socketHoldsAuthority({ validUntil }, validUntil - 1)).toBe(true);
    expect(socketHoldsAuthority({ validUntil }, validUntil)).toBe(false);
    expect(socketHoldsAuthority({ validUntil }, validUntil + 60_000)).toBe(false);
  });
});

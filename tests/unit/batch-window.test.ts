import { describe, expect, it } from "vitest";
import { batchWindowMs } from "../../worker/auction/fanout";

describe("adaptive fan-out window", () => {
  it("sends at once after a quiet spell, whatever the audience", () => {
    expect(batchWindowMs(10_000, 50)).toBe(2);
    expect(batchWindowMs(10_000, 5000)).toBe(2);
  });

  it("widens with the audience while bids keep coming, up to the cap", () => {
    expect(batchWindowMs(20, 50)).toBe(3);
    expect(batchWindowMs(20, 1000)).toBe(50);
    expect(batchWindowMs(20, 100_000)).toBe(100);
    expect(batchWindowMs(20, 0)).toBe(2);
  });
});

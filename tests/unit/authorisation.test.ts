import { describe, expect, it } from "vitest";
import { awardRefusal, bidderRefusal, cancelRefusal } from "../../worker/auction/authorisation";
import type { BidderIdentity } from "../../worker/auction/identity";
import { forwardTerms, reverseTerms } from "./auction-fixtures";

const bidder = (overrides: Partial<BidderIdentity> = {}): BidderIdentity => ({ userId: "bidder", displayName: "B", verified: true, roles: [], ...overrides });

describe("who may act in an auction", () => {
  it("lets verified accounts bid, and only providers with the seller capability make offers", () => {
    expect(bidderRefusal(forwardTerms(), bidder())).toBeNull();
    expect(bidderRefusal(forwardTerms(), bidder({ verified: false }))).toMatchObject({ code: "NOT_VERIFIED" });
    expect(bidderRefusal(reverseTerms(), bidder())).toMatchObject({ code: "SELLER_ROLE_REQUIRED" });
    expect(bidderRefusal(reverseTerms(), bidder({ roles: ["seller"] }))).toBeNull();
    // The requester's own offer is refused by the rules (SELF_BIDDING), not for lacking a role.
    expect(bidderRefusal(reverseTerms(), bidder({ userId: "seller" }))).toBeNull();
  });

  it("lets the seller or an admin ask to cancel, nobody else", () => {
    expect(cancelRefusal(forwardTerms(), "seller", false)).toBeNull();
    expect(cancelRefusal(forwardTerms(), "someone", true)).toBeNull();
    expect(cancelRefusal(forwardTerms(), "someone", false)).toMatchObject({ code: "FORBIDDEN" });
  });

  it("lets only the requester award", () => {
    expect(awardRefusal(reverseTerms(), "seller")).toBeNull();
    expect(awardRefusal(reverseTerms(), "provider")).toMatchObject({ code: "FORBIDDEN" });
  });
});

import { z } from "zod";
import { Money, ReverseBidDetails } from "./auctions";

/**
 * Sealed service requests (commit–reveal), shared by the worker, the site and
 * the terminal client. A provider commits to SHA-256 of `commitmentPreimage`
 * before the deadline and sends the opening (amount, details, nonce) in the
 * reveal window; the room recomputes the hash. See docs/protocol.md.
 */

/** Changing the encoding changes this tag, so an old commitment can never verify under a new encoding by accident. */
export const COMMITMENT_SCHEME = "gavel-sealed-v1";

export const DEFAULT_REVEAL_WINDOW_HOURS = 24;
export const MAX_REVEAL_WINDOW_HOURS = 7 * 24;

/** 32 random bytes, hex: too many possibilities to guess an amount by hashing every candidate. */
export const Nonce = z.string().regex(/^[0-9a-f]{64}$/, { message: "The nonce is 64 lowercase hex digits" });
/** A SHA-256 digest, hex. */
export const Commitment = z.string().regex(/^[0-9a-f]{64}$/, { message: "A commitment is a SHA-256 digest in 64 lowercase hex digits" });

export const CommitRequest = z.strictObject({ commitment: Commitment }).meta({ id: "CommitRequest" });
export type CommitRequest = z.infer<typeof CommitRequest>;

/** What opens a commitment; the provider and the auction come from the request, never from the body. */
export const Opening = z.strictObject({ amount: Money, details: ReverseBidDetails, nonce: Nonce }).meta({ id: "Opening" });
export type Opening = z.infer<typeof Opening>;

/**
 * The exact text that is hashed. A JSON array: every field is escaped and
 * delimited, so two different openings never share a preimage. The auction
 * and the provider are bound in, so an opening cannot be replayed on another
 * request or claimed by another account. Details must be the parsed (trimmed)
 * form, as the worker sees them.
 */
export function commitmentPreimage(auctionId: string, providerId: string, opening: Opening): string {
  const { amount, details, nonce } = opening;
  return JSON.stringify([COMMITMENT_SCHEME, auctionId, providerId, amount, details.description, details.estimatedDuration, details.notes ?? "", nonce]);
}

/** What a provider keeps between committing and revealing: the site stores it and offers it as a file. */
export const SealedOfferFile = z
  .strictObject({
    scheme: z.literal(COMMITMENT_SCHEME),
    auctionId: z.string(),
    providerId: z.string(),
    commitment: Commitment,
    opening: Opening,
  })
  .meta({ id: "SealedOfferFile" });
export type SealedOfferFile = z.infer<typeof SealedOfferFile>;

export const sealedPhases = ["commit", "reveal", "opened"] as const;
export const SealedPhase = z.enum(sealedPhases);
export type SealedPhase = z.infer<typeof SealedPhase>;

/** What anyone may see of a sealed request: counts and windows, never an amount before the offers are opened. */
export const SealedView = z
  .object({
    /** commit: before the deadline; reveal: the reveal window; opened: every commitment revealed, or the window closed. */
    phase: SealedPhase,
    revealEndsAt: z.number().int(),
    revealWindowHours: z.number().int(),
    commitments: z.number().int(),
    revealed: z.number().int(),
    /** Once opened: providers who committed and never revealed, recorded against them. */
    unrevealed: z.array(z.string()),
    /** The viewer's own commitment, if any. */
    yours: z.object({ seq: z.number().int(), commitment: Commitment, revealed: z.boolean() }).nullable(),
  })
  .meta({ id: "SealedView" });
export type SealedView = z.infer<typeof SealedView>;

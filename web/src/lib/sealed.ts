import { commitmentPreimage, COMMITMENT_SCHEME, SealedOfferFile, type Opening } from "$schema";

/**
 * The browser's side of a sealed offer: the nonce is drawn here and the
 * commitment hashed here, so neither Gavel's servers nor the requester ever
 * see the amount before the reveal. The opening is kept in localStorage and
 * offered as a file, so the provider can reveal from another device.
 */

function hex(bytes: Uint8Array): string {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

export function randomNonce(): string {
  return hex(crypto.getRandomValues(new Uint8Array(32)));
}

export async function commitmentOf(auctionId: string, providerId: string, opening: Opening): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(commitmentPreimage(auctionId, providerId, opening)));
  return hex(new Uint8Array(digest));
}

export async function sealOffer(auctionId: string, providerId: string, opening: Opening): Promise<SealedOfferFile> {
  return { scheme: COMMITMENT_SCHEME, auctionId, providerId, commitment: await commitmentOf(auctionId, providerId, opening), opening };
}

const storageKey = (auctionId: string, providerId: string) => `gavel:sealed:${auctionId}:${providerId}`;

/** Stored before the commitment is sent: losing the opening after a successful commit would lose the offer. */
export function keepOffer(file: SealedOfferFile): void {
  try {
    localStorage.setItem(storageKey(file.auctionId, file.providerId), JSON.stringify(file));
  } catch {
    // Private mode or a full quota: the download is the fallback, and the page says so.
  }
}

export function keptOffer(auctionId: string, providerId: string): SealedOfferFile | null {
  try {
    const text = localStorage.getItem(storageKey(auctionId, providerId));
    return text === null ? null : readOfferFile(text);
  } catch {
    return null;
  }
}

/** A file's text (uploaded or pasted), checked against the shared schema; null when it is not a sealed offer file. */
export function readOfferFile(text: string): SealedOfferFile | null {
  try {
    const parsed = SealedOfferFile.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function offerFileName(file: SealedOfferFile): string {
  return `gavel-sealed-offer-${file.auctionId.slice(0, 8)}.json`;
}

import type { Role } from "../../schema/api/users";

/** The header in which the Worker hands the room an identity it authenticated; only the Worker sets it. */
export const IDENTITY_HEADER = "x-gavel-identity";

/** The client's address, for capping anonymous sockets per auction; set by the Worker on anonymous upgrades. */
export const CLIENT_IP_HEADER = "x-gavel-client-ip";

/** Who is acting, as the Worker authenticated them; the room never trusts identity from a frame. */
export interface BidderIdentity {
  userId: string;
  displayName: string;
  verified: boolean;
  roles: Role[];
}

/**
 * A socket's identity, checked at the upgrade. It lapses with the access
 * token's lifetime so a suspension or logout reaches an open socket within
 * that time: the client reconnects and is authenticated again.
 */
export interface SocketIdentity extends BidderIdentity {
  sessionId: string;
  validUntil: number;
}

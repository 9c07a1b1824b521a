import { DurableObject } from "cloudflare:workers";

/**
 * One instance per auction (SQLite-backed). The auction engine issue gives it
 * bids, alarms and live sockets; for now it answers the readiness probe so a
 * deployment proves Durable Objects are bound and reachable.
 */
export class AuctionRoom extends DurableObject<Env> {
  async ping(): Promise<"pong"> {
    return "pong";
  }
}

import type { Command } from "commander";
import { AuctionDetail } from "../../../schema/api/catalog";
import { AuctionSnapshot, BidHistoryPage } from "../../../schema/api/live";
import { ApiError } from "../api";
import { placeBid } from "./bid";
import type { Context } from "../context";
import { LiveFeed, type BidOutcome } from "../live/feed";
import { runFullScreen, runPlain } from "../live/terminal";
import type { SocketFactory } from "../socket";

/** Bids shown when the view opens; later ones arrive over the socket. */
const INITIAL_BIDS = 30;

export function liveCommand(program: Command, context: Context, socket?: SocketFactory): void {
  program
    .command("live")
    .description("a full-screen live view of one auction, with keys to bid")
    .argument("<id>", "the auction's id")
    .addHelpText(
      "after",
      `
Keys: b bids the minimum, a types an amount, m types a proxy maximum (the room bids for you up
to it), Enter sends, Esc cancels, q quits. Amounts more than 50 % above the minimum ask y/n first.
The countdown runs on the server's clock. The view reconnects by itself and replays missed bids;
a bid keeps its request id through every retry, so it is never placed twice.
Not on a terminal (a pipe, a log), it prints one line per event instead, and no keys.`,
    )
    .action(async (id: string) => {
      const api = await context.api();
      const path = `/api/auctions/${encodeURIComponent(id)}`;
      const detail = await api.request(AuctionDetail, path, { auth: "optional" });
      const history = await api.request(BidHistoryPage, `${path}/bids?after=${Math.max(0, detail.seq - INITIAL_BIDS)}&limit=${INITIAL_BIDS}`, { auth: "optional" });
      const loggedIn = (await api.accessToken()) !== null;
      const feed = new LiveFeed(detail, history.items, {
        server: api.server,
        token: (force) => api.accessToken(force),
        snapshot: () => api.request(AuctionSnapshot, path, { auth: "optional" }),
        bidOverHttp: async (requestId, request): Promise<BidOutcome> => {
          try {
            return { ok: true, requestId, seq: await placeBid(api, id, request, requestId) };
          } catch (error) {
            if (error instanceof ApiError) return { ok: false, requestId, code: error.code, message: error.message };
            throw error;
          }
        },
        ...(socket && { socket }),
      });
      const { stdin, stdout } = context.io;
      if (stdout.isTTY && stdin.isTTY) {
        await runFullScreen({ feed, input: stdin, output: stdout, style: context.style, time: context.time, loggedIn });
      } else {
        await runPlain(feed, stdout, context.time);
      }
    });
}

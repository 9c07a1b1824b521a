import { describe, expect, it } from "vitest";
import { AuctionDetail } from "../../../schema/api/catalog";
import { AuctionSnapshot, type ClientFrame } from "../../../schema/api/live";
import { LiveFeed } from "../../src/live/feed";
import { nodeSocket, type SocketLike } from "../../src/socket";
import { api, baseUrl, bidOverApi, liveAuction, tokenFor } from "./helpers";

describe("the live feed against the real room", () => {
  it("after a dropped socket, replays the bids it missed with one sync and holds each bid once", async () => {
    const auction = await liveAuction({ title: "Reconnecting terminal radio", startingPrice: 1000 });
    const [watcher, bidderA, bidderB] = await Promise.all([tokenFor("bidder3@gavel.test"), tokenFor("bidder1@gavel.test"), tokenFor("bidder2@gavel.test")]);
    expect((await bidOverApi(bidderA, auction.id, 1000)).status).toBe(201);
    const detail = AuctionDetail.parse((await api(`/api/auctions/${auction.id}`)).body);

    const sockets: SocketLike[] = [];
    const sent: ClientFrame[] = [];
    // Reconnecting asks for a token first: holding it back keeps the socket down until the bids below are in.
    let tokenGate: Promise<void> = Promise.resolve();
    const feed = new LiveFeed(detail, [], {
      server: baseUrl,
      token: async () => {
        await tokenGate;
        return watcher;
      },
      snapshot: async () => AuctionSnapshot.parse((await api(`/api/auctions/${auction.id}`, { token: watcher })).body),
      bidOverHttp: async (requestId) => ({ ok: false, requestId, code: "UNUSED", message: "not in this test" }),
      socket: (url, token) => {
        const socket = nodeSocket(url, token);
        const send = socket.send.bind(socket);
        socket.send = (data: string) => {
          sent.push(JSON.parse(data) as ClientFrame);
          send(data);
        };
        sockets.push(socket);
        return socket;
      },
      random: () => 0,
    });
    feed.start();
    try {
      await expect.poll(() => feed.connection).toBe("connected");
      expect(sent).toEqual([]);

      let reopen!: () => void;
      tokenGate = new Promise((resolve) => (reopen = resolve));
      sockets[0]!.close();
      const missed = [await bidOverApi(bidderB, auction.id, 1500), await bidOverApi(bidderA, auction.id, 2000)];
      expect(missed.map((response) => response.status)).toEqual([201, 201]);
      reopen();

      // B's 1500 beats A's 1000 (seq 2, at 1100); A's 2000 beats B's maximum: B's automatic 1500 (seq 3), then A at 1600 (seq 4).
      await expect.poll(() => feed.bids.map((bid) => bid.seq), { timeout: 5_000 }).toEqual([4, 3, 2]);
      expect(feed.snapshot.seq).toBe(4);
      expect(sockets.length).toBe(2);
      expect(sent).toEqual([{ type: "sync", since: 1 }]);
      expect(feed.snapshot.currentPrice).toBe(1600);
    } finally {
      feed.stop();
    }
  });
});

import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { AuctionPage } from "../../../schema/api/catalog";
import type { Notification } from "../../../schema/api/notifications";
import { baseUrl, bidOverApi, gavel, gavelBin, liveAuction, loggedIn, tokenFor } from "./helpers";

const ids = (stdout: string, list: string) => (JSON.parse(stdout) as Record<string, AuctionPage>)[list]!.items.map((item) => item.id);

describe("gavel watch, my and notifications", () => {
  it("watches and unwatches, and lists what you watch and bid on", async () => {
    const home = await loggedIn("bidder2@gavel.test");
    const watched = await liveAuction({ title: "Watched terminal clock" });
    const bidOn = await liveAuction({ title: "Bid-on terminal clock", startingPrice: 1000 });
    expect((await gavel(home, ["watch", watched.id])).code).toBe(0);
    expect((await gavel(home, ["bid", bidOn.id, "10"])).code).toBe(0);

    // The room records its bidders in D1 through its outbox, a moment after the bid.
    await expect.poll(async () => ids((await gavel(home, ["my", "bidding", "--sort", "newest", "--json"])).stdout, "bidding"), { timeout: 10_000 }).toContain(bidOn.id);
    const all = await gavel(home, ["my", "--sort", "newest", "--json"]);
    expect(all.code).toBe(0);
    expect(ids(all.stdout, "watching")).toContain(watched.id);
    expect(ids(all.stdout, "bidding")).toContain(bidOn.id);
    expect(ids(all.stdout, "bidding")).not.toContain(watched.id);
    expect(Object.keys(JSON.parse(all.stdout) as object)).toEqual(["watching", "bidding", "listings", "won"]);

    expect((await gavel(home, ["unwatch", watched.id])).code).toBe(0);
    expect(ids((await gavel(home, ["my", "watching", "--sort", "newest", "--json"])).stdout, "watching")).not.toContain(watched.id);
    const plain = await gavel(home, ["my", "bidding", "--sort", "newest"]);
    expect(plain.stdout).toContain("Bid-on terminal clock");
    expect(plain.stdout).not.toMatch(/\x1b\[/);
  });

  it("notifications --follow prints an outbid notification as it happens", async () => {
    const home = await loggedIn("bidder1@gavel.test");
    const auction = await liveAuction({ title: "Followed terminal clock", startingPrice: 1000 });
    expect((await gavel(home, ["bid", auction.id, "10"])).code).toBe(0);

    const follower = spawn(process.execPath, [gavelBin, "notifications", "--follow", "--json", "--limit", "1"], {
      env: { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: home, GAVEL_SERVER: baseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    follower.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    follower.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => follower.on("close", resolve));
    try {
      await expect.poll(() => stderr, { timeout: 10_000 }).toContain("Following notifications");
      expect((await bidOverApi(await tokenFor("bidder2@gavel.test"), auction.id, 2000)).status).toBe(201);
      const arrived = () =>
        stdout
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Notification)
          .filter((notification) => notification.auctionId === auction.id);
      await expect.poll(arrived, { timeout: 15_000 }).toEqual([expect.objectContaining({ event: "outbid", auctionId: auction.id })]);
    } finally {
      follower.kill("SIGINT");
    }
    expect(await exited).toBe(0);
  });
});

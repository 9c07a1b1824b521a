import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import type { AuctionDetail } from "../../../schema/api/catalog";
import { api, baseUrl, bidOverApi, gavel, gavelBin, liveAuction, loggedIn, tokenFor } from "./helpers";
import { Tmux } from "./tmux";

let tmux: Tmux | null = null;

afterEach(() => {
  tmux?.kill();
  tmux = null;
});

const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

describe("gavel live in a terminal", () => {
  it("shows another bidder's bid and the outbid cue within a second, takes a typed bid, and q restores the terminal", async () => {
    const auction = await liveAuction({ title: "Terminal test gramophone", startingPrice: 2500 });
    const home = await loggedIn("bidder1@gavel.test");
    expect((await gavel(home, ["bid", auction.id, "25"])).code).toBe(0);
    const rival = await tokenFor("bidder3@gavel.test");

    tmux = new Tmux();
    // After gavel exits, the shell prints its exit code and the terminal's line discipline, to show it was restored.
    const live = `env HOME=${quote(home)} XDG_CONFIG_HOME=${quote(home)} GAVEL_SERVER=${quote(baseUrl)} TZ=UTC ${quote(process.execPath)} ${quote(gavelBin)} live ${auction.id}`;
    tmux.start(`sh -c ${quote(`${live}; echo "exit=$?"; stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' '; echo; sleep 600`)}`);
    const opened = await tmux.waitFor(/● connected[\s\S]*Price\s+€25[\s\S]*highest bidder/);
    expect(opened.screen).toContain("Terminal test gramophone");
    expect(tmux.pane("alternate_on")).toBe("1");

    // Another client bids over the API: bidder 1's maximum was €25, so the price becomes €26.
    expect((await bidOverApi(rival, auction.id, 4000)).status).toBe(201);
    // Timed from the API's answer: the bid exists from then on (locally the screen follows in 20-120 ms).
    const outbid = await tmux.waitFor(/Price\s+€26\b[\s\S]*OUTBID/, 5_000);
    expect(outbid.elapsedMs).toBeLessThan(1_000);
    expect(outbid.screen).toMatch(/OUTBID by Bidder \d at €26/);

    // A typed bid more than 50 % above the €27 minimum asks first.
    tmux.keys("a", "5", "0");
    await tmux.waitFor(/Your bid \(EUR\): 50/);
    tmux.keys("Enter");
    await tmux.waitFor(/€50 is 1\.9× the minimum\. Send it\?/);
    tmux.keys("y");
    const accepted = await tmux.waitFor(/Bid accepted[\s\S]*/);
    await tmux.waitFor(/Price\s+€41\b[\s\S]*highest bidder/);
    expect(accepted.screen).not.toContain("BID_TOO_LOW");
    const after = await api<AuctionDetail>(`/api/auctions/${auction.id}`);
    expect(after.body).toMatchObject({ currentPrice: 4100, bidCount: 4 });

    tmux.keys("q");
    const closed = await tmux.waitFor(/exit=0\n\S/);
    expect(closed.screen).toMatch(/^icanon echo\s*$/m);
    expect(closed.screen).not.toContain("Leaderboard");
    expect(tmux.pane("alternate_on")).toBe("0");
    expect(tmux.pane("cursor_flag")).toBe("1");
  });

  it("prints one plain line per event when its output is not a terminal, and stops on SIGINT", async () => {
    const auction = await liveAuction({ title: "Piped terminal gramophone", startingPrice: 2500 });
    const home = await loggedIn("bidder1@gavel.test");
    expect((await gavel(home, ["bid", auction.id, "25"])).code).toBe(0);
    const viewer = spawn(process.execPath, [gavelBin, "live", auction.id], {
      env: { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: home, GAVEL_SERVER: baseUrl, TZ: "UTC" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    viewer.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    viewer.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => viewer.on("close", resolve));
    try {
      await expect.poll(() => output, { timeout: 10_000 }).toMatch(/ connected\n/);
      expect((await bidOverApi(await tokenFor("bidder2@gavel.test"), auction.id, 4000)).status).toBe(201);
      await expect.poll(() => output, { timeout: 5_000 }).toMatch(/#2 €26 Bidder \d, ends \d\d:\d\d:\d\d\n[\s\S]*OUTBID by Bidder \d at €26/);
    } finally {
      viewer.kill("SIGINT");
    }
    expect(await exited).toBe(0);
    expect(output).toMatch(/^\d\d:\d\d:\d\d {2}Piped terminal gramophone: live, €25, ends /);
    expect(output).not.toMatch(/\x1b/);
  });
});

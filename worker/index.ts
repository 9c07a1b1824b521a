import { createApp } from "./app";
import { sweepUnclaimedImages } from "./images/sweep";

export { AuctionRoom } from "./auction/room";

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(sweepUnclaimedImages(env, Date.now()));
  },
} satisfies ExportedHandler<Env>;

import { createApp } from "./app";
import { sweepUnclaimedImages } from "./images/sweep";
import { consumeDeadLetters, consumeNotices, NOTIFICATIONS_DLQ } from "./notifications/consumer";
import { sweepOldNotifications } from "./notifications/retention";
import { sweepExpiredOffers } from "./orders/second-chance";

export { AuctionRoom } from "./auction/room";
export { AuctionRelay } from "./auction/relay";
export { UserChannel } from "./realtime/user-channel";

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(sweepUnclaimedImages(env, Date.now()));
    ctx.waitUntil(sweepOldNotifications(env, Date.now()));
    ctx.waitUntil(sweepExpiredOffers(env, Date.now()));
  },
  async queue(batch, env) {
    if (batch.queue === NOTIFICATIONS_DLQ) await consumeDeadLetters(batch, env);
    else await consumeNotices(batch, env);
  },
} satisfies ExportedHandler<Env>;

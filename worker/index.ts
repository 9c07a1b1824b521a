import { createApp } from "./app";

export { AuctionRoom } from "./auction/room";

export default createApp() satisfies ExportedHandler<Env>;

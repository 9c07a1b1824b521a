export * from "./api/auth";
export * from "./api/errors";
export * from "./api/health";
export * from "./api/users";
export * from "./api/auctions";
export * from "./api/live";
export * from "./api/catalog";
export * from "./api/account";

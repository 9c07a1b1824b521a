import type { AppEnv } from "./env";
import { handleError, handleNotFound } from "./lib/errors";
import { createRouter } from "./lib/openapi";
import { requestContext } from "./lib/request-context";
import { jsonBodyGuard, jsonBodyLimit, originGuard } from "./lib/request-guards";
import { ACCESS_COOKIE } from "./auth/cookies";
import { adminUserRoutes } from "./routes/admin-users";
import { auctionRoutes } from "./routes/auctions";
import { authRoutes } from "./routes/auth";
import { docsRoutes } from "./routes/docs";
import { healthRoutes } from "./routes/health";
import { meRoutes } from "./routes/me";

export function createApp() {
  const app = createRouter();

  app.use("*", requestContext);
  app.use("/api/*", originGuard, jsonBodyGuard, jsonBodyLimit);

  app.route("/api/health", healthRoutes);
  app.route("/api/auth", authRoutes);
  app.route("/api/me", meRoutes);
  app.route("/api/admin/users", adminUserRoutes);
  app.route("/api/auctions", auctionRoutes);
  app.route("/api/docs", docsRoutes);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "cookieAuth", {
    type: "apiKey",
    in: "cookie",
    name: ACCESS_COOKIE,
  });
  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Gavel API",
      version: "0.1.0",
      description:
        "Real-time auctions. Errors are always {error:{code,message,details}}. Browsers authenticate with " +
        "HttpOnly cookies and must send Origin on mutations; other clients use Authorization: Bearer.",
    },
  });

  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}

export type App = ReturnType<typeof createApp>;
export type { AppEnv };

import { except } from "hono/combine";
import type { AppEnv } from "./env";
import { handleError, handleNotFound } from "./lib/errors";
import { createRouter } from "./lib/openapi";
import { requestContext } from "./lib/request-context";
import { ONE_CLICK_UNSUBSCRIBE_PATH } from "./notifications/unsubscribe";
import { jsonBodyGuard, jsonBodyLimit, originGuard } from "./lib/request-guards";
import { ACCESS_COOKIE } from "./auth/cookies";
import { adminUserRoutes } from "./routes/admin-users";
import { adminAuditRoutes } from "./routes/admin-audit";
import { adminOperationsRoutes } from "./routes/admin-operations";
import { adminSettingsRoutes } from "./routes/admin-settings";
import { adminRateRoutes } from "./routes/admin-rates";
import { exchangeRateRoutes } from "./routes/exchange-rates";
import { adminSellerApplicationRoutes, sellerApplicationRoutes } from "./routes/seller-applications";
import { siteRoutes } from "./routes/site";
import { auctionRoutes } from "./routes/auctions";
import { sealedOfferRoutes } from "./routes/sealed-offers";
import { adminAuctionRoutes, adminReportRoutes } from "./routes/admin-auctions";
import { reportRoutes } from "./routes/reports";
import { authRoutes } from "./routes/auth";
import { adminCategoryRoutes, categoryRoutes } from "./routes/categories";
import { devAuctionRoutes } from "./routes/dev-auctions";
import { devOutboxRoutes } from "./routes/dev-outbox";
import { docsRoutes } from "./routes/docs";
import { emailVerificationRoutes } from "./routes/email-verification";
import { healthRoutes } from "./routes/health";
import { imageRoutes } from "./routes/images";
import { meRoutes } from "./routes/me";
import { myAuctionRoutes } from "./routes/my-auctions";
import { notificationRoutes, unsubscribeRoutes } from "./routes/notifications";
import { orderRoutes } from "./routes/orders";
import { preferenceRoutes } from "./routes/preferences";
import { relistRoutes } from "./routes/relist";
import { feedbackRoutes, orderFeedbackRoutes } from "./routes/feedback";
import { accountRoutes, recoveryCodeRoutes } from "./routes/account";
import { orderSecondChanceRoutes, secondChanceRoutes } from "./routes/second-chance";
import { passwordResetRoutes } from "./routes/password-reset";
import { twoFactorLoginRoutes, twoFactorRoutes } from "./routes/two-factor";
import { userRoutes } from "./routes/users";

export function createApp() {
  const app = createRouter();

  app.use("*", requestContext);
  // Image uploads and thumbnails are raw bytes with their own size limits (routes/images.ts); one-click
  // unsubscribe is the form body RFC 8058 prescribes, with its own limit (routes/notifications.ts).
  app.use("/api/*", originGuard, except(["/api/images", "/api/images/:id/thumbnail", ONE_CLICK_UNSUBSCRIBE_PATH], jsonBodyGuard, jsonBodyLimit));

  app.route("/api/health", healthRoutes);
  app.route("/api/auth/verify-email", emailVerificationRoutes);
  app.route("/api/auth/password-reset", passwordResetRoutes);
  app.route("/api/auth/two-factor", twoFactorRoutes);
  app.route("/api/auth/two-factor", recoveryCodeRoutes);
  app.route("/api/auth/login/2fa", twoFactorLoginRoutes);
  app.route("/api/auth", authRoutes);
  app.route("/api/me/seller-application", sellerApplicationRoutes);
  app.route("/api/me", meRoutes);
  app.route("/api/me", accountRoutes);
  app.route("/api/me/notifications", notificationRoutes);
  app.route("/api/me/preferences", preferenceRoutes);
  app.route("/api/me", myAuctionRoutes);
  app.route("/api/notifications/unsubscribe", unsubscribeRoutes);
  app.route("/api/users", userRoutes);
  app.route("/api/admin/users", adminUserRoutes);
  app.route("/api/admin/categories", adminCategoryRoutes);
  app.route("/api/admin/auctions", adminAuctionRoutes);
  app.route("/api/admin/audit", adminAuditRoutes);
  app.route("/api/admin/reports", adminReportRoutes);
  app.route("/api/admin/operations", adminOperationsRoutes);
  app.route("/api/admin/settings", adminSettingsRoutes);
  app.route("/api/admin/rates", adminRateRoutes);
  app.route("/api/admin/seller-applications", adminSellerApplicationRoutes);
  app.route("/api/site", siteRoutes);
  app.route("/api/exchange-rates", exchangeRateRoutes);
  app.route("/api/categories", categoryRoutes);
  app.route("/api/auctions", reportRoutes);
  app.route("/api/auctions", relistRoutes);
  app.route("/api/auctions", auctionRoutes);
  app.route("/api/auctions", sealedOfferRoutes);
  app.route("/api/orders", orderRoutes);
  app.route("/api/orders", orderFeedbackRoutes);
  app.route("/api/orders", orderSecondChanceRoutes);
  app.route("/api/second-chance", secondChanceRoutes);
  app.route("/api/feedback", feedbackRoutes);
  app.route("/api/images", imageRoutes);
  app.route("/api/docs", docsRoutes);
  app.route("/api/dev/outbox", devOutboxRoutes);
  app.route("/api/dev/auctions", devAuctionRoutes);

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

import { createRoute, z } from "@hono/zod-openapi";
import { CodeSent, VerifyEmailRequest } from "../../schema/api/account";
import { User } from "../../schema/api/users";
import { requireAuth } from "../auth/middleware";
import { enforceRateLimit } from "../auth/rate-limit";
import { resendVerificationCode, verifyEmailCode } from "../auth/verify-email";
import { database } from "../db/client";
import { findUserById, toApiUser } from "../db/users";
import { authenticated, createRouter, errorResponses, jsonBody, jsonContent } from "../lib/openapi";
import { requestLocale } from "../lib/language";
import { clientIpRateKey } from "../lib/request-context";

export const emailVerificationRoutes = createRouter();
emailVerificationRoutes.use("*", requireAuth);

const verify = createRoute({
  method: "post",
  path: "/",
  tags: ["Auth"],
  summary: "Verify your email with the 6-digit code (10 minutes; the 5th wrong attempt burns it; 10 attempts a minute per account)",
  security: authenticated,
  request: { body: jsonBody(VerifyEmailRequest) },
  responses: { 200: jsonContent(z.object({ user: User }), "Verified (also when it already was)"), ...errorResponses(400, 401, 403, 415, 422, 429) },
});

emailVerificationRoutes.openapi(verify, async (c) => {
  const { user } = c.get("auth");
  await enforceRateLimit([
    { limiter: c.env.AUTH_IP_LIMITER, key: `verify-email:ip:${clientIpRateKey(c.req.raw)}` },
    { limiter: c.env.AUTH_LIMITER, key: `verify-email:user:${user.id}` },
  ]);
  await verifyEmailCode(c.env, user, c.req.valid("json").code, Date.now());
  return c.json({ user: toApiUser((await findUserById(database(c.env.DB), user.id))!) }, 200);
});

const resend = createRoute({
  method: "post",
  path: "/resend",
  tags: ["Auth"],
  summary: "Send a new code (once a minute); the previous code stops working",
  security: authenticated,
  responses: { 200: jsonContent(CodeSent, "Sent"), ...errorResponses(401, 403, 409, 429) },
});

emailVerificationRoutes.openapi(resend, async (c) => c.json(await resendVerificationCode(c.env, c.get("auth").user, Date.now(), requestLocale(c.req.raw)), 200));

import { createRoute, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import {
  defaultEmailPreferences,
  MarkReadRequest,
  NotificationList,
  NotificationPreferences,
  NotificationPreferencesUpdate,
  UnreadCount,
  Unsubscribed,
  UnsubscribeRequest,
} from "../../schema/api/notifications";
import { requireAuth } from "../auth/middleware";
import { database, type Database } from "../db/client";
import { listNotifications, markRead, outbidMailWindowMinutes, saveEmailPreferences, saveOutbidMailWindow, storedEmailPreferences, unreadCount } from "../db/notifications";
import { findUserById } from "../db/users";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { ApiError } from "../lib/errors";
import { requestLocale, type Locale } from "../lib/language";
import { eventLabel } from "../notifications/event-labels";
import { authenticated, createRouter, errorResponses, jsonBody, jsonContent } from "../lib/openapi";
import { isAllowedOrigin } from "../lib/request-guards";
import { toApiNotification } from "../notifications/deliver";
import { readUnsubscribeToken } from "../notifications/unsubscribe";
import { userChannel } from "../realtime/connections";
import { CHANNEL_SESSION_HEADER, CHANNEL_VALID_UNTIL_HEADER } from "../realtime/user-channel";

/** The signed-in user's notifications, mounted at /api/me/notifications. */
export const notificationRoutes = createRouter();
notificationRoutes.use("*", requireAuth);

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["Notifications"],
  summary: "Your notifications, newest first, with the unread count",
  security: authenticated,
  request: {
    query: z.object({
      cursor: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(30),
      unread: z.enum(["true", "false"]).default("false"),
    }),
  },
  responses: { 200: jsonContent(NotificationList, "A page of notifications"), ...errorResponses(400, 401, 403) },
});

notificationRoutes.openapi(list, async (c) => {
  const { cursor, limit, unread } = c.req.valid("query");
  const db = database(c.env.DB);
  const userId = c.get("auth").user.id;
  const [rows, unreadTotal] = await Promise.all([
    listNotifications(db, userId, { after: decodeCursor(cursor), limit: limit + 1, unreadOnly: unread === "true" }),
    unreadCount(db, userId),
  ]);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return c.json(
    {
      items: items.map(toApiNotification),
      nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
      unreadCount: unreadTotal,
    },
    200,
  );
});

const unread = createRoute({
  method: "get",
  path: "/unread-count",
  tags: ["Notifications"],
  summary: "How many of your notifications are unread",
  security: authenticated,
  responses: { 200: jsonContent(UnreadCount, "The count"), ...errorResponses(401, 403) },
});

notificationRoutes.openapi(unread, async (c) => {
  return c.json({ unreadCount: await unreadCount(database(c.env.DB), c.get("auth").user.id) }, 200);
});

const read = createRoute({
  method: "post",
  path: "/read",
  tags: ["Notifications"],
  summary: "Mark notifications read: some ({ids}) or all ({all:true}); ids of others' notifications are ignored",
  security: authenticated,
  request: { body: jsonBody(MarkReadRequest) },
  responses: { 200: jsonContent(UnreadCount, "The unread count afterwards"), ...errorResponses(400, 401, 403) },
});

notificationRoutes.openapi(read, async (c) => {
  const body = c.req.valid("json");
  const db = database(c.env.DB);
  const userId = c.get("auth").user.id;
  const now = Date.now();
  await markRead(db, userId, "all" in body ? "all" : body.ids, now);
  const unreadCountNow = await unreadCount(db, userId);
  // The user's other open pages update their badge too.
  c.executionCtx.waitUntil(userChannel(c.env, userId).push({ type: "read", now, unreadCount: unreadCountNow }));
  return c.json({ unreadCount: unreadCountNow }, 200);
});

async function preferencesOf(db: Database, userId: string) {
  const [stored, outbidMailWindow] = await Promise.all([storedEmailPreferences(db, userId), outbidMailWindowMinutes(db, userId)]);
  return { email: { ...defaultEmailPreferences, ...stored }, outbidMailWindowMinutes: outbidMailWindow };
}

const getPreferences = createRoute({
  method: "get",
  path: "/preferences",
  tags: ["Notifications"],
  summary: "Which events you get email for (every event always shows in the app)",
  security: authenticated,
  responses: { 200: jsonContent(NotificationPreferences, "Your email preferences"), ...errorResponses(401, 403) },
});

notificationRoutes.openapi(getPreferences, async (c) => {
  return c.json(await preferencesOf(database(c.env.DB), c.get("auth").user.id), 200);
});

const putPreferences = createRoute({
  method: "put",
  path: "/preferences",
  tags: ["Notifications"],
  summary: "Change email preferences; events not named keep their setting",
  security: authenticated,
  request: { body: jsonBody(NotificationPreferencesUpdate) },
  responses: { 200: jsonContent(NotificationPreferences, "Your email preferences"), ...errorResponses(400, 401, 403) },
});

notificationRoutes.openapi(putPreferences, async (c) => {
  const db = database(c.env.DB);
  const userId = c.get("auth").user.id;
  const { email, outbidMailWindowMinutes: window } = c.req.valid("json");
  const now = Date.now();
  await saveEmailPreferences(db, userId, email, now);
  if (window !== undefined) await saveOutbidMailWindow(db, userId, window, now);
  return c.json(await preferencesOf(db, userId), 200);
});

notificationRoutes.openAPIRegistry.registerPath({
  method: "get",
  path: "/live",
  tags: ["Notifications"],
  summary: "Live WebSocket: your new notifications and unread count as they happen",
  description: "Upgrade with `Upgrade: websocket`, authenticated by the session cookie or a bearer token. Frames are defined by ChannelFrame; send `ping` to keep it open.",
  security: authenticated,
  responses: { 101: { description: "Switching protocols" }, ...errorResponses(400, 401, 403) },
});

/** Browsers cannot set headers on an upgrade: the cookie authenticates it and Origin is checked here. */
notificationRoutes.get("/live", async (c) => {
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
    throw new ApiError(400, "VALIDATION_FAILED", "Connect with a WebSocket upgrade");
  }
  const origin = c.req.header("origin");
  if (origin !== undefined && !isAllowedOrigin(c.req.raw, c.env.ALLOWED_ORIGINS, origin)) {
    throw new ApiError(403, "ORIGIN_NOT_ALLOWED", "WebSocket connections from this origin are not allowed");
  }
  const { user, sessionId, accessTokenExpiresAt } = c.get("auth");
  const headers = { upgrade: "websocket", [CHANNEL_SESSION_HEADER]: sessionId, [CHANNEL_VALID_UNTIL_HEADER]: String(accessTokenExpiresAt) };
  return userChannel(c.env, user.id).fetch(new Request(c.req.url, { headers }));
});

/** Mounted at /api/notifications/unsubscribe: works from a mail link, without logging in. */
export const unsubscribeRoutes = createRouter();

/** The verified claim of a link whose account still exists; the error a person can act on otherwise. */
async function unsubscribeClaim(env: Env, db: Database, token: string) {
  const claim = await readUnsubscribeToken(env.JWT_SECRET, token);
  if (!claim) throw new ApiError(400, "VALIDATION_FAILED", "This unsubscribe link is not valid or has expired (links work for a year); change your email settings on the notification preferences page", { fieldErrors: { token: ["Invalid, damaged or expired link"] } });
  if (!(await findUserById(db, claim.userId))) throw new ApiError(404, "NOT_FOUND", "This account no longer exists");
  return claim;
}

/** What the link turns off, in words in the language of whoever opened it. */
async function turnOffEmail(env: Env, token: string, locale: Locale): Promise<Unsubscribed> {
  const db = database(env.DB);
  const claim = await unsubscribeClaim(env, db, token);
  await saveEmailPreferences(db, claim.userId, { [claim.event]: false }, Date.now());
  return { event: claim.event, label: eventLabel(claim.event, locale) };
}

const previewUnsubscribe = createRoute({
  method: "get",
  path: "/",
  tags: ["Notifications"],
  summary: "What an unsubscribe link would turn off, changing nothing (mail scanners fetch links)",
  request: { query: UnsubscribeRequest },
  responses: { 200: jsonContent(Unsubscribed, "What the link turns off"), ...errorResponses(400, 404) },
});

unsubscribeRoutes.openapi(previewUnsubscribe, async (c) => {
  const claim = await unsubscribeClaim(c.env, database(c.env.DB), c.req.valid("query").token);
  return c.json({ event: claim.event, label: eventLabel(claim.event, requestLocale(c.req.raw)) }, 200);
});

const oneClickUnsubscribe = createRoute({
  method: "post",
  path: "/one-click",
  tags: ["Notifications"],
  summary: "RFC 8058 one-click unsubscribe: what mail clients POST to the List-Unsubscribe URL",
  description: "The token is in the URL; the body is the form field `List-Unsubscribe=One-Click`.",
  middleware: [
    bodyLimit({
      maxSize: 1024,
      onError: () => {
        throw new ApiError(413, "PAYLOAD_TOO_LARGE", "A one-click unsubscribe body is a single form field");
      },
    }),
  ] as const,
  request: {
    query: UnsubscribeRequest,
    body: {
      required: true,
      content: { "application/x-www-form-urlencoded": { schema: z.object({ "List-Unsubscribe": z.literal("One-Click") }) } },
    },
  },
  responses: { 200: jsonContent(Unsubscribed, "Turned off"), ...errorResponses(400, 404, 413, 415) },
});

unsubscribeRoutes.openapi(oneClickUnsubscribe, async (c) => c.json(await turnOffEmail(c.env, c.req.valid("query").token, requestLocale(c.req.raw)), 200));

const unsubscribe = createRoute({
  method: "post",
  path: "/",
  tags: ["Notifications"],
  summary: "Turn off one kind of notification email with the token from that email's link",
  request: { body: jsonBody(UnsubscribeRequest) },
  responses: { 200: jsonContent(Unsubscribed, "Turned off"), ...errorResponses(400, 404) },
});

unsubscribeRoutes.openapi(unsubscribe, async (c) => c.json(await turnOffEmail(c.env, c.req.valid("json").token, requestLocale(c.req.raw)), 200));

import { createRoute } from "@hono/zod-openapi";
import { PreferencesPatch } from "../../schema/api/locales";
import { Preferences } from "../../schema/api/preferences";
import { requireAuth } from "../auth/middleware";
import { database } from "../db/client";
import { toApiPreferences, updatePreferences } from "../db/users";
import { ApiError } from "../lib/errors";
import { authenticated, createRouter, errorResponses, jsonBody, jsonContent } from "../lib/openapi";

/** The signed-in member's language, display currency and time zone, mounted at /api/me/preferences (docs/web.md, "Languages"). */
export const preferenceRoutes = createRouter();
preferenceRoutes.use("*", requireAuth);

const readPreferences = createRoute({
  method: "get",
  path: "/",
  tags: ["Me"],
  summary: "The member's language, display currency and time zone",
  security: authenticated,
  responses: { 200: jsonContent(Preferences, "null where not chosen"), ...errorResponses(401, 403) },
});

preferenceRoutes.openapi(readPreferences, (c) => c.json(toApiPreferences(c.get("auth").user), 200));

const changePreferences = createRoute({
  method: "patch",
  path: "/",
  tags: ["Me"],
  summary: "Change some preferences; a field left out stays, null clears it",
  security: authenticated,
  request: { body: jsonBody(PreferencesPatch) },
  responses: { 200: jsonContent(Preferences, "The preferences now"), ...errorResponses(400, 401, 403, 404, 415) },
});

preferenceRoutes.openapi(changePreferences, async (c) => {
  const row = await updatePreferences(database(c.env.DB), c.get("auth").user.id, c.req.valid("json"), Date.now());
  if (!row) throw new ApiError(404, "NOT_FOUND", "The account no longer exists");
  return c.json(toApiPreferences(row), 200);
});

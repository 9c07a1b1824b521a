import { createRoute, z } from "@hono/zod-openapi";
import { PublicProfile } from "../../schema/api/catalog";
import { database } from "../db/client";
import { publicProfile } from "../db/listings";
import { ApiError } from "../lib/errors";
import { createRouter, errorResponses, jsonContent } from "../lib/openapi";

export const userRoutes = createRouter();

const profile = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["Users"],
  summary: "A member's public profile: name, member since, listings, sold and completed requests",
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 200: jsonContent(PublicProfile, "The profile"), ...errorResponses(400, 404) },
});

userRoutes.openapi(profile, async (c) => {
  const found = await publicProfile(database(c.env.DB), c.req.valid("param").id);
  if (!found) throw new ApiError(404, "NOT_FOUND", "No member has this id");
  return c.json(found, 200);
});

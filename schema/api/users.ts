import { z } from "zod";
import { Preferences } from "./preferences";

export const roles = ["admin", "seller"] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

export const User = z
  .object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    roles: z.array(Role),
    emailVerified: z.boolean(),
    suspended: z.boolean(),
    createdAt: z.iso.datetime(),
    /** The member's language, display currency and time zone (null where not chosen). */
    preferences: Preferences,
  })
  .meta({ id: "User" });
export type User = z.infer<typeof User>;

export const AdminUserPatch = z
  .strictObject({
    suspended: z.boolean().optional(),
    roles: z.array(Role).max(roles.length).optional(),
  })
  .meta({ id: "AdminUserPatch" });
export type AdminUserPatch = z.infer<typeof AdminUserPatch>;

export const UserList = z
  .object({ items: z.array(User), nextCursor: z.string().nullable() })
  .meta({ id: "UserList" });
export type UserList = z.infer<typeof UserList>;

export const PageQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

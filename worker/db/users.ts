import { and, desc, eq, lt, or } from "drizzle-orm";
import { users, type UserRow } from "../../schema/db";
import type { PreferencesPatch } from "../../schema/api/locales";
import type { Preferences } from "../../schema/api/preferences";
import type { Role, User } from "../../schema/api/users";
import type { KeysetPosition } from "../lib/cursor";
import type { Database } from "./client";

export function toApiUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    roles: row.roles,
    emailVerified: row.emailVerifiedAt !== null,
    suspended: row.suspendedAt !== null,
    createdAt: new Date(row.createdAt).toISOString(),
    preferences: toApiPreferences(row),
  };
}

export function toApiPreferences(row: Pick<UserRow, "preferredLocale" | "displayCurrency" | "timeZone">): Preferences {
  return { locale: row.preferredLocale, displayCurrency: row.displayCurrency, timeZone: row.timeZone };
}

/** Sets the preferences the patch names (null clears one) and returns the row as it is now, or undefined for an unknown user. */
export async function updatePreferences(db: Database, userId: string, patch: PreferencesPatch, now: number): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({
      ...(patch.locale !== undefined && { preferredLocale: patch.locale }),
      ...(patch.displayCurrency !== undefined && { displayCurrency: patch.displayCurrency }),
      ...(patch.timeZone !== undefined && { timeZone: patch.timeZone }),
      updatedAt: now,
    })
    .where(eq(users.id, userId))
    .returning();
  return row;
}

export async function findUserByEmail(db: Database, email: string): Promise<UserRow | undefined> {
  return db.query.users.findFirst({ where: eq(users.email, email) });
}

/** Returns null when the email is already registered. */
export async function insertUser(
  db: Database,
  input: { email: string; displayName: string; passwordHash: string; now: number },
): Promise<UserRow | null> {
  const [row] = await db
    .insert(users)
    .values({
      id: crypto.randomUUID(),
      email: input.email,
      displayName: input.displayName,
      passwordHash: input.passwordHash,
      roles: [],
      createdAt: input.now,
      updatedAt: input.now,
    })
    .onConflictDoNothing({ target: users.email })
    .returning();
  return row ?? null;
}

export async function updatePasswordHash(db: Database, userId: string, passwordHash: string, now: number) {
  await db.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, userId));
}

export async function updateUserAdminFields(
  db: Database,
  userId: string,
  changes: { suspended?: boolean; roles?: Role[] },
  now: number,
): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({
      updatedAt: now,
      ...(changes.roles !== undefined && { roles: [...new Set(changes.roles)] }),
      ...(changes.suspended !== undefined && { suspendedAt: changes.suspended ? now : null }),
    })
    .where(eq(users.id, userId))
    .returning();
  return row;
}

/** Newest first, keyset-paginated on (createdAt, id) so inserts never shift a page. */
export async function listUsers(db: Database, page: { after?: KeysetPosition; limit: number }) {
  const rows = await db
    .select()
    .from(users)
    .where(
      page.after &&
        or(
          lt(users.createdAt, page.after.createdAt),
          and(eq(users.createdAt, page.after.createdAt), lt(users.id, page.after.id)),
        ),
    )
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(page.limit + 1);
  const hasMore = rows.length > page.limit;
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return { items, next: hasMore && last ? { createdAt: last.createdAt, id: last.id } : null };
}

export async function findUserById(db: Database, id: string): Promise<UserRow | undefined> {
  return db.query.users.findFirst({ where: eq(users.id, id) });
}

import { error } from "@sveltejs/kit";
import type { UserList } from "$schema";
import { api } from "$lib/server/api";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async (event) => {
  const q = event.url.searchParams.get("q")?.trim() ?? "";
  const cursor = event.url.searchParams.get("cursor");
  const query = new URLSearchParams({ limit: "50", ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) });
  const users = await api<UserList>(event, `/api/admin/users?${query}`);
  if (!users.ok) error(users.status, users.error.message);
  return { q, users: users.data };
};

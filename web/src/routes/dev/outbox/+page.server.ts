import { error } from "@sveltejs/kit";
import type { OutboxList } from "$schema";
import { api } from "$lib/server/api";
import type { PageServerLoad } from "./$types";

/** Only exists when the API keeps mail in its outbox (local development); otherwise the API answers 404. */
export const load: PageServerLoad = async (event) => {
  const result = await api<OutboxList>(event, "/api/dev/outbox?limit=50");
  if (!result.ok) error(result.status, result.error.message);
  return { messages: result.data.items };
};

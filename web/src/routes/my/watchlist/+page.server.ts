import { loadMyList } from "$lib/server/my-lists";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = (event) => loadMyList(event, "watchlist", "ending");

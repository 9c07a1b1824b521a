import { loadMyOrders } from "$lib/server/orders";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = (event) => loadMyOrders(event, "buyer", "/my/bought");

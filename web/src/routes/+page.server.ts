import type { AuctionPage, AuctionSummary, CategoryTree } from "$schema";
import { api } from "$lib/server/api";
import type { PageServerLoad } from "./$types";

const SHELF_SIZE = 8;

export const load: PageServerLoad = async (event) => {
  const [featured, endingSoon, categories] = await Promise.all([
    api<{ items: AuctionSummary[] }>(event, "/api/auctions/featured"),
    api<AuctionPage>(event, `/api/auctions?sort=ending&status=live&limit=${SHELF_SIZE}`),
    api<CategoryTree>(event, "/api/categories"),
  ]);
  // The home page must still load when the catalog can't answer: a failing shelf is left out.
  return {
    featured: featured.ok ? featured.data.items : [],
    endingSoon: endingSoon.ok ? endingSoon.data.items : [],
    categories: categories.ok ? categories.data.items.filter((category) => category.depth === 0) : [],
  };
};

import { AUCTION_OPTION_INPUTS } from "./auction-options";

/** The service-request form's inputs; names match CreateListingRequest's reverse fields where there is one. */
export const REQUEST_INPUTS = [
  "title",
  "description",
  "categoryId",
  "location",
  "currency",
  "budgetMin",
  "budgetMax",
  "deadline",
  "requirements",
  ...AUCTION_OPTION_INPUTS,
  "startMode",
  "startsAt",
  "endsAt",
  "sealed",
  "revealWindowHours",
] as const;
export type RequestInput = (typeof REQUEST_INPUTS)[number];
export type RequestFormValues = Record<RequestInput, string>;

/** Category roots whose subtrees are services, offered first on the request form. */
export const SERVICE_CATEGORY_SLUGS = ["home-services", "professional-services"] as const;

interface TreeNode {
  slug: string;
  depth: number;
}

/** A pre-order category tree with the service subtrees moved to the front, each subtree kept whole. */
export function servicesFirst<T extends TreeNode>(tree: T[]): T[] {
  const groups: T[][] = [];
  for (const category of tree) {
    if (category.depth === 0 || groups.length === 0) groups.push([]);
    groups[groups.length - 1]!.push(category);
  }
  const rank = (group: T[]) => {
    const at = SERVICE_CATEGORY_SLUGS.indexOf(group[0]?.slug as (typeof SERVICE_CATEGORY_SLUGS)[number]);
    return at === -1 ? SERVICE_CATEGORY_SLUGS.length : at;
  };
  return groups.map((group, at) => ({ group, at })).sort((a, b) => rank(a.group) - rank(b.group) || a.at - b.at).flatMap(({ group }) => group);
}

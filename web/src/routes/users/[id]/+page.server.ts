import { error } from "@sveltejs/kit";
import type { AuctionPage, FeedbackPage, PublicProfile } from "$schema";
import { api } from "$lib/server/api";
import { m } from "$schema/paraglide/messages.js";
import type { PageServerLoad } from "./$types";

const LAST_FEEDBACK = 10;
const LISTINGS = 12;

export const load: PageServerLoad = async (event) => {
  const path = `/api/users/${encodeURIComponent(event.params.id)}`;
  const [profile, feedback, listings] = await Promise.all([
    api<PublicProfile>(event, path),
    api<FeedbackPage>(event, `${path}/feedback?limit=${LAST_FEEDBACK}`),
    api<AuctionPage>(event, `${path}/listings?status=active&sort=ending&limit=${LISTINGS}`),
  ]);
  if (!profile.ok) {
    if (profile.status === 400 || profile.status === 404) error(404, m.profile_not_found());
    error(profile.status, profile.error.message);
  }
  return {
    profile: profile.data,
    feedback: feedback.ok ? feedback.data.items : [],
    listings: listings.ok ? listings.data : null,
  };
};

import type { SeedContext, SeededPolicies } from "./demo.server";

// Being written (issue 4): closed and open demo reviews with proposals, votes and decisions.
export async function seedReviews(_ctx: SeedContext & { policies: SeededPolicies }): Promise<void> {}

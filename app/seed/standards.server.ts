import type { SeedContext, SeededPolicies } from "./demo.server";

// Being written (issue 5): demo standards, acknowledgements and a year of ratings.
export async function seedStandards(_ctx: SeedContext & { policies: SeededPolicies }): Promise<void> {}

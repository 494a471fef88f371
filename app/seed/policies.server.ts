import type { SeedContext, SeededPolicies } from "./demo.server";

// Being written (issue 3): about 40 demo policies with revisions and friction reports.
export async function seedPolicies(_ctx: SeedContext): Promise<SeededPolicies> {
  return {};
}

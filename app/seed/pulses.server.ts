import type { SeedContext } from "./demo.server";

// Being written (issue 6): three or four past culture pulses with answers.
export async function seedPulses(_ctx: SeedContext): Promise<void> {}

import type { Store } from "~/store/store.server";
import { systemClock } from "~/store/store.server";
import { SeedClock, daysAgo } from "./clock";
import { seedPeople } from "./people.server";
import { seedPolicies } from "./policies.server";
import { seedStandards } from "./standards.server";
import { seedReviews } from "./reviews.server";
import { seedPulses } from "./pulses.server";
import { seedPolicyAcknowledgements } from "./acknowledgements.server";

/**
 * The demo organisation: teams and people, then a year of policies, reviews, standards,
 * ratings and pulses, all created through the domain functions with the clock set in the past.
 * Writes are batched while seeding and made durable at the end.
 *
 * Time windows, so that each item's history reads in order:
 *   people ~400 days ago; policies and their revisions 400–200 days ago (friction reports any
 *   time); reviews 190 days ago until now; standards, acknowledgements and ratings over the
 *   past year; a policy acknowledgement asked 12 days ago; pulses every quarter.
 */
export async function seedDemo(store: Store) {
  const now = new Date();
  const clock = new SeedClock(daysAgo(now, 400));
  store.clock = clock;
  store.durable = false;
  try {
    const org = await seedPeople();
    const policies = await seedPolicies({ org, clock, now });
    await seedStandards({ org, clock, now, policies });
    await seedReviews({ org, clock, now, policies });
    await seedPolicyAcknowledgements({ org, clock, now });
    await seedPulses({ org, clock, now });
  } finally {
    store.clock = systemClock;
    store.durable = true;
    await store.flush();
    await store.snapshot();
  }
}

export type SeedContext = {
  org: import("./people.server").SeededOrg;
  clock: SeedClock;
  /** The real present: the seed's history ends here. */
  now: Date;
};

/** Policy ids by slug, as the policy seed created them. */
export type SeededPolicies = Record<string, string>;

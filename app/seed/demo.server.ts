import type { Store } from "~/store/store.server";
import { systemClock } from "~/store/store.server";
import { SeedClock, daysAgo } from "./clock";
import { seedPeople } from "./people.server";

/**
 * The demo organisation: teams and people, then (in later steps) a year of policies, reviews,
 * standards, ratings and pulses, all created through the domain functions with the clock set
 * in the past. Writes are batched while seeding and made durable at the end.
 */
export async function seedDemo(store: Store) {
  const now = new Date();
  const clock = new SeedClock(daysAgo(now, 400));
  store.clock = clock;
  store.durable = false;
  try {
    const org = await seedPeople();
    void org;
  } finally {
    store.clock = systemClock;
    store.durable = true;
    await store.flush();
    await store.snapshot();
  }
}

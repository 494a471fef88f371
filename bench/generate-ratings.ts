/**
 * Internal customers rate the published standards over the past year (rateStandard: one rating
 * per person, standard and month), about twenty ratings per standard.
 */
import { getStore } from "~/store/index.server";
import type { SeedClock } from "~/seed/clock";
import { rateStandard, mayRate } from "~/models/rating.server";
import { breathe, type Org, type Rng } from "./generate";

const DAY = 86_400_000;
export const RATINGS_PER_STANDARD = 20;

export async function generateRatings({
  org,
  standards,
  clock,
  rng,
  now,
}: {
  org: Org;
  standards: Array<{ id: string; teamIndex: number }>;
  clock: SeedClock;
  rng: Rng;
  now: number;
}): Promise<number> {
  const store = getStore();
  const total = standards.length * RATINGS_PER_STANDARD;
  let made = 0;
  for (let i = 0; i < total; i++) {
    await breathe(false);
    clock.set(new Date(now - 360 * DAY + (i * 355 * DAY) / total));
    const s = standards[rng.int(0, standards.length - 1)];
    const standard = store.data.standards[s.id];
    const content = store.data.standardVersions[`${s.id}:${standard.publishedVersion}`]?.content ?? null;
    // A few tries to find someone this standard serves.
    for (let tries = 0; tries < 5; tries++) {
      const person = rng.pick(org.people);
      if (!store.data.people[person.id]?.active || !mayRate(person, standard, content)) continue;
      const score = Math.min(5, Math.max(1, Math.round(3.6 + (rng.next() - 0.5) * 3)));
      await rateStandard({
        actor: person,
        standardId: s.id,
        input: { score, comment: rng.chance(0.3) ? "Answered quickly and kept us informed." : "" },
      });
      made++;
      break;
    }
  }
  return made;
}

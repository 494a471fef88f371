import type { Actor } from "~/models/actor";
import { answerPulse, openPulse, PULSE_DAYS } from "~/models/pulse.server";
import { getStore } from "~/store/index.server";
import type { SeedContext } from "./demo.server";
import { daysAgo } from "./clock";

/**
 * Four past culture pulses, one a quarter, answered by the demo people through the pulse's own
 * domain functions (anonymous keys, team, no actor on the event). The story: as reviews take
 * friction out, people fight the rules less, know why the rules exist and lose less of their
 * week to low-value process; Customer Support, where most friction sat, improves most.
 */
const PULSES = [
  { title: "Pulse Q1 — where we start", daysAgo: 330 },
  { title: "Pulse Q2", daysAgo: 240 },
  { title: "Pulse Q3", daysAgo: 150 },
  { title: "Pulse Q4", daysAgo: 60 },
];

/** Average answers of the organisation for each pulse, before team differences and spread. */
const BASE = [
  { serve: 2.4, why: 2.6, change: 2.1, promises: 2.9, week: 27 },
  { serve: 2.8, why: 3.0, change: 2.6, promises: 3.0, week: 24 },
  { serve: 3.2, why: 3.4, change: 3.2, promises: 3.3, week: 20 },
  { serve: 3.6, why: 3.7, change: 3.5, promises: 3.4, week: 17 },
];

/** How a team differs from the organisation, per pulse (Support starts worst and improves most). */
const TEAM_SHIFT: Record<string, number[]> = {
  "customer-support": [-0.6, -0.3, 0.1, 0.4],
  operations: [0.2, 0.1, 0, -0.1],
  finance: [0.3, 0.2, 0.1, 0],
  it: [0.1, 0.1, 0.2, 0.2],
  people: [0, 0.1, 0.2, 0.3],
  sales: [-0.2, -0.1, 0, 0.1],
};

/** A small deterministic spread, so the demo is the same on every start. */
function spread(a: number, b: number, c: number): number {
  const x = Math.sin(a * 12.9898 + b * 78.233 + c * 37.719) * 43758.5453;
  return x - Math.floor(x) - 0.5; // −0.5 … 0.5
}

const clampScore = (n: number) => Math.min(5, Math.max(1, Math.round(n)));

export async function seedPulses({ org, clock, now }: SeedContext): Promise<void> {
  const store = getStore();
  const people = store.data.people;
  const teamSlug = new Map(Object.values(store.data.teams).map((t) => [t.id, t.slug]));
  const asActor = (id: string): Actor => {
    const p = people[id];
    return { id: p.id, name: p.name, role: p.role, teamId: p.teamId };
  };
  const respondents = Object.values(org.people);

  for (const [pi, plan] of PULSES.entries()) {
    const opensAt = daysAgo(now, plan.daysAgo);
    clock.set(opensAt);
    const pulse = await openPulse({ actor: asActor(org.admin), input: { title: plan.title } });
    const base = BASE[pi];
    for (const [ri, personId] of respondents.entries()) {
      const person = people[personId];
      if (!person?.active) continue;
      // About one in eight skips a pulse.
      if (spread(pi, ri, 99) > 0.38) continue;
      const shift = TEAM_SHIFT[teamSlug.get(person.teamId) ?? ""]?.[pi] ?? 0;
      const score = (mean: number, q: number) => clampScore(mean + shift + spread(pi, ri, q) * 2.2);
      clock.set(new Date(opensAt.getTime() + (1 + ((ri * 7 + pi) % (PULSE_DAYS - 2))) * 86_400_000 + ri * 60_000));
      const input = {
        "serve-without-fighting-rules": String(score(base.serve, 1)),
        "know-why-policies-exist": String(score(base.why, 2)),
        "can-get-rules-changed": String(score(base.change, 3)),
        "teams-keep-promises": String(score(base.promises, 4)),
        "week-lost-to-process": String(Math.max(0, Math.round(base.week - shift * 10 + spread(pi, ri, 5) * 16))),
      };
      await answerPulse({ actor: asActor(personId), pulseId: pulse.id, input });
    }
    // Someone changes their mind before the latest pulse closes: one answer, changed in place.
    if (pi === PULSES.length - 1 && people[org.employee]?.active) {
      clock.set(new Date(opensAt.getTime() + (PULSE_DAYS - 1) * 86_400_000));
      await answerPulse({
        actor: asActor(org.employee),
        pulseId: pulse.id,
        input: {
          "serve-without-fighting-rules": "4",
          "know-why-policies-exist": "4",
          "can-get-rules-changed": "4",
          "teams-keep-promises": "3",
          "week-lost-to-process": "15",
        },
      });
    }
  }
  clock.set(now);
}

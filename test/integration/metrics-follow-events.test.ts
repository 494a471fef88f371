/**
 * The dashboard's live figures, which follow each committed event, against the same figures
 * computed from the whole history at once: equal after every step of a generated organisation
 * (the benchmark's small size, made by the domain's own functions), for the organisation and
 * every team, in every period the filters offer.
 */
import { afterAll, describe, expect, it } from "vitest";
import { generate } from "../../bench/generate";
import {
  computeMetrics,
  dashboardView,
  getOrgMetrics,
  lastMetricsRefresh,
  PERIODS,
  warmMetrics,
  type OrgMetrics,
} from "~/models/metrics.server";
import { castVote } from "~/models/vote.server";
import { reportFriction } from "~/models/friction-report.server";
import { policyToInput, reinstatePolicy, retirePolicy, revisePolicy } from "~/models/policy.server";
import { setPersonActive } from "~/models/person.server";
import type { Actor } from "~/models/actor";
import type { Store } from "~/store/store.server";
import { closeStore } from "~/store/index.server";
import { SeedClock } from "~/seed/clock";
import { tempDir } from "../support/temp";

/** Live and full figures are equal, whole and as every view slices them. */
function expectSame(store: Store, where: string) {
  const live = getOrgMetrics();
  const full = computeMetrics({ data: store.data, activity: store.activity }, store.clock.now());
  // `now` is when the live figures last changed; every figure must be the same.
  expect({ ...live, now: full.now }, where).toEqual(full);
  for (const teamId of [null, ...full.teams.map((t) => t.id)]) {
    for (const period of PERIODS) {
      expect(dashboardView(live, { period, teamId }), `${where}, team ${teamId ?? "(organisation)"}, ${period} months`).toEqual(
        dashboardView(full, { period, teamId }),
      );
    }
  }
  return live;
}

const checked: string[] = [];
let refreshes = 0;
const updated = new Set<string>();

afterAll(async () => {
  await closeStore().catch(() => undefined);
});

describe("the dashboard follows each committed event", () => {
  it("equals the figures computed from the whole history, through a generated organisation and same-day writes", { timeout: 240_000 }, async () => {
    let sameDay: Array<() => Promise<unknown>> = [];
    await generate("small", tempDir("untangle-metrics-"), {
      opened(store) {
        warmMetrics();
        // A dashboard request every 25 events, as the store grows (the same path a request takes);
        // a full comparison every 1,500.
        store.subscribe((event) => {
          if (event.seq % 25 === 0) {
            getOrgMetrics();
            refreshes++;
            for (const name of lastMetricsRefresh().updated) updated.add(name);
          }
          if (event.seq % 1500 === 0) {
            expectSame(store, `after event ${event.seq} (${event.type})`);
            checked.push(`event ${event.seq}`);
          }
        });
      },
      async phaseDone(name, store) {
        expectSame(store, `after the ${name} phase`);
        checked.push(name);
        if (name !== "flush") return;
        // Writes on one day, each followed by a request and a comparison.
        const clock = new SeedClock(new Date());
        store.clock = clock;
        getOrgMetrics();
        const people = Object.values(store.data.people).filter((p) => p.active);
        const actor = (i: number) => people[i % people.length] as unknown as Actor;
        const admin = people.find((p) => p.role === "admin") as unknown as Actor;
        const openProposal = Object.values(store.data.proposals).find((p) => p.status === "open" && store.data.reviews[p.reviewId]?.status === "open");
        const policy = Object.values(store.data.policies).find((p) => p.status === "active")!;
        const other = Object.values(store.data.policies).filter((p) => p.status === "active")[7];
        const owner = store.data.people[policy.ownerId] as unknown as Actor;
        const leaver = people.find((p) => p.role === "employee" && p.id !== policy.ownerId)!;
        sameDay = [
          ...(openProposal
            ? [0, 1, 2, 3].map((i) => () => castVote({ actor: actor(i * 37), proposalId: openProposal.id, input: { position: "agree", reason: "" } }))
            : []),
          () => reportFriction({ actor: actor(5), policyId: policy.id, input: { minutesLost: 30, effort: 2, what: "Waited for a second signature." } }),
          () =>
            revisePolicy({
              actor: admin,
              policyId: policy.id,
              input: { ...policyToInput(store.data.policies[policy.id]), activeMinutes: 3, purpose: "" },
              note: "Shorter, and the purpose to be written again.",
            }),
          () => retirePolicy({ actor: admin, policyId: other.id, reason: "No longer needed." }),
          () => reinstatePolicy({ actor: admin, policyId: other.id }),
          () => setPersonActive({ actor: admin, personId: leaver.id, active: false }),
          ...(owner.id !== admin.id ? [() => setPersonActive({ actor: admin, personId: owner.id, active: false })] : []),
          () => setPersonActive({ actor: admin, personId: leaver.id, active: true }),
        ];
        for (const [i, write] of sameDay.entries()) {
          clock.set(new Date(clock.now().getTime() + 60_000));
          await write();
          expectSame(store, `after same-day write ${i + 1}`);
          for (const section of lastMetricsRefresh().updated) updated.add(section);
          checked.push(`same-day ${i + 1}`);
        }
      },
    });
    expect(checked).toContain("reviews");
    expect(checked.filter((c) => c.startsWith("same-day"))).toHaveLength(sameDay.length);
    expect(refreshes).toBeGreaterThan(100);
    // The figures were brought up to date from what changed, not recomputed each time: votes
    // and reports one by one (participation), an edited or retired policy on its own.
    expect([...updated].sort()).toEqual(["friction", "participation", "policies"]);
  });
});

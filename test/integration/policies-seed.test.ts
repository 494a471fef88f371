/**
 * The demo organisation's policies: about forty, honest, with the findings a newcomer should see
 * (no purpose, overdue, one orphan, mandated rules), friction reports, and a history that happened
 * 400–200 days ago through the domain functions.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listCatalogue, parseCatalogueQuery } from "~/models/catalogue.server";
import { SeedClock, daysAgo } from "~/seed/clock";
import { seedPeople } from "~/seed/people.server";
import { seedPolicies } from "~/seed/policies.server";
import { getStore } from "~/store/index.server";
import { systemClock } from "~/store/store.server";
import { closeTestStore, openTestStore } from "../factories";

const now = new Date();
let ids: Record<string, string>;

beforeAll(async () => {
  const { store } = await openTestStore();
  const clock = new SeedClock(daysAgo(now, 400));
  store.clock = clock;
  store.durable = false;
  const org = await seedPeople();
  ids = await seedPolicies({ org, clock, now });
  store.clock = systemClock;
  store.durable = true;
  await store.flush();
});
afterAll(closeTestStore);

const rows = async (search: string) => (await listCatalogue(parseCatalogueQuery(new URLSearchParams(search)), 1000)).rows;

describe("the demo policies", () => {
  it("are about forty, across all six teams, mapped slug → id", async () => {
    const all = await rows("status=all");
    expect(all.length).toBeGreaterThanOrEqual(38);
    expect(Object.keys(ids)).toHaveLength(all.length);
    for (const row of all) expect(ids[row.slug]).toBe(row.id);
    expect(new Set(all.map((r) => r.teamName)).size).toBe(6);
  });

  it("include the findings: no purpose, overdue, one orphan, mandated, a draft and a retired one", async () => {
    expect((await rows("nopurpose=1")).length).toBeGreaterThanOrEqual(3);
    const overdue = (await rows("overdue=1")).length;
    expect(overdue).toBeGreaterThanOrEqual(4);
    expect(overdue).toBeLessThan(20);
    const orphans = await rows("orphan=1");
    expect(orphans.map((r) => r.title)).toEqual(["Parking permits are renewed every quarter in person"]);
    expect((await rows("mandate=external")).length).toBeGreaterThanOrEqual(3);
    expect((await rows("status=draft")).length).toBe(1);
    expect((await rows("status=retired")).length).toBe(1);
  });

  it("have honest friction estimates and friction reports from many people", () => {
    const { policies, frictionReports } = getStore().data;
    expect(Object.values(policies).every((p) => p.friction.occurrencesPerMonth > 0)).toBe(true);
    const reports = Object.values(frictionReports);
    expect(reports.length).toBeGreaterThanOrEqual(50);
    expect(new Set(reports.map((r) => r.personId)).size).toBeGreaterThanOrEqual(10);
    expect(reports.some((r) => Date.parse(r.at) > now.getTime() - 90 * 86_400_000)).toBe(true);
  });

  it("were catalogued and revised 400–200 days ago, in time order", () => {
    const { policyRevisions } = getStore().data;
    const revisions = Object.values(policyRevisions);
    expect(revisions.filter((r) => r.number > 1).length).toBeGreaterThanOrEqual(10);
    for (const r of revisions) {
      const age = (now.getTime() - Date.parse(r.at)) / 86_400_000;
      expect(age).toBeGreaterThanOrEqual(199);
      expect(age).toBeLessThanOrEqual(401);
    }
    const policyEvents = getStore().activity.filter((e) => e.subject.kind === "policy");
    const times = policyEvents.map((e) => e.at);
    expect(times).toEqual([...times].sort());
  });
});

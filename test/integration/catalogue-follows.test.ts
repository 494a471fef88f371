/**
 * The catalogue's rows are built once (in slices) and then kept current change by change: after
 * policies are revised, retired and created, a team renamed, an owner deactivated, the day
 * moved on, and an event that changes many policies at once, every row in every sort order is
 * what a catalogue built from scratch on the same data gives.
 */
import { afterAll, describe, expect, it } from "vitest";
import { CATALOGUE_SORTS, listCatalogue, parseCatalogueQuery } from "~/models/catalogue.server";
import { setPersonActive } from "~/models/person.server";
import { createPolicy, policyToInput, retirePolicy, revisePolicy } from "~/models/policy.server";
import { updateTeam } from "~/models/team.server";
import { closeStore, openStore, put } from "~/store/index.server";
import { closeTestStore, fixedClock, openTestStore, policyInput } from "../factories";

afterAll(closeTestStore);

const clock = fixedClock("2026-03-02T09:00:00.000Z");

/** Every row, in each sort order (every status). */
async function everyRow() {
  const out: Record<string, string[]> = {};
  for (const sort of CATALOGUE_SORTS) {
    const page = await listCatalogue(parseCatalogueQuery(new URLSearchParams({ status: "all", sort })), 100_000);
    out[sort] = page.rows.map((row) => JSON.stringify(row));
  }
  return out;
}

/** The same data opened again: its catalogue is built from scratch. */
async function reopened(dir: string) {
  await closeStore();
  const store = await openStore(dir);
  store.clock = clock;
  return store;
}

describe("the catalogue's rows, kept change by change", () => {
  it("equal rows built from scratch after every kind of change", async () => {
    const { store, dir } = await openTestStore({ demo: true });
    store.clock = clock;
    const before = await everyRow();
    const admin = Object.values(store.data.people).find((p) => p.role === "admin" && p.active)!;
    const policies = Object.values(store.data.policies).filter((p) => p.status === "active");

    // Revised: a new title (it moves to the top by title) and more friction (to the top by hours).
    const first = policies[0];
    await revisePolicy({
      actor: admin,
      policyId: first.id,
      input: { ...policyToInput(first), title: "Aaa: the first by title", occurrencesPerMonth: 100_000 },
      note: "Renamed and measured again.",
    });
    await retirePolicy({ actor: admin, policyId: policies[1].id, reason: "Nobody could say what it protected any more." });
    const created = await createPolicy({ actor: admin, input: policyInput({ teamId: policies[2].teamId, ownerId: admin.id, title: "Zzz: the last by title" }) });
    const team = store.data.teams[policies[3].teamId];
    await updateTeam({ actor: admin, teamId: team.id, input: { name: "Renamed team", slug: team.slug, description: team.description } });
    const owner = Object.values(store.data.people).find((p) => p.active && p.id !== admin.id && policies.some((q) => q.ownerId === p.id))!;
    await setPersonActive({ actor: admin, personId: owner.id, active: false });
    clock.advanceDays(800); // reviews fall overdue

    const kept = await everyRow();
    const rows = kept.title.map((r) => JSON.parse(r) as { id: string; title: string; teamName: string; ownerId: string; status: string; orphan: boolean; overdue: boolean });
    // Each change shows (so the comparison below compares something that moved).
    expect(rows[0].title).toBe("Aaa: the first by title");
    expect((JSON.parse(kept.hours[0]) as { id: string }).id).toBe(first.id);
    expect(rows.at(-1)!.id).toBe(created.id);
    expect(rows.filter((r) => r.teamName === "Renamed team").length).toBeGreaterThan(0);
    const owned = rows.filter((r) => r.ownerId === owner.id && r.status !== "retired");
    expect(owned.length).toBeGreaterThan(0);
    expect(owned.every((r) => r.orphan)).toBe(true);
    expect(rows.filter((r) => r.overdue).length).toBeGreaterThan(before.title.map((r) => JSON.parse(r) as { overdue: boolean }).filter((r) => r.overdue).length);

    await reopened(dir);
    expect(kept).toEqual(await everyRow());
  });

  it("rebuilds after one event that changes many policies at once, and equals rows built from scratch", async () => {
    const { store, dir } = await openTestStore({ demo: true });
    store.clock = clock;
    await everyRow();
    const many = Object.values(store.data.policies).slice(0, 30);
    const extra = Array.from({ length: 120 }, (_, i) => ({ ...many[i % many.length], id: `bulk-${i}`, slug: `bulk-${i}`, title: `Bulk ${120 - i}` }));
    await store.commit({ type: "policy.created", actorId: null, subject: { kind: "policy", id: "bulk-0" } }, [
      ...many.map((p, i) => put("policies", { ...p, title: `Renamed ${i}` })),
      ...extra.map((p) => put("policies", p)),
    ]);
    const kept = await everyRow();
    expect(kept.title.filter((r) => r.includes('"title":"Bulk ')).length).toBe(120);
    await reopened(dir);
    expect(kept).toEqual(await everyRow());
  });
});

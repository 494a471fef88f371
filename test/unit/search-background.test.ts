/**
 * The search index built in slices after start-up (as the server does): a search that waits for
 * it finds everything, and writes made while it is built are in it once, as written.
 */
import { afterAll, describe, expect, it } from "vitest";
import { search, searchReady, startSearchIndex, stopSearchIndex } from "~/lib/search.server";
import { getStore } from "~/store/index.server";
import { buildPerson, buildPolicy, buildTeam, closeTestStore, openTestStore } from "../factories";

afterAll(closeTestStore);

describe("the search index built in the background", () => {
  it("answers fully once ready, with the writes made while it was built", async () => {
    await openTestStore();
    const team = await buildTeam({ name: "Support" });
    const manager = await buildPerson({ role: "manager", teamId: team.id });
    for (let i = 0; i < 600; i++) await buildPolicy(manager, { title: `Routine rule ${i}`, summary: "Everyday handling." });
    stopSearchIndex();

    startSearchIndex(getStore(), { background: true });
    const partial = search("routine", { limit: 5000 }).length;
    expect(partial).toBeLessThan(600); // nothing is built before the first slice
    const late = await buildPolicy(manager, { title: "Routine rule written during the build", summary: "Added while indexing." });
    await searchReady();
    const hits = search("routine", { limit: 5000 });
    expect(hits).toHaveLength(601);
    expect(new Set(hits.map((h) => h.id)).size).toBe(601);
    expect(hits.some((h) => h.slug === late.slug)).toBe(true);
  }, 60_000);
});

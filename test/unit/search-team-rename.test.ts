/**
 * A team's name is part of each of its policies in the search index: renaming the team refreshes
 * those documents (and only those), so the new name finds them and the old one no longer does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateTeam } from "~/models/team.server";
import { search, searchReady, startSearchIndex } from "~/lib/search.server";
import { getStore } from "~/store/index.server";
import { buildPerson, buildPolicy, buildTeam, closeTestStore, openTestStore } from "../factories";

let support: Awaited<ReturnType<typeof buildTeam>>;
let admin: Awaited<ReturnType<typeof buildPerson>>;

beforeAll(async () => {
  await openTestStore();
  support = await buildTeam({ name: "Support" });
  const finance = await buildTeam({ name: "Finance" });
  admin = await buildPerson({ role: "admin", teamId: finance.id });
  const supportManager = await buildPerson({ role: "manager", teamId: support.id });
  const financeManager = await buildPerson({ role: "manager", teamId: finance.id });
  await buildPolicy(supportManager, { title: "Ticket triage", summary: "Every ticket is read within a day." });
  await buildPolicy(supportManager, { title: "Refund checks", summary: "Refunds are checked twice." });
  await buildPolicy(financeManager, { title: "Invoice approvals", summary: "Invoices need two signatures." });
  startSearchIndex(getStore());
});
afterAll(closeTestStore);

const found = (q: string) => search(q).map((h) => `${h.title} (${h.team})`).sort();

describe("renaming a team", () => {
  it("refreshes its policies in the index, and leaves the others as they were", async () => {
    expect(found("support")).toEqual(["Refund checks (Support)", "Ticket triage (Support)"]);

    await updateTeam({ actor: admin, teamId: support.id, input: { name: "Customer care", slug: support.slug, description: "" } });
    await searchReady();

    expect(found("care")).toEqual(["Refund checks (Customer care)", "Ticket triage (Customer care)"]);
    expect(found("support")).toEqual([]);
    expect(found("invoice")).toEqual(["Invoice approvals (Finance)"]);
  });
});

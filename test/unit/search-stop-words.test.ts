/**
 * Words that say nothing about a text (English and Dutch) are left out of the search index and
 * out of a query that has other words; a query of them alone still finds the words they begin.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { search, startSearchIndex } from "~/lib/search.server";
import { getStore } from "~/store/index.server";
import { buildPerson, buildPolicy, buildTeam, closeTestStore, openTestStore } from "../factories";

beforeAll(async () => {
  await openTestStore();
  const team = await buildTeam({ name: "IT" });
  const manager = await buildPerson({ role: "manager", teamId: team.id });
  await buildPolicy(manager, { title: "Budget approvals", summary: "Spending needs the approval of a manager." });
  await buildPolicy(manager, { title: "Theft reports", summary: "Lost budget lines are reported." });
  await buildPolicy(manager, { title: "Invoices are paid weekly", summary: "De facturen worden wekelijks betaald." });
  startSearchIndex(getStore());
});
afterAll(closeTestStore);

const titles = (q: string) => search(q).map((h) => h.title).sort();

describe("stop words", () => {
  it("leaves them out of a query with other words", () => {
    // Required, "the" would keep only the text with a word it begins ("theft").
    expect(titles("the budget")).toEqual(["Budget approvals", "Theft reports"]);
    expect(titles("de facturen")).toEqual(["Invoices are paid weekly"]);
  });

  it("keeps them out of the index; a query of them alone looks for the words they begin", () => {
    expect(titles("the")).toEqual(["Theft reports"]); // not "Budget approvals", whose summary has "the"
    expect(titles("in")).toEqual(["Invoices are paid weekly"]);
  });

  it("keeps words that are names here", () => {
    expect(titles("IT").length).toBe(3); // the team's name is in every document
  });
});

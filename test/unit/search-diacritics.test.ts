import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { search, searchTerm } from "~/lib/search.server";
import { buildPerson, buildPolicy, buildTeam, closeTestStore, openTestStore } from "../factories";

beforeAll(async () => {
  await openTestStore();
  const team = await buildTeam({ name: "Administratie België" });
  const manager = await buildPerson({ role: "manager", teamId: team.id });
  const english = await buildTeam({ name: "Support" });
  const lead = await buildPerson({ role: "manager", teamId: english.id });
  await buildPolicy(manager, {
    title: "Financiële goedkeuring van declaraties",
    summary: "Declaraties boven 500 euro vragen een tweede handtekening.",
  });
  await buildPolicy(manager, {
    title: "Categorieën van uitgaven",
    summary: "Elke uitgave krijgt één categorie uit de vaste lijst; coördinatie ligt bij het café-team.",
  });
  await buildPolicy(manager, { title: "Eén loket voor alle vragen", summary: "Alle vragen via hetzelfde nummer." });
  await buildPolicy(lead, { title: "Refunds over 50 need approval", summary: "A manager approves large refunds." });
});
afterAll(closeTestStore);

const titles = (q: string) => search(q).map((h) => h.title);
/**
 * How well a query matches a policy: typo tolerance alone would find a word missing its accent
 * too, but as a lesser match. (Asked once across kinds and once for policies only, so that the
 * two queries compared are ranked apart, not answered from the same remembered ranking.)
 */
const score = (q: string, title: string) => search(q).find((h) => h.title === title)?.score;
const policyScore = (q: string, title: string) => search(q, { kind: "policy" }).find((h) => h.title === title)?.score;

describe("search across languages", () => {
  it("keeps words without their accents and in lower case", () => {
    expect(searchTerm("Financiële")).toBe("financiele");
    expect(searchTerm("CATEGORIEËN")).toBe("categorieen");
    expect(searchTerm("coördinatie")).toBe("coordinatie");
  });

  it("finds a word with diacritics typed without them as well as typed with them", () => {
    expect(titles("financiele")).toEqual(["Financiële goedkeuring van declaraties"]);
    expect(titles("categorieen")).toEqual(["Categorieën van uitgaven"]);
    for (const [plain, accented, title] of [
      ["financiele", "financiële", "Financiële goedkeuring van declaraties"],
      ["categorieen", "categorieën", "Categorieën van uitgaven"],
      ["coordinatie", "coördinatie", "Categorieën van uitgaven"],
      ["cafe", "café", "Categorieën van uitgaven"],
      ["belgie", "België", "Eén loket voor alle vragen"],
    ]) {
      expect(score(plain, title), plain).toBeDefined();
      expect(score(plain, title), plain).toBe(policyScore(accented, title));
    }
  });

  it("and the other way round: accents typed where the text has none", () => {
    expect(titles("refünds")).toEqual(["Refunds over 50 need approval"]);
    expect(score("refünds", "Refunds over 50 need approval")).toBe(policyScore("refunds", "Refunds over 50 need approval"));
  });

  it("ignores case", () => {
    expect(titles("FINANCIËLE")).toEqual(["Financiële goedkeuring van declaraties"]);
    expect(score("FINANCIËLE", "Financiële goedkeuring van declaraties")).toBe(policyScore("financiële", "Financiële goedkeuring van declaraties"));
    expect(titles("Categorieen Uitgaven")).toEqual(["Categorieën van uitgaven"]);
    expect(titles("REFUNDS")).toEqual(["Refunds over 50 need approval"]);
  });
});

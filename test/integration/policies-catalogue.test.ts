/**
 * The catalogue's filters, sorts and pages as the URL gives them, its cached rows kept right after
 * every write, and search across the product: ranked, typo-tolerant, current on every write.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as catalogue from "~/routes/policies._index";
import * as searchPage from "~/routes/search";
import { resetSignInThrottle } from "~/lib/auth.server";
import { catalogueForExport, listCatalogue, parseCatalogueQuery } from "~/models/catalogue.server";
import { reportFriction } from "~/models/friction-report.server";
import { setPersonActive } from "~/models/person.server";
import { createPolicy, policyToInput, retirePolicy, revisePolicy } from "~/models/policy.server";
import { search } from "~/lib/search.server";
import { getStore } from "~/store/index.server";
import type { Policy } from "~/store/schema";
import { buildPerson, buildTeam, closeTestStore, fixedClock, openTestStore, policyInput } from "../factories";
import { body, call, get, sessionCookie } from "../support/requests";

type Person = Awaited<ReturnType<typeof buildPerson>>;
let clock: ReturnType<typeof fixedClock>;
let admin: Person;
let employee: Person;
let leaver: Person;
let finance: string;
let sales: string;
const p: Record<string, Policy> = {};

const as = () => sessionCookie(employee.email, employee.password);
async function titles(search: string) {
  const res = await call(catalogue.loader, get(`/policies${search}`, await as()));
  expect(res.status).toBe(200);
  return (await body(res)).rows.map((r: { title: string }) => r.title);
}

beforeAll(async () => {
  const { store } = await openTestStore();
  clock = fixedClock("2025-01-10T09:00:00.000Z");
  store.clock = clock;
  finance = (await buildTeam({ name: "Finance", slug: "finance" })).id;
  sales = (await buildTeam({ name: "Sales", slug: "sales" })).id;
  admin = await buildPerson({ teamId: finance, role: "admin", name: "Amara Okafor" });
  employee = await buildPerson({ teamId: sales, name: "Eva Janssen" });
  leaver = await buildPerson({ teamId: sales, name: "Henk Mulder" });
  const make = async (key: string, o: Parameters<typeof policyInput>[0] extends infer _ ? Partial<Parameters<typeof policyInput>[0]> : never) => {
    p[key] = await createPolicy({ actor: admin, input: policyInput({ teamId: finance, ownerId: admin.id, ...o }) });
  };
  await make("receipts", {
    title: "Expense claims need receipts",
    summary: "Every item over €10 needs a receipt.",
    body: "Upload a scan of each receipt.",
    purposeTags: ["compliance", "fraud-prevention"],
    frictionTags: ["paperwork"],
    occurrencesPerMonth: 400,
    activeMinutes: 12,
    waitingMinutes: 0,
    audienceExternal: false,
    audienceTeamIds: [sales],
    reviewCycleMonths: 24,
  });
  await make("signatures", {
    title: "Large expense claims need two signatures",
    summary: "Claims above €500 are approved twice.",
    body: "The line manager approves, then Finance. Keep the receipts.",
    purposeTags: ["fraud-prevention"],
    frictionTags: ["approval", "waiting"],
    occurrencesPerMonth: 60,
    activeMinutes: 10,
    waitingMinutes: 4320,
    audienceExternal: false,
    audienceTeamIds: [sales, finance],
    reviewCycleMonths: 6,
  });
  await make("vat", {
    title: "VAT invoices show the VAT number",
    purpose: "Required for reverse-charge invoicing.",
    purposeTags: ["compliance"],
    mandate: "law",
    frictionTags: ["jargon"],
    occurrencesPerMonth: 250,
    activeMinutes: 3,
    waitingMinutes: 30,
    audienceExternal: true,
    reviewCycleMonths: 36,
  });
  await make("discounts", {
    teamId: sales,
    ownerId: leaver.id,
    title: "Large discounts need sign-off",
    purpose: "",
    purposeTags: [],
    frictionTags: ["approval"],
    occurrencesPerMonth: 90,
    activeMinutes: 10,
    waitingMinutes: 1440,
    audienceExternal: true,
    mandate: "contract",
    reviewCycleMonths: 12,
  });
  await make("fax", { title: "International payments confirmed by fax", body: "Fax the bank. Receipts are not needed.", occurrencesPerMonth: 6, activeMinutes: 30, waitingMinutes: 1440, reviewCycleMonths: 12 });
  await retirePolicy({ actor: admin, policyId: p.fax.id, reason: "The bank confirms online." });
  await setPersonActive({ actor: admin, personId: leaver.id, active: false });
  clock.set("2025-09-01T09:00:00.000Z"); // "signatures" (6-month cycle) is now overdue
});
afterAll(closeTestStore);
beforeEach(() => resetSignInThrottle());

describe("the catalogue", () => {
  it("lists current policies by customer hours, most first, with their figures and badges", async () => {
    const res = await call(catalogue.loader, get("/policies", await as()));
    const data = await body(res);
    expect(data.rows.map((r: { title: string }) => r.title)).toEqual([
      "Large expense claims need two signatures", // 4330 h
      "Large discounts need sign-off", // 2175 h
      "VAT invoices show the VAT number", // 137.5 h
      "Expense claims need receipts", // 80 h
    ]);
    expect(data.total).toBe(4);
    expect(data.totalHours).toBe(4330 + 2175 + 137.5 + 80);
    expect(data.rows[0]).toEqual({
      slug: "large-expense-claims-need-two-signatures",
      title: "Large expense claims need two signatures",
      teamName: "Finance",
      purposeTags: ["fraud-prevention"],
      customerHours: 4330,
      nextReviewOn: "2025-07-10",
      status: "active",
      overdue: true,
      orphan: false,
      missingPurpose: false,
    });
    expect(data.rows[1]).toMatchObject({ orphan: true, missingPurpose: true, overdue: false });
  });

  it("filters by team, status, purpose, friction, audience and mandate", async () => {
    expect(await titles("?team=sales")).toEqual(["Large discounts need sign-off"]);
    expect(await titles("?team=nobody")).toEqual([]);
    expect(await titles("?status=retired")).toEqual(["International payments confirmed by fax"]);
    expect(await titles("?status=all")).toHaveLength(5);
    expect(await titles("?purpose=compliance")).toEqual(["VAT invoices show the VAT number", "Expense claims need receipts"]);
    expect(await titles("?friction=approval")).toEqual(["Large expense claims need two signatures", "Large discounts need sign-off"]);
    expect(await titles("?audience=external")).toEqual(["Large discounts need sign-off", "VAT invoices show the VAT number"]);
    expect(await titles("?audience=internal")).toEqual(["Large expense claims need two signatures", "Expense claims need receipts"]);
    expect(await titles("?audience=finance")).toEqual(["Large expense claims need two signatures"]);
    expect(await titles("?mandate=external")).toEqual(["Large discounts need sign-off", "VAT invoices show the VAT number"]);
    expect(await titles("?mandate=law")).toEqual(["VAT invoices show the VAT number"]);
    expect(await titles("?mandate=own")).toEqual(["Large expense claims need two signatures", "Expense claims need receipts"]);
  });

  it("filters the findings: overdue, orphan, no purpose — and combines filters", async () => {
    expect(await titles("?overdue=1")).toEqual(["Large expense claims need two signatures"]);
    expect(await titles("?orphan=1")).toEqual(["Large discounts need sign-off"]);
    expect(await titles("?nopurpose=1")).toEqual(["Large discounts need sign-off"]);
    expect(await titles("?team=finance&purpose=fraud-prevention&friction=paperwork")).toEqual(["Expense claims need receipts"]);
  });

  it("sorts by title and by next review", async () => {
    expect(await titles("?sort=title")).toEqual([
      "Expense claims need receipts",
      "Large discounts need sign-off",
      "Large expense claims need two signatures",
      "VAT invoices show the VAT number",
    ]);
    expect(await titles("?sort=next-review")).toEqual([
      "Large expense claims need two signatures", // 2025-07-10
      "Large discounts need sign-off", // 2026-01-10
      "Expense claims need receipts", // 2027-01-10
      "VAT invoices show the VAT number", // 2028-01-10
    ]);
  });

  it("redirects a URL with empty or unknown filters to its shortest form", async () => {
    const res = await call(catalogue.loader, get("/policies?team=&status=current&purpose=&sort=title&overdue=&page=1", await as()));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/policies?sort=title");
    const bogus = await call(catalogue.loader, get("/policies?status=gone", await as()));
    expect(bogus.headers.get("Location")).toBe("/policies");
  });

  it("keeps its cached rows right after every write and when the day changes", async () => {
    const before = await titles("");
    expect(before[3]).toBe("Expense claims need receipts");
    clock.set("2025-09-01T10:00:00.000Z");
    const current = getStore().data.policies[p.receipts.id];
    await revisePolicy({ actor: admin, policyId: current.id, input: { ...policyToInput(current), waitingMinutes: 2000 }, note: "Claims wait for the monthly run" });
    expect((await titles(""))[0]).toBe("Expense claims need receipts"); // 400 × 2012 / 60 h
    // A friction report (or a vote) does not change the rows …
    await reportFriction({ actor: employee, policyId: p.vat.id, input: { minutesLost: 5, effort: 2, what: "Jargon" } });
    expect(await titles("?overdue=1")).toEqual(["Large expense claims need two signatures"]);
    // … but the day does: two years on, more is overdue.
    clock.set("2027-02-01T09:00:00.000Z");
    expect(await titles("?overdue=1&sort=title")).toEqual([
      "Expense claims need receipts",
      "Large discounts need sign-off",
      "Large expense claims need two signatures",
    ]);
    clock.set("2025-09-01T10:00:00.000Z");
  });

  it("paginates 20 to a page, keeping the filters, and clamps a page past the end", async () => {
    for (let i = 0; i < 30; i++) {
      await createPolicy({ actor: admin, input: policyInput({ teamId: sales, ownerId: employee.id, title: `Bulk rule ${String(i).padStart(2, "0")}`, occurrencesPerMonth: i }) });
    }
    const first = await body(await call(catalogue.loader, get("/policies?team=sales&sort=title", await as())));
    expect(first).toMatchObject({ total: 31, page: 1, pages: 2 });
    expect(first.rows).toHaveLength(20);
    expect(first.rows[0].title).toBe("Bulk rule 00");
    const second = await body(await call(catalogue.loader, get("/policies?team=sales&sort=title&page=2", await as())));
    expect(second.rows.map((r: { title: string }) => r.title)).toEqual([...Array.from({ length: 10 }, (_, i) => `Bulk rule ${20 + i}`), "Large discounts need sign-off"]);
    const past = await body(await call(catalogue.loader, get("/policies?team=sales&sort=title&page=9", await as())));
    expect(past.page).toBe(2);
  });

  it("answers page 50 of a large catalogue with two filters from its cache", async () => {
    const store = getStore();
    store.durable = false;
    for (let i = 0; i < 1500; i++) {
      await createPolicy({
        actor: admin,
        input: policyInput({ teamId: i % 2 ? finance : sales, ownerId: admin.id, title: `Generated ${i}`, purposeTags: i % 3 ? ["quality"] : ["price"], occurrencesPerMonth: i }),
      });
    }
    store.durable = true;
    await store.flush();
    const query = parseCatalogueQuery(new URLSearchParams("team=finance&purpose=quality&page=20"));
    const first = await listCatalogue(query);
    expect(first.page).toBe(20);
    expect(first.rows.every((r) => r.teamName === "Finance" && r.purposeTags.includes("quality"))).toBe(true);
    // The rows are derived once: asking again, by page or for the export, hands back the very same row objects…
    const rowOf = async (id: string) => (await catalogueForExport(query)).find((x) => x.row.id === id)?.row;
    expect((await listCatalogue(query)).rows[0]).toBe(first.rows[0]);
    expect(await rowOf(first.rows[0].id)).toBe(first.rows[0]);
    // …and a new policy is counted, its row put in place without deriving the others again.
    await createPolicy({ actor: admin, input: policyInput({ teamId: finance, ownerId: admin.id, title: "Generated late", purposeTags: ["quality"] }) });
    expect((await listCatalogue(query)).total).toBe(first.total + 1);
    expect(await rowOf(first.rows[0].id)).toBe(first.rows[0]);
  });
});

describe("search", () => {
  const hits = async (q: string, kind = "") => {
    const res = await call(searchPage.loader, get(`/search?q=${encodeURIComponent(q)}${kind ? `&kind=${kind}` : ""}`, await as()));
    expect(res.status).toBe(200);
    return (await body(res)).hits as Array<{ title: string; href: string; kind: string; retired: boolean; summary: string }>;
  };

  it("ranks a title match above a match in the body, and retired policies last", async () => {
    const found = await hits("receipts");
    expect(found.map((h) => h.title)).toEqual([
      "Expense claims need receipts",
      "Large expense claims need two signatures",
      "International payments confirmed by fax",
    ]);
    expect(found[0]).toMatchObject({ kind: "policy", href: "/policies/expense-claims-need-receipts", retired: false });
    expect(found[2].retired).toBe(true);
  });

  it("finds every word of title, summary, body and purpose, forgiving typos and unfinished words", async () => {
    expect((await hits("reverse-charge")).map((h) => h.title)).toEqual(["VAT invoices show the VAT number"]);
    expect((await hits("recipts")).map((h) => h.title)[0]).toBe("Expense claims need receipts");
    expect((await hits("signat")).map((h) => h.title)[0]).toBe("Large expense claims need two signatures");
    expect((await hits("line manager approves")).map((h) => h.title)).toEqual(["Large expense claims need two signatures"]);
  });

  it("is current on every write: new policies, new text and retirements", async () => {
    expect(await hits("zeppelin")).toEqual([]);
    const created = await createPolicy({ actor: admin, input: policyInput({ teamId: finance, ownerId: admin.id, title: "Zeppelin travel is booked by the desk" }) });
    expect((await hits("zeppelin")).map((h) => h.title)).toEqual(["Zeppelin travel is booked by the desk"]);
    await revisePolicy({ actor: admin, policyId: created.id, input: { ...policyToInput(created), body: "Airships need a quartermaster's stamp." }, note: "Stamp" });
    expect((await hits("quartermaster")).map((h) => h.title)).toEqual(["Zeppelin travel is booked by the desk"]);
    await retirePolicy({ actor: admin, policyId: created.id, reason: "No more zeppelins." });
    expect((await hits("zeppelin"))[0].retired).toBe(true);
  });

  it("pages through every hit, twenty at a time, and says how many there are", async () => {
    for (let i = 1; i <= 25; i++) {
      await createPolicy({ actor: admin, input: policyInput({ teamId: finance, ownerId: admin.id, title: `Quokka sighting ${i} is logged` }) });
    }
    const pageOf = async (n: number) => {
      const res = await call(searchPage.loader, get(`/search?q=quokka&page=${n}`, await as()));
      return (await body(res)) as { hits: Array<{ title: string }>; total: number; page: number; pages: number };
    };
    const first = await pageOf(1);
    expect(first).toMatchObject({ total: 25, page: 1, pages: 2 });
    expect(first.hits).toHaveLength(20);
    const second = await pageOf(2);
    expect(second.hits).toHaveLength(5);
    const titles = [...first.hits, ...second.hits].map((h) => h.title);
    expect(new Set(titles).size).toBe(25);
    expect((await pageOf(99)).page).toBe(2);
  });

  it("narrows to policies or standards, and answers an empty query with nothing", async () => {
    expect((await hits("receipts", "standard")).length).toBe(0);
    expect((await hits("receipts", "policy")).length).toBe(3);
    expect(await hits("   ")).toEqual([]);
    expect(search("")).toEqual([]);
  });
});

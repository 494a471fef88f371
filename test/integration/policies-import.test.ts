/**
 * Bringing a catalogue in from a spreadsheet and taking it out again: preview with each row's
 * problems in plain words, nothing written before confirmation, bad rows skipped only by choice,
 * everything checked again on confirmation; exports of the filtered catalogue as CSV and JSON.
 */
import Papa from "papaparse";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as importPage from "~/routes/policies.import";
import * as template from "~/routes/policies.import_.template[.]csv";
import * as exportCsv from "~/routes/policies.export[.]csv";
import * as exportJson from "~/routes/policies.export[.]json";
import { resetSignInThrottle } from "~/lib/auth.server";
import { setPersonActive } from "~/models/person.server";
import { IMPORT_COLUMNS } from "~/models/policy-import.server";
import { getStore } from "~/store/index.server";
import { buildPerson, buildPolicy, buildTeam, closeTestStore, fixedClock, openTestStore } from "../factories";
import { body, call, get, post, sessionCookie } from "../support/requests";
import { readMessage, translator } from "~/i18n";

const inEnglish = (message: string) => readMessage(translator("en"), message);

type Person = Awaited<ReturnType<typeof buildPerson>>;
let manager: Person;
let admin: Person;
let owner: Person;
let salesPerson: Person;
let cookies: Record<"manager" | "admin", string>;

beforeAll(async () => {
  const { store } = await openTestStore();
  store.clock = fixedClock("2026-03-01T09:00:00.000Z");
  const finance = await buildTeam({ name: "Finance", slug: "finance" });
  const sales = await buildTeam({ name: "Sales", slug: "sales" });
  manager = await buildPerson({ teamId: finance.id, role: "manager", email: "maarten@example.test" });
  owner = await buildPerson({ teamId: finance.id, email: "hana@example.test", name: "Hana Sato" });
  admin = await buildPerson({ teamId: sales.id, role: "admin" });
  salesPerson = await buildPerson({ teamId: sales.id, email: "kwame@example.test" });
  cookies = {
    manager: await sessionCookie(manager.email, manager.password),
    admin: await sessionCookie(admin.email, admin.password),
  };
});
afterAll(closeTestStore);
beforeEach(() => resetSignInThrottle());

function csvRow(values: Partial<Record<(typeof IMPORT_COLUMNS)[number], string>>) {
  const base: Record<string, string> = {
    title: "",
    summary: "",
    body: "",
    team: "finance",
    owner_email: "hana@example.test",
    purpose: "Keeps spending within budget.",
    purpose_tags: "compliance; price",
    audience_external: "no",
    audience_teams: "sales",
    mandate: "own",
    occurrences_per_month: "45",
    steps: "8",
    approvals: "2",
    handoffs: "2",
    active_minutes: "30",
    waiting_minutes: "2880",
    friction_tags: "approval; paperwork",
    review_cycle_months: "12",
    last_reviewed_on: "",
    status: "",
    ...values,
  };
  return Papa.unparse([IMPORT_COLUMNS.map((c) => base[c])], { newline: "\r\n" });
}

const HEADER = IMPORT_COLUMNS.join(",");
const GOOD = [
  csvRow({ title: "Purchase orders over €1,000", body: "## Rule\r\n\r\nRaise a PO, then order.\r\n\r\n- Budget holder approves" }),
  csvRow({ title: "Supplier invoices entered twice", purpose: "", purpose_tags: "", status: "draft", friction_tags: "duplicate data entry" }),
];
const BAD = [
  csvRow({ title: "", occurrences_per_month: "lots" }), // line 4
  csvRow({ title: "Discounts over 15%", team: "sales", owner_email: "kwame@example.test" }), // line 5: not the manager's team
  csvRow({ title: "Unknown owner", owner_email: "ghost@example.test", audience_external: "sometimes" }), // line 6
  "Too short,finance", // line 7
];

function file(rows: string[], { bom = true } = {}) {
  return `${bom ? "\uFEFF" : ""}${HEADER}\r\n${rows.join("\r\n")}\r\n`;
}

/** The body as sent, BOM included (Response.text() would drop it). */
async function csvText(res: Response) {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
}

function counts() {
  const data = getStore().data;
  return { policies: Object.keys(data.policies).length, revisions: Object.keys(data.policyRevisions).length, events: getStore().activity.length };
}

function upload(csv: string, cookie: string, name = "policies.csv") {
  const form = new FormData();
  form.set("intent", "preview");
  form.set("file", new File([csv], name, { type: "text/csv" }));
  return new Request("http://untangle.test/policies/import", { method: "POST", body: form, headers: { Cookie: cookie, Origin: "http://untangle.test" } });
}

describe("preview", () => {
  it("shows every row as it will be imported and every problem in plain words, writing nothing", async () => {
    const before = counts();
    const res = await call(importPage.action, upload(file([...GOOD, ...BAD]), cookies.manager));
    expect(res.status).toBe(200);
    const { preview, csv } = await body(res);
    expect(counts()).toEqual(before);
    expect(csv).toContain("Purchase orders over €1,000");
    expect(preview.ready).toBe(2);
    expect(preview.withProblems).toBe(4);

    const byLine = Object.fromEntries(preview.rows.map((r: { line: number }) => [r.line, r]));
    expect(byLine[2]).toMatchObject({ title: "Purchase orders over €1,000", teamName: "Finance", ownerName: "Hana Sato", customerHours: 2182.5, problems: [] });
    expect(byLine[2].purposeTags).toEqual(["compliance", "price"]);
    // The quoted body spans lines 2–6; rows are numbered by the line they start on.
    const lines = preview.rows.map((r: { line: number }) => r.line);
    expect(lines).toEqual([2, 7, 8, 9, 10, 11]);
    const problems = (line: number) => byLine[line].problems.map((p: { column: string | null; key: string | null; message: string }) => [p.column, p.key ?? inEnglish(p.message)]);
    expect(byLine[7]).toMatchObject({ status: "draft", problems: [] });
    expect(problems(8)).toEqual([
      ["title", "Give the policy a title."],
      ["occurrences_per_month", "Enter the occurrences per month as a number."],
    ]);
    expect(problems(9)).toEqual([["team", "notYourTeam"]]);
    expect(problems(10)).toEqual([
      ["owner_email", "unknownOwner"],
      ["audience_external", "badYesNo"],
    ]);
    expect(problems(11)[0]).toEqual([null, "tooFewValues"]);
  });

  it("reads pasted text as well as an uploaded file", async () => {
    const res = await call(importPage.action, post("/policies/import", { intent: "preview", csv: file(GOOD, { bom: false }).replace(/\r\n/g, "\n") }, cookies.manager));
    const { preview } = await body(res);
    expect(preview.ready).toBe(2);
  });

  it("names what is wrong with a file that cannot be read at all", async () => {
    const missing = await body(await call(importPage.action, upload("title,summary\nA,B\n", cookies.manager)));
    expect(missing.preview.fileProblems[0]).toMatchObject({ key: "missingColumns" });
    const unclosed = await body(await call(importPage.action, upload(`${HEADER}\n"Never closed,finance\n`, cookies.manager)));
    expect(unclosed.preview.fileProblems[0]).toMatchObject({ key: "unreadable", vars: { line: "2" } });
    const none = await call(importPage.action, post("/policies/import", { intent: "preview", csv: "  " }, cookies.manager));
    expect(none.status).toBe(400);
    expect((await body(none)).formError).toBe("Choose a CSV file to upload, or paste its text.");
  });

  it("refuses a file over 2 MB", async () => {
    const big = `${HEADER}\n${"x".repeat(2_100_000)}\n`;
    const res = await call(importPage.action, upload(big, cookies.manager));
    expect(res.status).toBe(400);
    expect((await body(res)).preview.fileProblems[0].key).toBe("tooLarge");
  });
});

describe("confirming", () => {
  it("refuses a file with problems unless the bad rows are skipped by choice; writes nothing", async () => {
    const before = counts();
    const res = await call(importPage.action, post("/policies/import", { intent: "confirm", csv: file([...GOOD, ...BAD]) }, cookies.manager));
    expect(res.status).toBe(400);
    const data = await body(res);
    expect(data.formError).toBe("Some rows have problems: fix them in the file, or choose to skip them.");
    expect(data.preview.withProblems).toBe(4);
    expect(counts()).toEqual(before);
  });

  it("checks everything again: an owner who left since the preview keeps their row out", async () => {
    const leaver = await buildPerson({ teamId: manager.teamId, email: "leaver@example.test" });
    const rows = [csvRow({ title: "Owned by a leaver", owner_email: "leaver@example.test" }), csvRow({ title: "Month-end freeze" })];
    const preview = await body(await call(importPage.action, post("/policies/import", { intent: "preview", csv: file(rows) }, cookies.manager)));
    expect(preview.preview.ready).toBe(2);
    await setPersonActive({ actor: admin, personId: leaver.id, active: false });
    const res = await call(importPage.action, post("/policies/import", { intent: "confirm", csv: file(rows), skip: "on" }, cookies.manager));
    expect(res.status).toBe(302);
    const titles = Object.values(getStore().data.policies).map((p) => p.title);
    expect(titles).toContain("Month-end freeze");
    expect(titles).not.toContain("Owned by a leaver");
  });

  it("imports the good rows when asked to skip the bad ones, as revisions with an import event", async () => {
    const before = counts();
    const res = await call(importPage.action, post("/policies/import", { intent: "confirm", csv: file([...GOOD, ...BAD]), skip: "on" }, cookies.manager));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/policies?sort=title");
    const after = counts();
    expect(after.policies - before.policies).toBe(2);
    expect(after.revisions - before.revisions).toBe(2);

    const po = Object.values(getStore().data.policies).find((p) => p.title === "Purchase orders over €1,000")!;
    expect(po).toMatchObject({ status: "active", ownerId: owner.id, mandate: "own", audienceExternal: false });
    expect(po.body).toBe("## Rule\r\n\r\nRaise a PO, then order.\r\n\r\n- Budget holder approves");
    expect(po.bodyHtml).toContain("<h2>Rule</h2>");
    expect(getStore().data.policyRevisions[`${po.id}:1`]).toMatchObject({ authorId: manager.id, note: "Imported from a spreadsheet" });
    expect(getStore().activityFor("policy", po.id).map((e) => e.type)).toEqual(["policy.imported"]);

    const draft = Object.values(getStore().data.policies).find((p) => p.title === "Supplier invoices entered twice")!;
    expect(draft).toMatchObject({ status: "draft", purpose: "", frictionTags: ["duplicate-entry"] });
  });

  it("notices a second import of the same file", async () => {
    const { preview } = await body(await call(importPage.action, post("/policies/import", { intent: "preview", csv: file(GOOD) }, cookies.manager)));
    expect(preview.ready).toBe(0);
    expect(preview.rows[0].problems.map((p: { key: string }) => p.key)).toEqual(["alreadyCatalogued"]);
  });

  it("lets an admin import for any team", async () => {
    const rows = [csvRow({ title: "Credit checks for new customers", team: "Sales", owner_email: "kwame@example.test" })];
    const res = await call(importPage.action, post("/policies/import", { intent: "confirm", csv: file(rows) }, cookies.admin));
    expect(res.status).toBe(302);
    const imported = Object.values(getStore().data.policies).find((p) => p.title === "Credit checks for new customers")!;
    expect(imported.teamId).toBe(salesPerson.teamId);
  });
});

describe("the template", () => {
  it("has every documented column and two example rows, marked as examples, that the preview shows and the import skips", async () => {
    const res = await call(template.loader, get("/policies/import/template.csv", cookies.manager));
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toContain("attachment");
    const text = await csvText(res);
    expect(text.startsWith("\uFEFF")).toBe(true);
    const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
    expect(parsed[0]).toEqual([...IMPORT_COLUMNS]);
    expect(parsed).toHaveLength(3);
    const status = IMPORT_COLUMNS.indexOf("status");
    expect(parsed.slice(1).map((row) => row[status])).toEqual(["example", "example"]);
    const { preview } = await body(await call(importPage.action, post("/policies/import", { intent: "preview", csv: text }, cookies.manager)));
    expect(preview.fileProblems).toEqual([]);
    expect(preview.rows.map((r: { example: boolean; problems: unknown[] }) => [r.example, r.problems])).toEqual([[true, []], [true, []]]);
    expect(preview).toMatchObject({ ready: 0, withProblems: 0, examples: 2 });

    // Sent back as it is, nothing is catalogued.
    const before = Object.keys(getStore().data.policies).length;
    const refused = await call(importPage.action, post("/policies/import", { intent: "confirm", csv: text, skip: "on" }, cookies.manager));
    expect(refused.status).toBe(400);
    expect(inEnglish((await body(refused)).formError)).toBe("No row of this file can be imported. Fix it and upload it again.");
    expect(Object.keys(getStore().data.policies)).toHaveLength(before);
  });

  it("imports the rows added beneath the examples and only those", async () => {
    const text = await csvText(await call(template.loader, get("/policies/import/template.csv", cookies.manager)));
    const withMine = `${text}\r\n${csvRow({ title: "Budgets are set once a year" })}\r\n`;
    const { preview } = await body(await call(importPage.action, post("/policies/import", { intent: "preview", csv: withMine }, cookies.manager)));
    expect(preview).toMatchObject({ ready: 1, withProblems: 0, examples: 2 });
    const res = await call(importPage.action, post("/policies/import", { intent: "confirm", csv: withMine }, cookies.manager));
    expect(res.status).toBe(302);
    const titles = Object.values(getStore().data.policies).map((p) => p.title);
    expect(titles).toContain("Budgets are set once a year");
    expect(titles).not.toContain("Refunds over €50 need a manager's approval");
    expect(titles.filter((t) => t === "Supplier invoices are entered twice")).toHaveLength(0);
  });

  it("warns in the preview about a title the team already has, whatever its case and spacing", async () => {
    await buildPolicy(manager, { title: "Petty cash is counted weekly", ownerId: owner.id });
    const csv = [HEADER, csvRow({ title: "  petty CASH is counted weekly " })].join("\r\n");
    const { preview } = await body(await call(importPage.action, post("/policies/import", { intent: "preview", csv }, cookies.manager)));
    expect(preview.rows[0].problems.map((p: { key: string; column: string }) => [p.key, p.column])).toEqual([["alreadyCatalogued", "title"]]);
    expect(preview.ready).toBe(0);
  });
});

describe("exports", () => {
  beforeAll(async () => {
    await buildPolicy(manager, { title: "Expense receipts", ownerId: owner.id, occurrencesPerMonth: 400, activeMinutes: 12, waitingMinutes: 0, purpose: "" });
  });

  it("exports the filtered catalogue as CSV in the import's columns plus the derived figures, and it reads back in", async () => {
    const res = await call(exportCsv.loader, get("/policies/export.csv?team=finance&nopurpose=1", cookies.manager));
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const text = await csvText(res);
    const rows = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true }).data;
    expect(rows.map((r) => r.title).sort()).toEqual(["Expense receipts", "Supplier invoices entered twice"]);
    const receipts = rows.find((r) => r.title === "Expense receipts")!;
    expect(receipts).toMatchObject({ team: "finance", owner_email: "hana@example.test", customer_hours_per_month: "80", missing_purpose: "yes", overdue: "no" });
    // Read back in, every row is recognised — and reported as already catalogued.
    const { preview } = await body(await call(importPage.action, post("/policies/import", { intent: "preview", csv: text }, cookies.manager)));
    expect(preview.fileProblems).toEqual([]);
    expect(preview.ignoredColumns).toEqual(["slug", "customer_hours_per_month", "next_review_on", "overdue", "orphan", "missing_purpose"]);
    expect(preview.rows.flatMap((r: { problems: { key: string }[] }) => r.problems.map((p) => p.key))).toEqual(["alreadyCatalogued", "alreadyCatalogued"]);
  });

  it("exports the same view as JSON with names beside ids and the derived figures", async () => {
    const res = await call(exportJson.loader, get("/policies/export.json?team=finance&sort=title", cookies.manager));
    expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    const data = await res.json();
    expect(data.filters).toMatchObject({ team: "finance", sort: "title", status: "current" });
    const titles = data.policies.map((p: { title: string }) => p.title);
    expect(titles).toEqual([...titles].sort((a: string, b: string) => a.localeCompare(b)));
    expect(data.count).toBe(data.policies.length);
    const receipts = data.policies.find((p: { title: string }) => p.title === "Expense receipts");
    expect(receipts).toMatchObject({
      team: { slug: "finance", name: "Finance" },
      owner: { name: "Hana Sato", email: "hana@example.test", active: true },
      customerHoursPerMonth: 80,
      missingPurpose: true,
      friction: { occurrencesPerMonth: 400, activeMinutes: 12, waitingMinutes: 0 },
    });
    expect(receipts).not.toHaveProperty("bodyHtml");
  });
});

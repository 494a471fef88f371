/**
 * The people directory: import from CSV (preview, problems by line and column, confirm, a
 * second import changing nothing, deactivating who is not in the file), the template, and the
 * export — through the admin routes with real Requests against a real store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as importRoute from "~/routes/admin.people.import";
import * as template from "~/routes/admin.people.import_.template[.]csv";
import * as exportRoute from "~/routes/admin.people.export[.]csv";
import * as personPage from "~/routes/admin.people.$personId";
import { createPerson } from "~/models/person.server";
import { DIRECTORY_BATCH, importDirectory } from "~/models/directory.server";
import { getStore } from "~/store/index.server";
import { buildPerson, buildTeam, closeTestStore, openTestStore, TEST_PASSWORD } from "../factories";
import { body, call, get, post, sessionCookie } from "../support/requests";

let admin: Awaited<ReturnType<typeof buildPerson>>;
let adminCookie: string;
let employeeCookie: string;
let finance: { id: string };
let operations: { id: string };

const people = () => Object.values(getStore().data.people);
const byEmail = (email: string) => people().find((p) => p.email === email);

const preview = (csv: string, extra: Record<string, string> = {}) =>
  call(importRoute.action, post("/admin/people/import", { intent: "preview", csv, ...extra }, adminCookie));
const confirm = (csv: string, extra: Record<string, string> = {}) =>
  call(importRoute.action, post("/admin/people/import", { intent: "confirm", csv, ...extra }, adminCookie));

const GOOD = [
  "name,email,team,role,manager_email",
  "Femke Bakker,femke@corp.test,Finance,manager,",
  "Joris Visser,joris@corp.test,finance,employee,femke@corp.test",
  "Noor Smit,Noor@Corp.test,Operations,,femke@corp.test",
].join("\r\n");

beforeAll(async () => {
  await openTestStore();
  finance = await buildTeam({ name: "Finance", slug: "finance" });
  operations = await buildTeam({ name: "Operations", slug: "operations" });
  admin = await buildPerson({ role: "admin", teamId: operations.id, email: "admin@corp.test" });
  const employee = await buildPerson({ role: "employee", teamId: operations.id, email: "emp@corp.test" });
  adminCookie = await sessionCookie(admin.email, admin.password);
  employeeCookie = await sessionCookie(employee.email, employee.password);
});
afterAll(closeTestStore);

describe("importing the people directory", () => {
  it("is for admins only", async () => {
    const res = await call(importRoute.action, post("/admin/people/import", { intent: "preview", csv: GOOD }, employeeCookie));
    expect(res.status).toBe(403);
    expect((await call(exportRoute.loader, get("/admin/people/export.csv", employeeCookie))).status).toBe(403);
  });

  it("shows every row as it will be saved, and saves nothing until confirmed", async () => {
    const before = people().length;
    const res = await preview(GOOD);
    expect(res.status).toBe(200);
    const { preview: p } = await body(res);
    expect(p.counts).toEqual({ create: 3, update: 0, unchanged: 0, invalid: 0 });
    expect(p.rows.map((r: { line: number; email: string; teamName: string; role: string; managerName: string; outcome: string }) => [r.line, r.email, r.teamName, r.role, r.managerName, r.outcome])).toEqual([
      [2, "femke@corp.test", "Finance", "manager", "", "create"],
      [3, "joris@corp.test", "Finance", "employee", "Femke Bakker", "create"],
      [4, "noor@corp.test", "Operations", "employee", "Femke Bakker", "create"],
    ]);
    expect(people().length).toBe(before);
  });

  it("saves on confirmation: people with their team, role and manager, each with an event, and no password", async () => {
    const events = getStore().activity.length;
    const res = await confirm(GOOD);
    expect(res.status).toBe(302);
    const femke = byEmail("femke@corp.test")!;
    const joris = byEmail("joris@corp.test")!;
    expect(femke).toMatchObject({ name: "Femke Bakker", teamId: finance.id, role: "manager", active: true });
    expect(femke.managerId).toBeUndefined();
    expect(femke.passwordHash).toBeUndefined();
    expect(joris).toMatchObject({ teamId: finance.id, role: "employee", managerId: femke.id });
    expect(byEmail("noor@corp.test")).toMatchObject({ teamId: operations.id, managerId: femke.id });
    const noorId = byEmail("noor@corp.test")!.id;
    const page = await body(await call(personPage.loader, get(`/admin/people/${noorId}`, adminCookie), { personId: noorId }));
    expect(page).toMatchObject({ manager: { id: femke.id, name: "Femke Bakker" }, signIn: { company: false, password: false } });
    const added = getStore().activity.slice(events);
    expect(added.map((e) => e.type)).toEqual(["person.created", "person.created", "person.created"]);
    expect(added[0].actorId).toBe(admin.id);
    // Managers first: Femke is written before the people she manages.
    expect(added[0].subject.id).toBe(femke.id);
  });

  it("changes nothing when the same file is imported again", async () => {
    const events = getStore().activity.length;
    const { preview: p } = await body(await preview(GOOD));
    expect(p.counts).toEqual({ create: 0, update: 0, unchanged: 3, invalid: 0 });
    const res = await confirm(GOOD);
    expect(res.status).toBe(302);
    expect(getStore().activity.length).toBe(events);
  });

  it("updates what changed, and says which fields", async () => {
    const changed = GOOD.replace("Joris Visser,joris@corp.test,finance,employee,femke@corp.test", "Joris Visser,joris@corp.test,Operations,manager,");
    const { preview: p } = await body(await preview(changed));
    const joris = p.rows.find((r: { email: string }) => r.email === "joris@corp.test");
    expect(joris.outcome).toBe("update");
    expect(joris.changes).toEqual(["team", "role", "manager"]);
    expect((await confirm(changed)).status).toBe(302);
    const stored = byEmail("joris@corp.test")!;
    expect(stored).toMatchObject({ teamId: operations.id, role: "manager" });
    expect(stored.managerId).toBeUndefined();
    expect(getStore().activity.at(-1)).toMatchObject({ type: "person.updated", before: { role: "employee" }, after: { role: "manager" } });
  });

  it("names every problem by line and column, and a file with problems saves nothing", async () => {
    const csv = [
      "name,email,team,role,manager_email",
      ",blank@corp.test,Finance,employee,",
      "Bad Email,not-an-email,Finance,employee,",
      "Lost,lost@corp.test,Marketing,employee,",
      "Boss,boss@corp.test,Finance,chief,",
      "Orphan,orphan@corp.test,Finance,employee,nobody@corp.test",
      "Self,self@corp.test,Finance,employee,self@corp.test",
      "Twin,femke2@corp.test,Finance,employee,",
      "Twin Again,FEMKE2@corp.test,Finance,employee,",
      "Short,short@corp.test",
      "Me,admin@corp.test,Operations,employee,",
    ].join("\n");
    const events = getStore().activity.length;
    const { preview: p } = await body(await preview(csv));
    const problems = Object.fromEntries(
      p.rows.map((r: { line: number; problems: Array<{ column: string | null; key: string; vars: Record<string, string> }> }) => [
        r.line,
        r.problems.map((x) => `${x.column ?? "row"}:${x.key}${x.vars.line ? `@${x.vars.line}` : ""}`),
      ]),
    );
    expect(problems).toEqual({
      2: ["name:required"],
      3: ["email:badEmail"],
      4: ["team:unknownTeam"],
      5: ["role:badRole"],
      6: ["manager_email:unknownManager"],
      7: ["manager_email:ownManager"],
      8: [],
      9: ["email:duplicateInFile@8"],
      10: ["row:tooFewValues", "team:required"],
      11: ["role:ownRole"],
    });
    expect(Object.values(getStore().data.teams).some((t) => t.name === "Marketing")).toBe(false);
    const res = await confirm(csv);
    expect(res.status).toBe(400);
    expect((await body(res)).formError).toMatch(/nothing was saved/);
    expect(getStore().activity.length).toBe(events);
    expect(byEmail("femke2@corp.test")).toBeUndefined();
  });

  it("refuses cells that a spreadsheet would run as a formula", async () => {
    const csv = ["name,email,team,role,manager_email", '"=HYPERLINK(""http://evil.example"",""click"")",f1@corp.test,Finance,employee,', "Plain,f2@corp.test,@SUM(A1),employee,", "Plus,f3@corp.test,Finance,+admin,"].join("\n");
    const { preview: p } = await body(await preview(csv));
    expect(p.rows.map((r: { problems: Array<{ column: string; key: string }> }) => r.problems.map((x) => `${x.column}:${x.key}`))).toEqual([
      ["name:formula"],
      ["team:formula"],
      ["role:formula"],
    ]);
  });

  it("reports a file it cannot read as a whole", async () => {
    const { preview: p } = await body(await preview("name,email\nA,a@corp.test\n"));
    expect(p.fileProblems.map((x: { key: string; vars: Record<string, string> }) => `${x.key}:${x.vars.columns ?? ""}`)).toEqual(["missingColumns:team"]);
    const unterminated = await body(await preview('name,email,team\n"Open,o@corp.test,Finance\n'));
    expect(unterminated.preview.fileProblems[0].key).toBe("unreadable");
  });

  it("deactivates the people not in the file when asked, and signs them out", async () => {
    const leaver = await buildPerson({ email: "leaver@corp.test", teamId: finance.id });
    const leaverCookie = await sessionCookie(leaver.email, TEST_PASSWORD);
    const { preview: p } = await body(await preview(GOOD, { deactivateMissing: "on" }));
    const names = p.deactivate.map((d: { email: string }) => d.email);
    expect(names).toContain("leaver@corp.test");
    expect(names).toContain("emp@corp.test");
    expect(names).not.toContain("admin@corp.test"); // never the admin importing
    expect(byEmail("leaver@corp.test")!.active).toBe(true);
    expect((await confirm(GOOD, { deactivateMissing: "on" })).status).toBe(302);
    expect(byEmail("leaver@corp.test")!.active).toBe(false);
    expect(byEmail("admin@corp.test")!.active).toBe(true);
    expect(byEmail("femke@corp.test")!.active).toBe(true);
    expect(Object.values(getStore().data.sessions).some((s) => s.personId === leaver.id)).toBe(false);
    void leaverCookie;
  });
});

describe("the template and the export", () => {
  it("offers a template with the columns", async () => {
    const res = await call(template.loader, get("/admin/people/import/template.csv", adminCookie));
    expect(res.headers.get("Content-Type")).toMatch(/text\/csv/);
    const text = (await res.text()).replace(/^\uFEFF/, "");
    expect(text.split("\r\n")[0]).toBe("name,email,team,role,manager_email");
  });

  it("exports the directory with managers, and defuses formula-like cells", async () => {
    await createPerson({
      actor: admin,
      input: { name: "=cmd|' /C calc'!A0", email: "formula@corp.test", teamId: finance.id, role: "employee", password: "a-long-password-here" },
    });
    const res = await call(exportRoute.loader, get("/admin/people/export.csv", adminCookie));
    expect(res.headers.get("Content-Disposition")).toMatch(/attachment; filename="untangle-people-/);
    const lines = (await res.text()).replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("name,email,team,role,manager_email,active,sign_in");
    expect(lines).toContain("Noor Smit,noor@corp.test,Operations,employee,femke@corp.test,yes,");
    const formula = lines.find((l) => l.includes("formula@corp.test"))!;
    expect(formula.startsWith(`"'=cmd`)).toBe(true);
  });
});

describe("a 5,000-person file", () => {
  it("imports whole, in batches that let other requests in between", async () => {
    const rows = ["name,email,team,role,manager_email"];
    for (let i = 0; i < 5000; i++) {
      const manager = i < 50 ? "" : `bulk-${i % 50}@corp.test`;
      rows.push(`Bulk Person ${i},bulk-${i}@corp.test,${i % 2 ? "Finance" : "operations"},${i < 50 ? "manager" : "employee"},${manager}`);
    }
    const csv = rows.join("\n");
    const { preview: p } = await body(await preview(csv));
    expect(p.counts.create).toBe(5000);
    expect(p.rows).toHaveLength(5000);

    // Count how often the event loop got round to other work while the import ran.
    let turns = 0;
    let running = true;
    const tick = () => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const result = await importDirectory({ actor: admin, csv, deactivateMissing: false });
    running = false;
    expect(result).toMatchObject({ created: 5000, updated: 0, deactivated: 0, skipped: [] });
    expect(turns).toBeGreaterThanOrEqual(Math.floor(5000 / DIRECTORY_BATCH));
    const bulk = people().filter((x) => x.email.startsWith("bulk-"));
    expect(bulk).toHaveLength(5000);
    const m7 = byEmail("bulk-7@corp.test")!;
    expect(byEmail("bulk-1007@corp.test")!.managerId).toBe(m7.id);

    const again = await body(await preview(csv));
    expect(again.preview.counts).toEqual({ create: 0, update: 0, unchanged: 5000, invalid: 0 });
  });
});

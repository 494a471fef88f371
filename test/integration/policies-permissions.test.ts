/**
 * Who may do what in the policy catalogue, checked on the server for every loader and action:
 * anyone signed in reads, searches, exports and reports friction; managers catalogue, edit,
 * retire and import for their own team; admins for every team; the signed-out go to sign in.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as catalogue from "~/routes/policies._index";
import * as newPolicy from "~/routes/policies.new";
import * as policyPage from "~/routes/policies.$slug";
import * as editPage from "~/routes/policies.$slug_.edit";
import * as historyPage from "~/routes/policies.$slug_.history";
import * as importPage from "~/routes/policies.import";
import * as template from "~/routes/policies.import_.template[.]csv";
import * as exportCsv from "~/routes/policies.export[.]csv";
import * as exportJson from "~/routes/policies.export[.]json";
import * as searchPage from "~/routes/search";
import { resetSignInThrottle } from "~/lib/auth.server";
import { getStore } from "~/store/index.server";
import type { Policy } from "~/store/schema";
import { buildPerson, buildPolicy, buildTeam, closeTestStore, fixedClock, openTestStore, policyInput } from "../factories";
import { call, get, post, sessionCookie } from "../support/requests";

type Role = "anonymous" | "employee" | "manager" | "otherManager" | "admin";
const ROLES: Role[] = ["anonymous", "employee", "manager", "otherManager", "admin"];

let cookies: Record<Role, string | undefined>;
let teamId: string;
let otherTeamId: string;
let ownerId: string;
let policy: Policy;
let counter = 0;

beforeAll(async () => {
  const { store } = await openTestStore();
  store.clock = fixedClock("2026-03-01T09:00:00.000Z");
  const team = await buildTeam({ name: "Finance", slug: "finance" });
  const other = await buildTeam({ name: "Sales", slug: "sales" });
  teamId = team.id;
  otherTeamId = other.id;
  const manager = await buildPerson({ teamId, role: "manager" });
  const otherManager = await buildPerson({ teamId: otherTeamId, role: "manager" });
  const admin = await buildPerson({ teamId: otherTeamId, role: "admin" });
  const employee = await buildPerson({ teamId });
  ownerId = manager.id;
  cookies = {
    anonymous: undefined,
    employee: await sessionCookie(employee.email, employee.password),
    manager: await sessionCookie(manager.email, manager.password),
    otherManager: await sessionCookie(otherManager.email, otherManager.password),
    admin: await sessionCookie(admin.email, admin.password),
  };
  policy = await buildPolicy(manager, { title: "Invoices need two signatures" });
});
afterAll(closeTestStore);
beforeEach(() => resetSignInThrottle());

const isSignIn = (res: Response) => res.status === 302 && (res.headers.get("Location") ?? "").startsWith("/login");

/** The outcome a role gets, in three words: "sign-in", "forbidden", or the status. */
function outcome(res: Response) {
  if (isSignIn(res)) return "sign-in";
  if (res.status === 403) return "forbidden";
  return res.status;
}

function each(expected: Record<Role, string | number>, run: (role: Role) => Promise<Response>) {
  for (const role of ROLES) {
    it(`${role} → ${expected[role]}`, async () => {
      expect(outcome(await run(role))).toBe(expected[role]);
    });
  }
}

const READ = { anonymous: "sign-in", employee: 200, manager: 200, otherManager: 200, admin: 200 } as const;
const MANAGE_OWN = { anonymous: "sign-in", employee: "forbidden", manager: 200, otherManager: "forbidden", admin: 200 } as const;
const MANAGERS = { anonymous: "sign-in", employee: "forbidden", manager: 200, otherManager: 200, admin: 200 } as const;

function formFor(title: string, team = teamId) {
  const input = policyInput({ teamId: team, ownerId, title });
  const fields: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(input)) {
    if (v === null || v === undefined) continue;
    if (Array.isArray(v)) fields[k] = v.map(String);
    else if (typeof v === "boolean") {
      if (v) fields[k] = "on";
    } else fields[k] = String(v);
  }
  return fields;
}

describe("reading: the catalogue, a policy, its history, search and exports", () => {
  describe("GET /policies", () => each(READ, (r) => call(catalogue.loader, get("/policies", cookies[r]))));
  describe("GET /policies/:slug", () => each(READ, (r) => call(policyPage.loader, get(`/policies/${policy.slug}`, cookies[r]), { slug: policy.slug })));
  describe("GET /policies/:slug/history", () =>
    each(READ, (r) => call(historyPage.loader, get(`/policies/${policy.slug}/history`, cookies[r]), { slug: policy.slug })));
  describe("GET /search", () => each(READ, (r) => call(searchPage.loader, get("/search?q=invoices", cookies[r]))));
  describe("GET /policies/export.csv", () => each(READ, (r) => call(exportCsv.loader, get("/policies/export.csv", cookies[r]))));
  describe("GET /policies/export.json", () => each(READ, (r) => call(exportJson.loader, get("/policies/export.json", cookies[r]))));

  it("answers 404 for a policy that does not exist, on every policy page", async () => {
    const slug = "no-such-policy";
    expect((await call(policyPage.loader, get(`/policies/${slug}`, cookies.employee), { slug })).status).toBe(404);
    expect((await call(historyPage.loader, get(`/policies/${slug}/history`, cookies.employee), { slug })).status).toBe(404);
    expect((await call(editPage.loader, get(`/policies/${slug}/edit`, cookies.admin), { slug })).status).toBe(404);
    expect((await call(policyPage.action, post(`/policies/${slug}`, { intent: "retire", reason: "x" }, cookies.admin), { slug })).status).toBe(404);
  });

  it("shows the edit controls only to those who may use them", async () => {
    const canManage = async (role: Role) => ((await (await call(policyPage.loader, get(`/policies/${policy.slug}`, cookies[role]), { slug: policy.slug })).json()) as { canManage: boolean }).canManage;
    expect(await canManage("employee")).toBe(false);
    expect(await canManage("otherManager")).toBe(false);
    expect(await canManage("manager")).toBe(true);
    expect(await canManage("admin")).toBe(true);
  });
});

describe("cataloguing: /policies/new", () => {
  describe("GET", () => each(MANAGERS, (r) => call(newPolicy.loader, get("/policies/new", cookies[r]))));

  describe("POST for the manager's own team", () =>
    each({ anonymous: "sign-in", employee: "forbidden", manager: 302, otherManager: "forbidden", admin: 302 }, (r) =>
      call(newPolicy.action, post("/policies/new", formFor(`Own team policy ${counter++}`), cookies[r])),
    ));

  it("a manager cannot catalogue a policy for another team, and nothing is written", async () => {
    const before = Object.keys(getStore().data.policies).length;
    const res = await call(newPolicy.action, post("/policies/new", formFor("Sales discounts", otherTeamId), cookies.manager));
    expect(res.status).toBe(403);
    expect(Object.keys(getStore().data.policies).length).toBe(before);
  });

  it("the new form offers a manager only their own team; an admin every team", async () => {
    const teams = async (role: Role) =>
      ((await (await call(newPolicy.loader, get("/policies/new", cookies[role]))).json()) as { options: { ownerTeams: { id: string }[] } }).options.ownerTeams.map((t) => t.id);
    expect(await teams("manager")).toEqual([teamId]);
    expect((await teams("admin")).sort()).toEqual([teamId, otherTeamId].sort());
  });
});

describe("editing: /policies/:slug/edit", () => {
  describe("GET", () => each(MANAGE_OWN, (r) => call(editPage.loader, get(`/policies/${policy.slug}/edit`, cookies[r]), { slug: policy.slug })));
  describe("POST", () =>
    each({ anonymous: "sign-in", employee: "forbidden", manager: 302, otherManager: "forbidden", admin: 302 }, (r) =>
      call(
        editPage.action,
        post(`/policies/${policy.slug}/edit`, { ...formFor("Invoices need two signatures"), note: `Edited by ${r}` }, cookies[r]),
        { slug: policy.slug },
      ),
    ));

  it("only permitted edits became revisions", () => {
    const notes = Object.values(getStore().data.policyRevisions)
      .filter((r) => r.policyId === policy.id)
      .map((r) => r.note)
      .sort();
    expect(notes).toEqual(["Catalogued", "Edited by admin", "Edited by manager"]);
  });

  it("a manager cannot move their policy to another team", async () => {
    const res = await call(
      editPage.action,
      post(`/policies/${policy.slug}/edit`, { ...formFor("Invoices need two signatures", otherTeamId), note: "Moving it" }, cookies.manager),
      { slug: policy.slug },
    );
    expect(res.status).toBe(403);
    expect(getStore().data.policies[policy.id].teamId).toBe(teamId);
  });
});

describe("retiring, reinstating and putting drafts into force", () => {
  const act = (role: Role, slug: string, fields: Record<string, string>) => call(policyPage.action, post(`/policies/${slug}`, fields, cookies[role]), { slug });

  it("employees and other teams' managers are refused; the owning team's manager and admins may", async () => {
    const target = await buildPolicy({ id: ownerId, name: "M", role: "manager", teamId }, { title: "Retire me" });
    for (const role of ["employee", "otherManager"] as const) {
      expect(outcome(await act(role, target.slug, { intent: "retire", reason: "No longer needed" }))).toBe("forbidden");
      expect(getStore().data.policies[target.id].status).toBe("active");
    }
    expect(outcome(await act("anonymous", target.slug, { intent: "retire", reason: "No longer needed" }))).toBe("sign-in");
    expect((await act("manager", target.slug, { intent: "retire", reason: "No longer needed" })).status).toBe(302);
    expect(getStore().data.policies[target.id].status).toBe("retired");
    for (const role of ["employee", "otherManager"] as const) {
      expect(outcome(await act(role, target.slug, { intent: "reinstate" }))).toBe("forbidden");
    }
    expect((await act("admin", target.slug, { intent: "reinstate" })).status).toBe(302);
    expect(getStore().data.policies[target.id].status).toBe("active");
  });

  it("only a manager of the team or an admin puts a draft into force", async () => {
    const res = await call(newPolicy.action, post("/policies/new", { ...formFor("A draft rule"), draft: "on" }, cookies.manager));
    const slug = (res.headers.get("Location") ?? "").split("/").pop()!;
    const id = Object.values(getStore().data.policies).find((p) => p.slug === slug)!.id;
    expect(getStore().data.policies[id].status).toBe("draft");
    expect(outcome(await act("employee", slug, { intent: "activate" }))).toBe("forbidden");
    expect(outcome(await act("otherManager", slug, { intent: "activate" }))).toBe("forbidden");
    expect((await act("manager", slug, { intent: "activate" })).status).toBe(302);
    expect(getStore().data.policies[id].status).toBe("active");
  });

  it("refuses an unknown intent", async () => {
    expect((await act("admin", policy.slug, { intent: "delete" })).status).toBe(400);
  });
});

describe("friction reports: anyone signed in", () => {
  describe("POST report-friction", () =>
    each({ anonymous: "sign-in", employee: 302, manager: 302, otherManager: 302, admin: 302 }, (r) =>
      call(
        policyPage.action,
        post(`/policies/${policy.slug}`, { intent: "report-friction", minutesLost: "15", effort: "4", what: `Waited for a signature (${r})` }, cookies[r]),
        { slug: policy.slug },
      ),
    ));

  it("recorded one report for each signed-in role", () => {
    expect(Object.values(getStore().data.frictionReports).filter((r) => r.policyId === policy.id)).toHaveLength(4);
  });
});

describe("importing: managers and admins", () => {
  describe("GET /policies/import", () => each(MANAGERS, (r) => call(importPage.loader, get("/policies/import", cookies[r]))));
  describe("GET /policies/import/template.csv", () => each(MANAGERS, (r) => call(template.loader, get("/policies/import/template.csv", cookies[r]))));
  describe("POST preview", () =>
    each({ anonymous: "sign-in", employee: "forbidden", manager: 400, otherManager: 400, admin: 400 }, (r) =>
      call(importPage.action, post("/policies/import", { intent: "preview", csv: "title\nA\n" }, cookies[r])),
    ));
  describe("POST confirm", () =>
    each({ anonymous: "sign-in", employee: "forbidden", manager: 400, otherManager: 400, admin: 400 }, (r) =>
      call(importPage.action, post("/policies/import", { intent: "confirm", csv: "title\nA\n" }, cookies[r])),
    ));
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as login from "~/routes/login";
import * as logout from "~/routes/logout";
import * as account from "~/routes/account";
import * as adminIndex from "~/routes/admin._index";
import * as adminPeopleNew from "~/routes/admin.people.new";
import * as adminPerson from "~/routes/admin.people.$personId";
import * as adminTeams from "~/routes/admin.teams._index";
import * as adminTeam from "~/routes/admin.teams.$teamId";
import * as adminAudit from "~/routes/admin.audit";
import { resetSignInThrottle } from "~/lib/auth.server";
import { getStore } from "~/store/index.server";
import { buildPerson, buildTeam, closeTestStore, openTestStore } from "../factories";
import { body, call, get, post, sessionCookie } from "../support/requests";
import { readMessage, translator } from "~/i18n";

/** A field's error as an English reader sees it (the domain names catalogue messages). */
const inEnglish = (message: string) => readMessage(translator("en"), message);

type Person = Awaited<ReturnType<typeof buildPerson>>;
let admin: Person;
let employee: Person;
let adminCookie: string;
let employeeCookie: string;

beforeAll(async () => {
  await openTestStore();
  const team = await buildTeam({ name: "Support" });
  admin = await buildPerson({ role: "admin", teamId: team.id, email: "boss@example.test" });
  employee = await buildPerson({ role: "employee", teamId: team.id, email: "eve@example.test" });
  adminCookie = await sessionCookie(admin.email, admin.password);
  employeeCookie = await sessionCookie(employee.email, employee.password);
});
afterAll(closeTestStore);
beforeEach(() => resetSignInThrottle());

describe("signing in", () => {
  it("signs in with the right password, sets an httpOnly SameSite cookie and goes to redirectTo", async () => {
    const res = await call(login.action, post("/login", { email: employee.email, password: employee.password, redirectTo: "/policies?team=x" }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/policies?team=x");
    const cookie = res.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it("refuses a redirectTo on another host", async () => {
    for (const redirectTo of ["https://evil.example/", "//evil.example", "/\\evil.example"]) {
      const res = await call(login.action, post("/login", { email: employee.email, password: employee.password, redirectTo }));
      expect(res.headers.get("Location")).toBe("/");
    }
  });

  it("refuses a wrong password with a clear message and no cookie", async () => {
    const res = await call(login.action, post("/login", { email: employee.email, password: "wrong-password-here" }));
    expect(res.status).toBe(401);
    expect(res.headers.get("Set-Cookie")).toBeNull();
    expect((await body(res)).formError).toMatch(/do not match/);
  });

  it("asks for both fields", async () => {
    const res = await call(login.action, post("/login", { email: "", password: "" }));
    expect(res.status).toBe(400);
    const data = await body(res);
    expect(inEnglish(data.errors.email[0])).toMatch(/email/);
    expect(inEnglish(data.errors.password[0])).toMatch(/password/);
  });

  it("slows down after repeated failures and then locks the account", async () => {
    const person = await buildPerson();
    const attempt = () => call(login.action, post("/login", { email: person.email, password: "not-the-password" }));
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
    const slowed = await attempt();
    expect(slowed.status).toBe(429);
    expect((await body(slowed)).formError).toMatch(/Wait (1 second|[02-9]\d* seconds|1\d+ seconds) before/);
    // Even the right password is refused while slowed down.
    const right = await call(login.action, post("/login", { email: person.email, password: person.password }));
    expect(right.status).toBe(429);
  });

  it("locks for a while after ten failures, with a clear message", async () => {
    const person = await buildPerson();
    // The throttle reads wall time: serve each slow-down wait by moving the clock on.
    const realNow = Date.now;
    let now = realNow();
    Date.now = () => now;
    try {
      for (let failures = 1; failures <= 10; failures++) {
        const res = await call(login.action, post("/login", { email: person.email, password: "not-the-password" }));
        expect(res.status).toBe(failures < 10 ? 401 : 429);
        now += 2 ** Math.max(0, failures - 3) * 1000 + 10;
      }
      const res = await call(login.action, post("/login", { email: person.email, password: person.password }));
      expect(res.status).toBe(429);
      expect((await body(res)).formError).toMatch(/locked/);
      now += 16 * 60 * 1000;
      const later = await call(login.action, post("/login", { email: person.email, password: person.password }));
      expect(later.status).toBe(302);
    } finally {
      Date.now = realNow;
    }
  });

  it("a deactivated person cannot sign in and their live sessions stop working", async () => {
    const person = await buildPerson();
    const cookie = await sessionCookie(person.email, person.password);
    expect((await call(account.loader, get("/account", cookie))).status).toBe(200);
    const res = await call(adminPerson.action, post(`/admin/people/${person.id}`, { intent: "deactivate" }, adminCookie), { personId: person.id });
    expect(res.status).toBe(302);
    const after = await call(account.loader, get("/account", cookie));
    expect(after.status).toBe(302);
    expect(after.headers.get("Location")).toMatch(/^\/login\?redirectTo=%2Faccount/);
    const again = await call(login.action, post("/login", { email: person.email, password: person.password }));
    expect(again.status).toBe(401);
  });

  it("a change of role takes effect on the next request", async () => {
    const person = await buildPerson({ role: "admin" });
    const cookie = await sessionCookie(person.email, person.password);
    expect((await call(adminIndex.loader, get("/admin", cookie))).status).toBe(200);
    await call(adminPerson.action, post(`/admin/people/${person.id}`, { intent: "update", name: person.name, email: person.email, teamId: person.teamId, role: "employee" }, adminCookie), { personId: person.id });
    expect((await call(adminIndex.loader, get("/admin", cookie))).status).toBe(403);
  });

  it("signing out ends the session on the server", async () => {
    const person = await buildPerson();
    const cookie = await sessionCookie(person.email, person.password);
    const res = await call(logout.action, post("/logout", {}, cookie));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login");
    // The old cookie no longer opens anything, even if replayed.
    expect((await call(account.loader, get("/account", cookie))).status).toBe(302);
  });

  it("each sign-in starts a new session", async () => {
    const a = await sessionCookie(employee.email, employee.password);
    const b = await sessionCookie(employee.email, employee.password);
    expect(a).not.toBe(b);
  });
});

describe("admin pages", () => {
  it("send a visitor to sign in and back", async () => {
    const res = await call(adminIndex.loader, get("/admin"));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin");
  });

  it("answer 403 to an employee, for pages and for direct POSTs", async () => {
    expect((await call(adminIndex.loader, get("/admin", employeeCookie))).status).toBe(403);
    expect((await call(adminTeams.loader, get("/admin/teams", employeeCookie))).status).toBe(403);
    expect((await call(adminAudit.loader, get("/admin/audit", employeeCookie))).status).toBe(403);
    const posts = [
      call(adminPeopleNew.action, post("/admin/people/new", { name: "X", email: "x@example.test", teamId: employee.teamId, role: "admin", password: "long-enough-password" }, employeeCookie)),
      call(adminTeams.action, post("/admin/teams", { name: "Rogue" }, employeeCookie)),
      call(adminPerson.action, post(`/admin/people/${employee.id}`, { intent: "update", name: "E", email: employee.email, teamId: employee.teamId, role: "admin" }, employeeCookie), { personId: employee.id }),
    ];
    for (const res of await Promise.all(posts)) expect(res.status).toBe(403);
    expect(getStore().data.people[employee.id]?.role).toBe("employee");
    expect(Object.values(getStore().data.teams).some((t) => t.name === "Rogue")).toBe(false);
  });

  it("create a person, with errors beside each field and what was typed kept, and invite them instead of typing a password", async () => {
    const bad = await call(adminPeopleNew.action, post("/admin/people/new", { name: "", email: "not-an-email", teamId: "", role: "boss" }, adminCookie));
    expect(bad.status).toBe(400);
    const data = await body(bad);
    expect(Object.keys(data.errors).sort()).toEqual(["email", "name", "role", "teamId"]);
    expect(data.values.email).toBe("not-an-email");

    const dup = await call(adminPeopleNew.action, post("/admin/people/new", { name: "Again", email: employee.email, teamId: employee.teamId, role: "employee" }, adminCookie));
    expect(inEnglish((await body(dup)).errors.email[0])).toMatch(/already/);

    const ok = await call(adminPeopleNew.action, post("/admin/people/new", { name: "New Person", email: "New@Example.test", teamId: employee.teamId, role: "manager" }, adminCookie));
    expect(ok.status).toBe(302);
    const created = Object.values(getStore().data.people).find((p) => p.email === "new@example.test");
    expect(created?.role).toBe("manager");
    // No password until they choose one through the invitation, which is queued in the same commit.
    expect(created?.passwordHash).toBeUndefined();
    expect(getStore().activityFor("person", created!.id).map((e) => e.type)).toEqual(["person.created"]);
    await expect(sessionCookie("new@example.test", "long-enough-password")).rejects.toThrow();
    const invitation = Object.values(getStore().data.deliveries).find((d) => d.personId === created?.id);
    expect(invitation?.account?.purpose).toBe("invitation");
  });

  it("reset a password (refusing a common one) and sign the person out", async () => {
    const person = await buildPerson();
    const cookie = await sessionCookie(person.email, person.password);
    const weak = await call(adminPerson.action, post(`/admin/people/${person.id}`, { intent: "reset-password", password: "password1234" }, adminCookie), { personId: person.id });
    expect(inEnglish((await body(weak)).errors.password[0])).toMatch(/too common/);
    const ok = await call(adminPerson.action, post(`/admin/people/${person.id}`, { intent: "reset-password", password: "a-brand-new-password" }, adminCookie), { personId: person.id });
    expect(ok.status).toBe(302);
    expect((await call(account.loader, get("/account", cookie))).status).toBe(302);
    expect(await sessionCookie(person.email, "a-brand-new-password")).toBeTruthy();
  });

  it("create and rename teams with validation, recorded in the activity log", async () => {
    const bad = await call(adminTeams.action, post("/admin/teams", { name: "", description: "" }, adminCookie));
    expect(inEnglish((await body(bad)).errors.name[0])).toMatch(/name/);
    const ok = await call(adminTeams.action, post("/admin/teams", { name: "Legal", description: "Contracts" }, adminCookie));
    expect(ok.status).toBe(302);
    const legal = Object.values(getStore().data.teams).find((t) => t.name === "Legal")!;
    const dup = await call(adminTeams.action, post("/admin/teams", { name: "legal" }, adminCookie));
    expect(inEnglish((await body(dup)).errors.name[0])).toMatch(/already exists/);
    const renamed = await call(adminTeam.action, post(`/admin/teams/${legal.id}`, { name: "Legal & Compliance", slug: "legal", description: "Contracts and rules" }, adminCookie), { teamId: legal.id });
    expect(renamed.status).toBe(302);
    expect(getStore().data.teams[legal.id]?.name).toBe("Legal & Compliance");
    const audit = await body(await call(adminAudit.loader, get("/admin/audit", adminCookie)));
    expect(audit.rows[0]).toMatchObject({ type: "team.updated", item: { label: "Legal & Compliance" }, values: { renamed: "yes", oldName: "Legal" } });
  });

  it("never send a password hash to the page", async () => {
    const res = await call(adminIndex.loader, get("/admin", adminCookie));
    expect(JSON.stringify(await body(res))).not.toMatch(/scrypt|passwordHash/);
  });
});

describe("your account", () => {
  it("changes your password with the current one, and explains mistakes", async () => {
    const person = await buildPerson();
    const cookie = await sessionCookie(person.email, person.password);
    const wrong = await call(account.action, post("/account", { currentPassword: "nope-nope-nope", newPassword: "another-long-password", confirmPassword: "another-long-password" }, cookie));
    expect(inEnglish((await body(wrong)).errors.currentPassword[0])).toMatch(/not your current password/);
    const mismatch = await call(account.action, post("/account", { currentPassword: person.password, newPassword: "another-long-password", confirmPassword: "different" }, cookie));
    expect(inEnglish((await body(mismatch)).errors.confirmPassword[0])).toMatch(/differ/);
    const ok = await call(account.action, post("/account", { currentPassword: person.password, newPassword: "another-long-password", confirmPassword: "another-long-password" }, cookie));
    expect(ok.status).toBe(302);
    expect((await call(account.loader, get("/account", cookie))).status).toBe(200);
    expect(await sessionCookie(person.email, "another-long-password")).toBeTruthy();
  });
});

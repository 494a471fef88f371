/**
 * The culture pulse through its routes: who opens one, answering and changing an answer,
 * the two-week window, the five-answer threshold, and anonymity in every view and export.
 */
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as pulsePage from "~/routes/pulse._index";
import * as pulseNew from "~/routes/pulse.new";
import * as dashboard from "~/routes/dashboard._index";
import * as csv from "~/routes/dashboard.csv.$chart";
import * as audit from "~/routes/admin.audit";
import { resetSignInThrottle } from "~/lib/auth.server";
import { getStore } from "~/store/index.server";
import { buildPerson, buildTeam, closeTestStore, fixedClock, openTestStore } from "../factories";
import { body, call, get, post, sessionCookie } from "../support/requests";
import { readMessage, translator } from "~/i18n";

/** A message as an English reader sees it (the domain names catalogue messages). */
const inEnglish = (message: string) => readMessage(translator("en"), message);

type Person = Awaited<ReturnType<typeof buildPerson>>;
const clock = fixedClock("2026-04-01T08:00:00.000Z");
let admin: Person;
let manager: Person;
let support: Person[];
let finance: Person[];
let sales: Person[];
let supportTeamId: string;
let financeTeamId: string;

const answer = (pulseId: string, serve: string, week = "20") => ({
  pulseId,
  "serve-without-fighting-rules": serve,
  "know-why-policies-exist": "3",
  "can-get-rules-changed": "2",
  "teams-keep-promises": "4",
  "week-lost-to-process": week,
});

async function cookieOf(p: Person) {
  resetSignInThrottle();
  return sessionCookie(p.email, p.password);
}

beforeAll(async () => {
  await openTestStore();
  getStore().clock = clock;
  const s = await buildTeam({ name: "Support", slug: "support" });
  const f = await buildTeam({ name: "Finance", slug: "finance" });
  supportTeamId = s.id;
  financeTeamId = f.id;
  admin = await buildPerson({ role: "admin", teamId: f.id, name: "Ada Admin" });
  manager = await buildPerson({ role: "manager", teamId: s.id, name: "Mona Manager" });
  support = [manager];
  for (let i = 0; i < 4; i++) support.push(await buildPerson({ teamId: s.id, name: `Support Person ${i}` }));
  finance = [admin];
  for (let i = 0; i < 2; i++) finance.push(await buildPerson({ teamId: f.id, name: `Finance Person ${i}` }));
  const sl = await buildTeam({ name: "Sales", slug: "sales" });
  sales = [await buildPerson({ teamId: sl.id, name: "Sales Person 0" }), await buildPerson({ teamId: sl.id, name: "Sales Person 1" })];
});
afterAll(closeTestStore);

let pulseId: string;

describe("opening a pulse", () => {
  it("is for admins only", async () => {
    for (const p of [support[1], manager]) {
      const cookie = await cookieOf(p);
      expect((await call(pulseNew.loader, get("/pulse/new", cookie))).status).toBe(403);
      expect((await call(pulseNew.action, post("/pulse/new", { title: "Sneaky" }, cookie))).status).toBe(403);
    }
    expect(Object.keys(getStore().data.pulses)).toHaveLength(0);
  });

  it("asks for a title, then opens the pulse for two weeks — one open pulse at a time", async () => {
    const cookie = await cookieOf(admin);
    expect((await call(pulseNew.loader, get("/pulse/new", cookie))).status).toBe(200);
    const empty = await call(pulseNew.action, post("/pulse/new", { title: " " }, cookie));
    expect(empty.status).toBe(400);
    expect(inEnglish((await body(empty)).errors.title[0])).toMatch(/title/);
    const res = await call(pulseNew.action, post("/pulse/new", { title: "Pulse Q2" }, cookie));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/pulse");
    const [pulse] = Object.values(getStore().data.pulses);
    pulseId = pulse.id;
    expect(pulse).toMatchObject({
      title: "Pulse Q2",
      opensAt: "2026-04-01T08:00:00.000Z",
      closesAt: "2026-04-15T08:00:00.000Z",
      openedBy: admin.id,
    });
    const again = await call(pulseNew.action, post("/pulse/new", { title: "Another" }, cookie));
    expect(again.status).toBe(409);
    expect(inEnglish((await body(again)).formError)).toMatch(/still open/);
  });
});

describe("answering", () => {
  it("shows everyone the open pulse and takes one answer per person, changeable while open", async () => {
    const person = support[1];
    const cookie = await cookieOf(person);
    const page = await body(await call(pulsePage.loader, get("/pulse", cookie)));
    expect(page.pulse).toMatchObject({ id: pulseId, title: "Pulse Q2" });
    expect(page.mine).toBeNull();
    expect(page.pulses).toBeNull();

    const first = await call(pulsePage.action, post("/pulse", answer(pulseId, "2"), cookie));
    expect(first.status).toBe(302);
    const changed = await call(pulsePage.action, post("/pulse", answer(pulseId, "4", "35"), cookie));
    expect(changed.status).toBe(302);

    const answers = Object.values(getStore().data.pulseAnswers);
    expect(answers).toHaveLength(1);
    expect(answers[0].scores["serve-without-fighting-rules"]).toBe(4);
    expect(answers[0].scores["week-lost-to-process"]).toBe(35);
    expect((await body(await call(pulsePage.loader, get("/pulse", cookie)))).mine.scores["serve-without-fighting-rules"]).toBe(4);
  });

  it("keeps what was typed and names each problem beside its question", async () => {
    const cookie = await cookieOf(support[2]);
    const res = await call(pulsePage.action, post("/pulse", { ...answer(pulseId, "9"), "week-lost-to-process": "150" }, cookie));
    expect(res.status).toBe(400);
    const data = await body(res);
    expect(inEnglish(data.errors["serve-without-fighting-rules"][0])).toMatch(/1 to 5/);
    expect(inEnglish(data.errors["week-lost-to-process"][0])).toMatch(/0 to 100/);
    expect(data.values["know-why-policies-exist"]).toBe("3");
  });

  it("stores the answer under a keyed hash and the team, never the person, and logs it with no actor", () => {
    const person = support[1];
    const [stored] = Object.values(getStore().data.pulseAnswers);
    expect(stored.teamId).toBe(supportTeamId);
    expect(Object.keys(stored).sort()).toEqual(["at", "id", "pulseId", "respondentKey", "scores", "teamId"]);
    const json = JSON.stringify(stored);
    expect(json).not.toContain(person.id);
    expect(json).not.toContain(person.email);
    expect(stored.at).toBe("2026-04-01T00:00:00.000Z");
    const events = getStore().activity.filter((e) => e.type === "pulse.answered");
    expect(events).toHaveLength(2);
    for (const e of events) {
      expect(e.actorId).toBeNull();
      expect(e.before).toBeNull();
      expect(e.after).toBeNull();
      expect(e.subject).toEqual({ kind: "pulse", id: pulseId });
    }
  });
});

describe("the five-answer threshold", () => {
  it("holds a team's results back until five of it answered, and the organisation's too", async () => {
    const adminCookie = await cookieOf(admin);
    for (const p of support.slice(2)) await call(pulsePage.action, post("/pulse", answer(pulseId, "3"), await cookieOf(p)));
    // Support: 4 answers. Finance: none yet.
    let data = await body(await call(dashboard.loader, get("/dashboard", adminCookie)));
    expect(data.pulse.groups).toEqual([
      { key: "org", name: "Organisation", responses: 4, shown: false, means: null },
      { key: "hidden", name: "1 team with fewer than five answers", responses: 4, shown: false, means: null },
    ]);
    expect(data.charts["pulse-trend"].series[0].values).toEqual([null]);

    // The fifth Support answer, all three of Finance and both of Sales (who stay under five;
    // together they are five, so Support's result gives neither away).
    await call(pulsePage.action, post("/pulse", answer(pulseId, "5"), await cookieOf(manager)));
    for (const p of finance) await call(pulsePage.action, post("/pulse", answer(pulseId, "1", "50"), await cookieOf(p)));
    for (const p of sales) await call(pulsePage.action, post("/pulse", answer(pulseId, "2"), await cookieOf(p)));
    data = await body(await call(dashboard.loader, get("/dashboard", await cookieOf(admin))));
    const groups = Object.fromEntries(data.pulse.groups.map((g: { key: string }) => [g.key, g]));
    // Support's five: 4, 3, 3, 3, 5 → 3.6. Everyone's ten: (18 + 3 + 4) / 10 → 2.5.
    expect(groups.org).toMatchObject({ responses: 10, shown: true });
    expect(groups.org.means["serve-without-fighting-rules"]).toBe(2.5);
    expect(groups[supportTeamId]).toMatchObject({ responses: 5, shown: true });
    expect(groups[supportTeamId].means["serve-without-fighting-rules"]).toBe(3.6);
    // Finance (3) and Sales (2) are one row that names neither.
    expect(groups[financeTeamId]).toBeUndefined();
    expect(groups.hidden).toEqual({
      key: "hidden",
      name: "2 teams with fewer than five answers each",
      responses: 5,
      shown: false,
      means: null,
    });
  });

  it("shows a manager their team's results beside the organisation's, and nothing of other teams", async () => {
    const data = await body(await call(dashboard.loader, get("/dashboard", await cookieOf(manager))));
    expect(data.pulse.groups.map((g: { name: string }) => g.name)).toEqual(["Organisation", "Support"]);
    expect(data.charts["pulse-trend"].series[0].values).toEqual([3.6]);
    expect(data.charts["pulse-week-lost"].series.map((s: { values: unknown[] }) => s.values)).toEqual([[23], [30.5]]);
  });
});

describe("anonymity in every view and export", () => {
  it("no page, export or audit row puts a person next to an answer", async () => {
    const respondents = [...support, ...finance, ...sales];
    const adminCookie = await cookieOf(admin);
    const texts: string[] = [];
    texts.push(JSON.stringify(await body(await call(dashboard.loader, get("/dashboard", adminCookie)))));
    texts.push(JSON.stringify(await body(await call(dashboard.loader, get("/dashboard?team=support", adminCookie)))));
    texts.push(JSON.stringify(await body(await call(dashboard.loader, get("/dashboard", await cookieOf(manager))))));
    texts.push(JSON.stringify(await body(await call(pulsePage.loader, get("/pulse", adminCookie)))));
    for (const chart of ["pulse-trend", "pulse-week-lost"]) {
      for (const query of ["", "?team=support", "?team=finance"]) {
        const res = await call(csv.loader, get(`/dashboard/csv/${chart}${query}`, adminCookie), { chart });
        expect(res.status).toBe(200);
        texts.push(await res.text());
      }
    }
    const keys = Object.values(getStore().data.pulseAnswers).map((a) => a.respondentKey);
    for (const text of texts) {
      for (const p of respondents) {
        expect(text).not.toContain(p.id);
        expect(text).not.toContain(p.email);
        if (p !== admin) expect(text).not.toContain(p.name);
      }
      for (const key of keys) expect(text).not.toContain(key);
    }
    // The admin's pulse list shows counts only.
    const list = (await body(await call(pulsePage.loader, get("/pulse", adminCookie)))).pulses;
    expect(list).toEqual([expect.objectContaining({ id: pulseId, responses: 10, open: true })]);
    // A team under five in the CSV export: its column is empty, not its answers.
    const financeCsv = Papa.parse<string[]>(
      (await (await call(csv.loader, get("/dashboard/csv/pulse-week-lost?team=finance", adminCookie), { chart: "pulse-week-lost" })).text())
        .replace(/^\uFEFF/, "")
        .trim()
    ).data;
    expect(financeCsv).toEqual([
      ["Pulse", "Finance", "Organisation"],
      ["Pulse Q2", "", "30.5"],
    ]);
    // The audit trail names nobody for an answer.
    const rows = (await body(await call(audit.loader, get("/admin/audit", adminCookie)))).rows as Array<{
      type: string;
      actor: string | null;
    }>;
    const answered = rows.filter((r) => r.type === "pulse.answered");
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.every((r) => r.actor === null)).toBe(true);
  });
});

describe("after the pulse closes", () => {
  it("takes no more answers or changes, and nobody is asked any more", async () => {
    clock.set("2026-04-15T08:00:00.000Z");
    const cookie = await cookieOf(support[1]);
    const res = await call(pulsePage.action, post("/pulse", answer(pulseId, "1"), cookie));
    expect(res.status).toBe(409);
    expect(inEnglish((await body(res)).formError)).toMatch(/closed/);
    expect((await body(await call(pulsePage.loader, get("/pulse", cookie)))).pulse).toBeNull();
    const mine = Object.values(getStore().data.pulseAnswers).filter((a) => a.scores["serve-without-fighting-rules"] === 4);
    expect(mine).toHaveLength(1);
    // A new pulse can be opened now.
    expect((await call(pulseNew.action, post("/pulse/new", { title: "Pulse Q3" }, await cookieOf(admin)))).status).toBe(302);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as root from "~/root";
import * as account from "~/routes/account";
import * as language from "~/routes/language";
import * as login from "~/routes/login";
import { localeFor } from "~/lib/locale.server";
import { getStore } from "~/store/index.server";
import { buildPerson, buildTeam, closeTestStore, openTestStore } from "../factories";
import { body, call, get, post, sessionCookie } from "../support/requests";

function withHeaders(request: Request, headers: Record<string, string>) {
  const h = new Headers(request.headers);
  for (const [k, v] of Object.entries(headers)) h.set(k, v);
  return new Request(request.url, { method: request.method, headers: h, body: request.method === "GET" ? undefined : request.body, duplex: "half" } as RequestInit);
}

async function pageLocale(request: Request) {
  return (await body(await call(root.loader, request))).locale as string;
}

let person: Awaited<ReturnType<typeof buildPerson>>;
let cookie: string;

beforeAll(async () => {
  await openTestStore();
  const team = await buildTeam({ name: "Finance" });
  person = await buildPerson({ teamId: team.id });
  cookie = await sessionCookie(person.email, person.password);
});
afterAll(closeTestStore);

describe("the language of a page", () => {
  it("follows the browser's Accept-Language when nothing was chosen", async () => {
    expect(await pageLocale(withHeaders(get("/about"), { "Accept-Language": "nl-NL,nl;q=0.9,en;q=0.8" }))).toBe("nl");
    expect(await pageLocale(withHeaders(get("/about"), { "Accept-Language": "de-DE" }))).toBe("en");
  });

  it("before sign-in, the switcher's choice wins over the browser and is remembered in a cookie", async () => {
    const res = await call(language.action, post("/language", { locale: "nl", redirectTo: "/login?redirectTo=%2Fpolicies" }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Fpolicies");
    const set = res.headers.get("Set-Cookie")!;
    expect(set).toMatch(/^__untangle_lang=/);
    expect(set).toMatch(/HttpOnly/i);
    const chosen = set.split(";")[0];
    expect(await pageLocale(withHeaders(get("/login"), { Cookie: chosen, "Accept-Language": "en-GB" }))).toBe("nl");
  });

  it("refuses an unknown language and a redirect to another site", async () => {
    expect((await call(language.action, post("/language", { locale: "fr" }))).status).toBe(400);
    const away = await call(language.action, post("/language", { locale: "en", redirectTo: "https://evil.example/" }));
    expect(away.headers.get("Location")).toBe("/login");
  });

  it("a person's own choice on the account page wins over cookie and browser, and is recorded", async () => {
    const before = getStore().activity.length;
    const res = await call(account.action, post("/account", { intent: "language", locale: "nl" }, cookie));
    expect(res.status).toBe(302);
    expect(getStore().data.people[person.id].locale).toBe("nl");
    expect(getStore().activity.slice(before).map((e) => e.type)).toEqual(["person.locale-changed"]);
    const english = withHeaders(get("/standards", cookie), { "Accept-Language": "en", Cookie: `${cookie}; __untangle_lang=ImVuIg%3D%3D` });
    expect(await pageLocale(english)).toBe("nl");
    // The account page offers the choice as stored.
    expect((await body(await call(account.loader, get("/account", cookie)))).locale).toBe("nl");
  });

  it("following the browser again forgets the choice", async () => {
    await call(account.action, post("/account", { intent: "language", locale: "" }, cookie));
    expect(getStore().data.people[person.id].locale).toBeUndefined();
    expect(await pageLocale(withHeaders(get("/standards", cookie), { "Accept-Language": "en" }))).toBe("en");
  });

  it("refuses a language that does not exist", async () => {
    const res = await call(account.action, post("/account", { intent: "language", locale: "xx" }, cookie));
    expect(res.status).toBe(400);
    expect(getStore().data.people[person.id].locale).toBeUndefined();
  });

  it("writes to a person in their own language, whoever is asking", () => {
    expect(localeFor({ locale: "nl" })).toBe("nl");
    expect(localeFor({ locale: "en" })).toBe("en");
    expect(localeFor({})).toBe("en");
    expect(localeFor(null)).toBe("en");
  });

  it("the sign-in page answers in the language chosen, errors included", async () => {
    const res = await call(login.action, withHeaders(post("/login", { email: person.email, password: "wrong-password-here" }), { "Accept-Language": "nl" }));
    expect((await body(res)).formError).toMatch(/horen niet bij een actief account/);
  });
});

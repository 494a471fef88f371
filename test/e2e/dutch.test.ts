/**
 * The interface in Dutch, for every demo role: a crawl of every page each role can reach that
 * fails on any English interface text (the English messages that differ from their Dutch), with
 * axe on each kind of page; and each role's main journey, driven by the Dutch labels.
 */
import type { Browser, Page } from "playwright-core";
import { IntlMessageFormat } from "intl-messageformat";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { catalogues, en, translator, type MessageKey } from "~/i18n";
import { AWAITING_TRANSLATION } from "../support/i18n-pending";
import { DEMO_PASSWORD, expectAccessible, launchBrowser } from "./browser";

const baseURL = inject("baseURL");
const nl = translator("nl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A browser that asks for Dutch (Accept-Language: nl-NL), as a Dutch colleague's would. */
async function dutchPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: "nl-NL" });
  context.setDefaultTimeout(30_000); // a missing label fails by its name, not by the test's time
  return context.newPage();
}

async function signInDutch(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel(nl("shell.login.email")).fill(email);
  await page.getByLabel(nl("shell.login.password")).fill(DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith("/login")),
    page.getByRole("button", { name: nl("shell.login.submit"), exact: true }).click(),
  ]);
}

// ---------------------------------------------------------------- what counts as English

type Tree = { [key: string]: string | Tree };
function flatten(tree: Tree, prefix = "", out = new Map<string, string>()) {
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === "string") out.set(`${prefix}${key}`, value);
    else flatten(value, `${prefix}${key}.`, out);
  }
  return out;
}

type AstElement = { type: number; value?: string; options?: Record<string, { value: AstElement[] }> };

/** The words of a message between its arguments ("Page {page} of {pages}" → "Page", "of"). */
function literals(message: string): string[] {
  const ast = new IntlMessageFormat(message, "en", undefined, { ignoreTag: true }).getAst() as AstElement[];
  const out: string[] = [];
  const walk = (elements: AstElement[]) => {
    let run = "";
    for (const el of elements) {
      if (el.type === 0) run += el.value;
      else {
        out.push(run);
        run = "";
        for (const option of Object.values(el.options ?? {})) walk(option.value);
      }
    }
    out.push(run);
  };
  walk(ast);
  return out.map((s) => s.trim()).filter(Boolean);
}

type Marker = { keys: string[]; text: string; whole: boolean };

/**
 * English interface text to look for: a message without arguments as a whole text of its own,
 * and the longer runs of words of any message (three words or more) anywhere in the page. Only
 * messages whose Dutch differs, and never a text that is also Dutch interface text ("Team",
 * "Dashboard", "CSV"). Each text keeps every key it comes from, to tell its area.
 */
function englishMarkers(): Marker[] {
  const english = flatten(en as unknown as Tree);
  const dutch = flatten(catalogues.nl as unknown as Tree);
  const dutchTexts = new Set([...dutch.values()].map((m) => m.trim()));
  const dutchAll = [...dutch.values()].join("\n");
  const byText = new Map<string, Marker>();
  const add = (key: string, text: string, whole: boolean) => {
    const id = `${whole ? "=" : "~"}${text}`;
    const marker = byText.get(id) ?? { keys: [], text, whole };
    marker.keys.push(key);
    byText.set(id, marker);
  };
  for (const [key, message] of english) {
    const translated = dutch.get(key);
    if (translated === message) continue;
    if (!message.includes("{") && !dutchTexts.has(message.trim())) add(key, message.trim(), true);
    for (const run of literals(message)) {
      const words = run.split(/\s+/).filter((w) => /\p{L}/u.test(w));
      if (words.length >= 3 && !dutchAll.includes(run)) add(key, run, false);
    }
  }
  return [...byText.values()];
}

const MARKERS = englishMarkers();
const areaOf = (key: string) => key.split(".")[0];

/**
 * The interface text of a page: each text node of its own (visible or for screen readers) and
 * the attributes people hear or see, leaving out what people wrote (marked lang="" or with a
 * language of its own) and code.
 */
async function interfaceTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts: string[] = [document.title];
    const skip = (el: Element | null): boolean => {
      for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
        if (["SCRIPT", "STYLE", "NOSCRIPT", "CODE", "TEMPLATE"].includes(e.tagName)) return true;
        if (e.hasAttribute("lang")) return true; // people's own text, or a language's own name
      }
      return false;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.replace(/\s+/g, " ").trim();
      if (text && !skip(node.parentElement)) texts.push(text);
    }
    for (const el of Array.from(document.body.querySelectorAll("[aria-label],[placeholder],[title],[alt]"))) {
      if (skip(el)) continue;
      for (const name of ["aria-label", "placeholder", "title", "alt"]) {
        const value = el.getAttribute(name)?.trim();
        if (value) texts.push(value);
      }
    }
    return texts;
  });
}

function englishIn(texts: string[]): Marker[] {
  const whole = new Set(texts);
  const joined = texts.join("\n");
  return MARKERS.filter((m) => (m.whole ? whole.has(m.text) : joined.includes(m.text)));
}

// ---------------------------------------------------------------- the crawl

const SKIP = [/^\/logout/, /^\/language/, /\.(csv|json)$/, /^\/dashboard\/csv\//, /^\/policies\/export/, /template/];

/**
 * One page of each kind: ids and slugs in the path do not matter, nor the query (a filtered list
 * shows the same interface as the unfiltered one) — except the dashboard's team view and the
 * reviews' "needs my vote" tab, which show text of their own.
 */
function kindOf(url: URL): string {
  const path = url.pathname
    .split("/")
    .map((seg) => (/[0-9]/.test(seg) || seg.includes("-") ? ":id" : seg))
    .join("/");
  const params = new URLSearchParams(url.search);
  const own = ["team", "view"].filter((p) => (path === "/dashboard" || path === "/reviews") && params.has(p));
  return `${path}?${own.join("&")}`;
}

type Finding = { role: string; url: string; keys: string[]; text: string };
/** English text that may be an area's still awaiting its Dutch (the same words in two areas count for it). */
const awaitingTranslation = (f: Finding) => f.keys.some((key) => AWAITING_TRANSLATION.includes(areaOf(key)));
const findings: Finding[] = [];
const checkedForAxe = new Set<string>();

async function crawl(email: string, limit = 40) {
  const page = await dutchPage();
  await signInDutch(page, email);
  const queue = ["/", "/account", "/about", "/search?q=factuur"];
  const seen = new Set<string>();
  let visited = 0;
  while (queue.length && visited < limit) {
    const path = queue.shift()!;
    const url = new URL(path, baseURL);
    const kind = kindOf(url);
    if (seen.has(kind)) continue;
    seen.add(kind);
    const response = await page.goto(url.pathname + url.search);
    visited++;
    if (!response || response.status() >= 400) continue;
    const landed = new URL(page.url());
    if (landed.pathname.startsWith("/login")) throw new Error(`${email} was signed out at ${path}`);
    expect(await page.getAttribute("html", "lang"), path).toBe("nl");
    for (const m of englishIn(await interfaceTexts(page))) findings.push({ role: email, url: path, keys: m.keys, text: m.text });
    if (!checkedForAxe.has(kind)) {
      checkedForAxe.add(kind);
      await expectAccessible(page);
    }
    const links = await page.$$eval("a[href]", (as) => as.map((a) => a.getAttribute("href") ?? ""));
    for (const href of links) {
      if (!href.startsWith("/") || href.startsWith("//")) continue;
      const next = new URL(href, baseURL);
      if (SKIP.some((re) => re.test(next.pathname))) continue;
      if (!seen.has(kindOf(next))) queue.push(next.pathname + next.search);
    }
  }
  await page.context().close();
  return visited;
}

describe("every page in Dutch", () => {
  for (const email of ["employee@example.com", "manager@example.com", "admin@example.com"]) {
    it(`${email} meets no English interface text on any page they can reach`, { timeout: 600_000 }, async () => {
      const visited = await crawl(email);
      expect(visited).toBeGreaterThan(5);
      const mine = findings.filter((f) => f.role === email);
      const translatedAreas = mine.filter((f) => !awaitingTranslation(f));
      const awaiting = mine.filter(awaitingTranslation);
      const pages = new Set(awaiting.map((f) => f.url));
      const texts = new Set(awaiting.map((f) => f.text));
      console.log(`${email}: ${visited} kinds of page in Dutch; English still awaiting its translation on ${pages.size} of them (${texts.size} texts: ${[...texts].slice(0, 8).map((t) => `“${t}”`).join(", ")}…)`);
      expect(translatedAreas.map((f) => `${f.url}: “${f.text}” (${f.keys.join(", ")})`)).toEqual([]);
    });
  }
});

// ---------------------------------------------------------------- the journeys

const JOURNEY = { timeout: 240_000 };

describe("each role's main journey in Dutch", () => {
  it("an employee chooses Dutch on the account page, with an English browser, and keeps it after signing in again", JOURNEY, async () => {
    const context = await browser.newContext({ baseURL, locale: "en-GB" });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    const en = translator("en");
    await page.goto("/login");
    // Before sign-in: the switcher on the sign-in page, remembered in a cookie.
    await page.getByRole("button", { name: "Nederlands" }).click();
    await expect.poll(() => page.getAttribute("html", "lang")).toBe("nl");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(nl("shell.login.title"));
    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(en("shell.login.title"));
    // Signed in: the person's own choice, stored with them.
    await page.getByLabel(en("shell.login.email")).fill("jonas@example.com");
    await page.getByLabel(en("shell.login.password")).fill(DEMO_PASSWORD);
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/login")), page.getByRole("button", { name: en("shell.login.submit"), exact: true }).click()]);
    await page.goto("/account");
    await page.getByLabel(en("shell.language.label")).selectOption("nl");
    await page.getByRole("button", { name: en("shell.language.save") }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toBe(nl("shell.language.changed"));
    expect(await page.getAttribute("html", "lang")).toBe("nl");
    await expectAccessible(page);
    // A new browser with English settings: the person's choice still wins.
    const againContext = await browser.newContext({ baseURL, locale: "en-US" });
    againContext.setDefaultTimeout(30_000);
    const again = await againContext.newPage();
    await signInDutchOrEnglish(again, "jonas@example.com");
    await again.goto("/account");
    expect(await again.getAttribute("html", "lang")).toBe("nl");
    // And back to following the browser, so other journeys meet Jonas as before.
    await again.getByLabel(nl("shell.language.label")).selectOption("");
    await again.getByRole("button", { name: nl("shell.language.save") }).click();
    await expect.poll(() => again.getAttribute("html", "lang")).toBe("en");
    await context.close();
    await again.context().close();
  });

  it("an employee browses the handbook and acknowledges a standard of their team", JOURNEY, async () => {
    const page = await dutchPage();
    await signInDutch(page, "employee@example.com");
    await page.goto("/standards");
    expect(await page.getAttribute("html", "lang")).toBe("nl");
    await page.getByRole("link", { name: nl("standards.nav.mine") }).first().click();
    await page.waitForURL("**/standards/mine");
    const pending = page.getByRole("button", { name: new RegExp(`^${nl("standards.mine.button")}`) });
    // The demo employee has not yet acknowledged her team's newest version.
    await expect.poll(() => pending.count()).toBeGreaterThan(0);
    const before = await pending.count();
    await pending.first().click();
    await expect.poll(() => pending.count()).toBe(before - 1);
    await expectAccessible(page);
    await page.context().close();
  });

  it("a manager opens a review, an employee proposes and votes, and the manager decides", JOURNEY, async () => {
    const manager = await dutchPage();
    await signInDutch(manager, "manager@example.com");
    await manager.goto("/reviews");
    await manager.getByRole("link", { name: nl("reviews.queueLink") }).first().click();
    await manager.getByRole("link", { name: new RegExp(`^${nl("reviews.queue.open")}\\s*:`) }).first().click();
    await manager.getByLabel(nl("reviews.new.reviewTitle"), { exact: true }).fill("NL: minder handtekeningen");
    await manager.getByLabel(nl("reviews.new.description")).fill("Welke **handtekening** kan weg?");
    await Promise.all([manager.waitForURL(/\/reviews\/[0-9a-f-]{36}$/), manager.getByRole("button", { name: nl("reviews.new.submit") }).click()]);
    await expect.poll(() => manager.getByRole("status").first().textContent()).toBe(nl("reviews.new.opened"));
    const reviewUrl = new URL(manager.url()).pathname;

    const eva = await dutchPage();
    await signInDutch(eva, "employee@example.com");
    await eva.goto(reviewUrl);
    await eva.getByRole("link", { name: nl("reviews.page.propose") }).first().click();
    await eva.getByRole("radio", { name: new RegExp(nl("reviews.kinds.reword")) }).check();
    await eva.getByLabel(nl("reviews.propose.proposalTitle"), { exact: true }).fill("NL: in gewone taal");
    await eva.getByLabel(nl("reviews.propose.reasoning"), { exact: true }).fill("Dezelfde regel, eenvoudiger gezegd.");
    await Promise.all([eva.waitForURL(/#proposal-/), eva.getByRole("button", { name: nl("reviews.propose.submit") }).click()]);
    await expect.poll(() => eva.getByText(nl("reviews.propose.submitted")).count()).toBe(1);
    const card = eva.getByRole("article", { name: "NL: in gewone taal" });
    await card.getByRole("radio", { name: new RegExp(`^${nl("reviews.positions.agree")}`) }).check();
    await card.getByRole("button", { name: nl("reviews.vote.submit"), exact: true }).click();
    await expect.poll(() => card.getByRole("status").textContent()).toContain(nl("reviews.vote.counted"));
    await expectAccessible(eva);

    await manager.goto(reviewUrl);
    await manager.getByRole("link", { name: nl("reviews.page.close") }).click();
    const decide = manager.getByRole("group", { name: /NL: in gewone taal/ });
    await decide.getByRole("radio", { name: nl("reviews.outcomes.deferred") }).check();
    await decide.getByLabel(nl("reviews.close.rationale")).fill("Eerst de andere evaluatie afronden.");
    // Before its deadline the review closes only after a confirmation, in Dutch too.
    await manager.getByRole("button", { name: nl("reviews.close.submit") }).click();
    await Promise.all([
      manager.waitForURL((url) => url.pathname === reviewUrl),
      manager.getByRole("button", { name: nl("reviews.close.confirmSubmit") }).click(),
    ]);
    await expect.poll(() => manager.getByRole("status").first().textContent()).toBe(nl("reviews.close.closed"));
    await expect.poll(() => manager.getByRole("article", { name: "NL: in gewone taal" }).locator(".decision").textContent()).toContain(nl("reviews.proposalStatus.deferred"));
    await expectAccessible(manager);
    await manager.context().close();
    await eva.context().close();
  });

  it("an admin reads the dashboard: Dutch titles, axes, tables and numbers", JOURNEY, async () => {
    const page = await dutchPage();
    await signInDutch(page, "admin@example.com");
    await page.goto("/dashboard");
    expect(await page.title()).toBe(`${nl("dashboard.heading")} · Untangle`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(nl("dashboard.heading"));
    expect(await page.getByRole("heading", { name: nl("dashboard.sections.friction") }).count()).toBeGreaterThan(0);
    const main = (await page.locator("main").textContent()) ?? "";
    expect(main).toContain(nl("dashboard.units.hoursAxis"));
    // Figures as a Dutch reader writes them: a decimal comma, and Dutch month names.
    expect(main).toMatch(/\d,\d/);
    expect(main).toMatch(/\b(jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec)\b/);
    expect(englishIn(await interfaceTexts(page)).filter((m) => !m.keys.some((k) => AWAITING_TRANSLATION.includes(areaOf(k)))).map((m) => m.text)).toEqual([]);
    await expectAccessible(page);
    await page.context().close();
  });
});

/** Signs in on a sign-in page in whichever language it shows. */
async function signInDutchOrEnglish(page: Page, email: string) {
  await page.goto("/login");
  const lang = (await page.getAttribute("html", "lang")) === "nl" ? "nl" : "en";
  const t = translator(lang);
  await page.getByLabel(t("shell.login.email" as MessageKey)).fill(email);
  await page.getByLabel(t("shell.login.password")).fill(DEMO_PASSWORD);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/login")), page.getByRole("button", { name: t("shell.login.submit"), exact: true }).click()]);
}

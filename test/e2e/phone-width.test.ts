/**
 * Untangle on a phone: at 360×740 no page scrolls sideways and the header stays a short row,
 * for every page each demo role can reach, in English and in Dutch (longer words). Charts are
 * drawn again for the width they have, wide tables scroll inside their own focusable box, the
 * menu opens without JavaScript, and on a desktop the navigation still sits in the header.
 */
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { translator } from "~/i18n";
import { DEMO_PASSWORD, expectAccessible, launchBrowser } from "./browser";

const baseURL = inject("baseURL");
const PHONE = { width: 360, height: 740 };
/** The header may take at most this share of a phone's screen. */
const HEADER_SHARE = 0.2;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

type Lang = "en" | "nl";

async function phone(lang: Lang, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: PHONE, locale: lang === "nl" ? "nl-NL" : "en-GB", ...options });
  context.setDefaultTimeout(30_000);
  return context.newPage();
}

async function signIn(page: Page, email: string, lang: Lang) {
  const t = translator(lang);
  await page.goto("/login");
  await page.getByLabel(t("shell.login.email")).fill(email);
  await page.getByLabel(t("shell.login.password")).fill(DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith("/login")),
    page.getByRole("button", { name: t("shell.login.submit"), exact: true }).click(),
  ]);
}

/** How wide the page is against the screen, how tall the header is, and what sticks out. */
async function measure(page: Page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const screen = root.clientWidth;
    const sticking: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const parent = el.parentElement;
      if (!parent || el.getBoundingClientRect().right <= screen + 0.5 || parent.getBoundingClientRect().right > screen + 0.5) continue;
      sticking.push(`${el.tagName.toLowerCase()}.${String(el.className)} (${Math.round(el.getBoundingClientRect().right)}px): ${(el.textContent ?? "").trim().slice(0, 40)}`);
    }
    return {
      scrollWidth: root.scrollWidth,
      header: document.querySelector(".site-header")?.getBoundingClientRect().height ?? 0,
      sticking: sticking.slice(0, 5),
    };
  });
}

// ---------------------------------------------------------------- the crawl (as in dutch.test.ts)

const SKIP = [/^\/logout/, /^\/language/, /\.(csv|json)$/, /^\/dashboard\/csv\//, /^\/policies\/export/, /template/];

/** One page of each kind: ids and slugs do not matter, nor the query, but for the dashboard's team and the reviews' tab. */
function kindOf(url: URL): string {
  const path = url.pathname
    .split("/")
    .map((seg) => (/[0-9]/.test(seg) || seg.includes("-") ? ":id" : seg))
    .join("/");
  const params = new URLSearchParams(url.search);
  const own = ["team", "view"].filter((p) => (path === "/dashboard" || path === "/reviews") && params.has(p));
  return `${path}?${own.join("&")}`;
}

type Problem = { url: string; scrollWidth: number; header: number; sticking: string[] };

/** Visits every kind of page the person can reach from the start pages, measuring each. */
async function crawl(page: Page, start: string[], limit = 80) {
  const queue = [...start];
  const seen = new Set<string>();
  const problems: Problem[] = [];
  const visited: string[] = [];
  while (queue.length && visited.length < limit) {
    const path = queue.shift()!;
    const url = new URL(path, baseURL);
    const kind = kindOf(url);
    if (seen.has(kind)) continue;
    seen.add(kind);
    const response = await page.goto(url.pathname + url.search);
    if (!response || response.status() >= 400) continue;
    visited.push(path);
    const m = await measure(page);
    if (m.scrollWidth > PHONE.width || m.header >= PHONE.height * HEADER_SHARE) problems.push({ url: path, ...m });
    const links = await page.$$eval("a[href]", (as) => as.map((a) => a.getAttribute("href") ?? ""));
    for (const href of links) {
      if (!href.startsWith("/") || href.startsWith("//")) continue;
      const next = new URL(href, baseURL);
      if (SKIP.some((re) => re.test(next.pathname))) continue;
      if (!seen.has(kindOf(next))) queue.push(next.pathname + next.search);
    }
  }
  return { visited, problems };
}

const ROLES = ["employee@example.com", "manager@example.com", "admin@example.com"];
/** The page kinds each role must at least have met, so that a crawl that stopped early fails. */
const MUST_MEET: Record<string, string[]> = {
  "employee@example.com": ["/standards", "/policies", "/reviews", "/inbox", "/account"],
  "manager@example.com": ["/dashboard", "/reviews/queue", "/standards/coverage", "/policies/new"],
  "admin@example.com": ["/dashboard", "/admin", "/admin/audit", "/admin/outbox", "/reviews/queue", "/standards/coverage"],
};

describe("every page at 360 px", () => {
  for (const lang of ["en", "nl"] as const) {
    for (const email of ROLES) {
      it(`${email} in ${lang === "en" ? "English" : "Dutch"}: no page scrolls sideways, the header is a short row`, { timeout: 600_000 }, async () => {
        const page = await phone(lang);
        await signIn(page, email, lang);
        const { visited, problems } = await crawl(page, ["/", "/account", "/about", `/search?q=${lang === "nl" ? "factuur" : "invoice"}`]);
        console.log(`${email} (${lang}): ${visited.length} kinds of page at ${PHONE.width} px`);
        for (const kind of MUST_MEET[email]) expect(visited.map((v) => v.split("?")[0]), kind).toContain(kind);
        expect(problems.map((p) => `${p.url}: ${p.scrollWidth} px wide, header ${Math.round(p.header)} px; ${p.sticking.join("; ")}`)).toEqual([]);
        await page.context().close();
      });
    }
  }

  it("the pages before sign-in, in English and Dutch", async () => {
    for (const lang of ["en", "nl"] as const) {
      const page = await phone(lang);
      for (const path of ["/login", "/forgot-password", "/no-such-page"]) {
        await page.goto(path);
        const m = await measure(page);
        expect(m.scrollWidth, `${path}: ${m.sticking.join("; ")}`).toBeLessThanOrEqual(PHONE.width);
        expect(m.header, path).toBeLessThan(PHONE.height * HEADER_SHARE);
      }
      await page.context().close();
    }
  });
});

describe("the dashboard on a phone", () => {
  it("draws every chart again for the width it has, every label inside it", { timeout: 120_000 }, async () => {
    for (const lang of ["en", "nl"] as const) {
      const page = await phone(lang);
      await signIn(page, "admin@example.com", lang);
      await page.goto("/dashboard");
      // Drawn again once the browser has measured each chart's box.
      await expect
        .poll(() => page.locator("svg.chart-svg").evaluateAll((svgs) => svgs.filter((s) => s.getAttribute("viewBox")?.split(" ")[2] === String(Math.floor(s.parentElement!.getBoundingClientRect().width))).length))
        .toBe(await page.locator("svg.chart-svg").count());
      const charts = await page.locator("figure[data-chart]").evaluateAll((figures) =>
        figures.map((f) => {
          const svg = f.querySelector("svg.chart-svg") as SVGSVGElement | null;
          if (!svg) return { id: f.getAttribute("data-chart"), empty: true, outside: [] as string[], width: 0, box: 0 };
          const width = Number(svg.getAttribute("viewBox")!.split(" ")[2]);
          const outside = Array.from(svg.querySelectorAll("text"))
            .map((t) => ({ text: t.textContent ?? "", box: (t as SVGTextElement).getBBox() }))
            .filter(({ box }) => box.x < -0.5 || box.x + box.width > width + 0.5)
            .map(({ text, box }) => `${text} (${Math.round(box.x)}–${Math.round(box.x + box.width)} of ${width})`);
          return { id: f.getAttribute("data-chart"), empty: false, outside, width, box: Math.round(f.getBoundingClientRect().width) };
        })
      );
      expect(charts.length).toBeGreaterThan(10);
      for (const c of charts) {
        if (c.empty) continue;
        // At a phone's width: the width of its box, not the 640 or 1100 units of a desktop.
        expect(c.width, c.id!).toBeLessThan(PHONE.width);
        expect(c.box, c.id!).toBeLessThanOrEqual(PHONE.width);
        expect(c.outside, c.id!).toEqual([]);
      }
      expect((await measure(page)).scrollWidth).toBe(PHONE.width);
      if (lang === "en") await expectAccessible(page);
      await page.context().close();
    }
  });

  it("without JavaScript still shows every chart, in boxes that scroll sideways and take the focus", async () => {
    const page = await phone("en", { javaScriptEnabled: false });
    await signIn(page, "manager@example.com", "en");
    await page.goto("/dashboard");
    const canvases = page.locator("figure[data-chart] .chart-canvas");
    expect(await canvases.count()).toBeGreaterThan(5);
    const boxes = await canvases.evaluateAll((els) =>
      els.map((el) => ({ tabindex: el.getAttribute("tabindex"), scrolls: el.scrollWidth > el.clientWidth, svgs: el.querySelectorAll("svg.chart-svg").length }))
    );
    for (const b of boxes) expect(b).toEqual({ tabindex: "0", scrolls: true, svgs: 1 });
    expect((await measure(page)).scrollWidth).toBe(PHONE.width);
    await page.context().close();
  });
});

describe("tables and the menu on a phone", () => {
  it("a wide table scrolls inside its own named box, which takes the keyboard focus", async () => {
    const page = await phone("en");
    await signIn(page, "manager@example.com", "en");
    await page.goto("/reviews/queue");
    const box = page.locator("div.table-wrap").filter({ has: page.locator("table.queue-table") });
    // Named by the page's heading, as a screen reader announces the focused box.
    expect(await page.locator(`#${await box.getAttribute("aria-labelledby")}`).textContent()).toBe("Review queue");
    expect(await box.getAttribute("role")).toBe("region");
    const sizes = await box.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, tabindex: el.getAttribute("tabindex") }));
    expect(sizes.tabindex).toBe("0");
    expect(sizes.scrollWidth).toBeGreaterThan(sizes.clientWidth);
    expect((await measure(page)).scrollWidth).toBe(PHONE.width);
    // By keyboard: focus the box and scroll it with the arrow keys.
    await box.focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => box.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    await expectAccessible(page);
    await page.context().close();
  });

  it("the menu opens without JavaScript and leads to every section; the inbox stays in sight", async () => {
    const page = await phone("en", { javaScriptEnabled: false });
    await signIn(page, "admin@example.com", "en");
    await page.goto("/standards");
    const nav = page.getByRole("navigation", { name: "Main" });
    expect(await nav.isVisible()).toBe(false);
    expect(await page.locator("a.inbox-link").isVisible()).toBe(true);
    await page.locator(".site-menu > summary").click();
    await expect.poll(() => nav.getByRole("link").allTextContents()).toEqual(["Standards", "Policies", "Reviews", "Dashboard", "Admin"]);
    expect(await page.locator("form.header-search").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);
    await Promise.all([page.waitForURL("**/reviews"), nav.getByRole("link", { name: "Reviews" }).click()]);
    expect(await nav.isVisible()).toBe(false);
    await page.context().close();
  });

  it("with JavaScript the menu closes on Escape, giving the focus back, and after choosing a page", async () => {
    const page = await phone("nl");
    await signIn(page, "employee@example.com", "nl");
    const nl = translator("nl");
    const summary = page.locator(".site-menu > summary");
    const nav = page.getByRole("navigation", { name: nl("shell.nav.label") });
    await summary.click();
    await expect.poll(() => nav.isVisible()).toBe(true);
    await page.keyboard.press("Escape");
    await expect.poll(() => nav.isVisible()).toBe(false);
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    await summary.click();
    await nav.getByRole("link", { name: nl("shell.nav.policies") }).click();
    await page.waitForURL("**/policies");
    await expect.poll(() => nav.isVisible()).toBe(false);
    await expectAccessible(page);
    await page.context().close();
  });

  it("on a desktop the navigation, search and account sit in the header, with no menu button", async () => {
    const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signIn(page, "admin@example.com", "en");
    await page.goto("/dashboard");
    expect(await page.locator(".site-menu > summary").isVisible()).toBe(false);
    expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents()).toEqual(["Standards", "Policies", "Reviews", "Dashboard", "Admin"]);
    expect(await page.locator("form.header-search").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);
    const header = (await measure(page)).header;
    expect(header).toBeLessThan(110);
    // The desktop's charts keep their natural drawing (640 or 1100 units), scaled to their box.
    const widths = await page.locator("svg.chart-svg").evaluateAll((svgs) => [...new Set(svgs.map((s) => s.getAttribute("viewBox")!.split(" ")[2]))]);
    expect(widths.sort()).toEqual(["1100", "640"]);
    await context.close();
  });

  it("on a tablet the header keeps to two rows, the sections on the first, in English and Dutch", async () => {
    for (const [lang, width] of [["en", 768], ["nl", 768], ["en", 990], ["nl", 990]] as const) {
      const page = await phone(lang, { viewport: { width, height: 1024 } });
      await signIn(page, "admin@example.com", lang);
      await page.goto("/policies");
      const rows = await page.evaluate(() => {
        const top = (selector: string) => Math.round(document.querySelector(selector)!.getBoundingClientRect().top);
        return { nav: top(".main-nav a"), search: top(".header-search input"), account: top(".who"), header: document.querySelector(".site-header")!.getBoundingClientRect().height };
      });
      expect(rows.header, `${lang} at ${width} px`).toBeLessThan(110);
      expect(rows.search, `${lang} at ${width} px: the search is on the sections' row or the account's`).toBeLessThanOrEqual(rows.account + 10);
      await page.context().close();
    }
  });
});

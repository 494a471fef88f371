import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectAccessible, launchBrowser, newPage, signIn } from "./browser";

const baseURL = inject("baseURL");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const ORG_CHARTS = [
  "friction-load",
  "friction-load-by-team",
  "costliest-policies",
  "friction-removed",
  "friction-removed-by-team",
  "purpose-coverage",
  "purpose-coverage-by-team",
  "reviews-held",
  "participation",
  "participation-by-team",
  "standard-health",
  "standard-health-by-team",
  "acknowledgement-by-team",
  "pulse-trend",
  "pulse-week-lost",
];

/** Every chart drawn as an SVG with marks on it (lines or bars), a table and a CSV link. */
async function chartsOn(page: Page) {
  return page.locator("figure[data-chart]").evaluateAll((figures) =>
    figures.map((f) => ({
      id: f.getAttribute("data-chart"),
      marks: f.querySelectorAll("svg.chart-svg path, svg.chart-svg rect").length,
      rows: f.querySelectorAll("details table tbody tr").length,
      csv: f.querySelector("a.chart-csv")?.getAttribute("href") ?? null,
    }))
  );
}

describe("the culture dashboard", () => {
  it("shows an admin every chart of the organisation, drawn on the server, with its numbers and CSV", async () => {
    const page = await newPage(browser, baseURL);
    await signIn(page, "admin@example.com");
    // Read without JavaScript: the server's HTML already holds every chart.
    const html = await (await page.request.get("/dashboard")).text();
    for (const id of ORG_CHARTS) expect(html).toContain(`data-chart="${id}"`);

    const response = await page.goto("/dashboard");
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Culture dashboard");
    const charts = await chartsOn(page);
    expect(charts.map((c) => c.id)).toEqual(ORG_CHARTS);
    for (const c of charts) {
      expect(c.marks, c.id!).toBeGreaterThan(0);
      expect(c.rows, c.id!).toBeGreaterThan(0);
      expect(c.csv, c.id!).toBe(`/dashboard/csv/${c.id}`);
    }
    // Each figure says what it means and links to the items behind it.
    const overdue = page.locator(".metric-tile", { hasText: "Overdue reviews" });
    await expect.poll(() => overdue.locator(".metric-definition").textContent()).toMatch(/next-review date/);
    expect(await overdue.getByRole("link").getAttribute("href")).toBe("/policies?status=in-force&overdue=1");
    await expectAccessible(page);

    // "Days to a decision" opens the decisions it counts, with the same median and count.
    const decision = page.locator(".metric-tile", { hasText: "Days to a decision" });
    const count = (await decision.locator(".metric-detail").textContent()) ?? "";
    await Promise.all([page.waitForURL(/\/dashboard\/decisions$/), decision.getByRole("link", { name: "The decisions behind it" }).click()]);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("The decisions behind “days to a decision”");
    const n = Number(count.replace(/\D/g, ""));
    expect(await page.locator("table tbody tr").count()).toBe(n);
    expect(await page.locator("#decisions-summary").textContent()).toMatch(n === 1 ? /over one decision/ : new RegExp(`over ${n} decisions`));
    await expectAccessible(page);
    await page.goto("/dashboard");

    const csv = await page.request.get("/dashboard/csv/friction-load");
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    expect((await csv.text()).split("\r\n")[0]).toBe("\uFEFFMonth,Customer hours per month (h)");

    // The period filter lives in the URL.
    await page.getByLabel("Period").selectOption("3");
    await Promise.all([page.waitForURL(/period=3/), page.getByRole("button", { name: "Show" }).click()]);
    await expect.poll(async () => (await chartsOn(page)).find((c) => c.id === "friction-load")?.rows).toBe(3);
    await page.context().close();
  });

  it("shows a manager their team beside the organisation, without the other teams", async () => {
    const page = await newPage(browser, baseURL);
    await signIn(page, "manager@example.com");
    await page.goto("/dashboard");
    await expect.poll(() => page.locator(".dashboard-scope").textContent()).toBe("Finance, beside the organisation's totals");
    const charts = await chartsOn(page);
    expect(charts.map((c) => c.id)).toEqual([
      "friction-load",
      "costliest-policies",
      "friction-removed",
      "purpose-coverage",
      "reviews-held",
      "participation",
      "standard-health",
      "pulse-trend",
      "pulse-week-lost",
    ]);
    const legend = page.locator("#chart-friction-load .chart-legend li");
    expect(await legend.allTextContents()).toEqual(["Finance", "Organisation"]);
    expect(await page.getByLabel("Team").count()).toBe(0);
    expect((await page.goto("/dashboard?team=it"))?.status()).toBe(403);
    await page.goto("/dashboard");
    await expectAccessible(page);
    await page.context().close();
  });

  it("refuses an employee with the 403 page", async () => {
    const page = await newPage(browser, baseURL);
    await signIn(page, "employee@example.com");
    const response = await page.goto("/dashboard");
    expect(response?.status()).toBe(403);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Not allowed");
    expect((await page.request.get("/dashboard/csv/friction-load")).status()).toBe(403);
    await page.context().close();
  });
});

describe("the culture pulse", () => {
  it("an admin opens a pulse; an employee answers it anonymously and can change the answer", async () => {
    const admin = await newPage(browser, baseURL);
    await signIn(admin, "admin@example.com");
    await admin.goto("/pulse/new");
    await expectAccessible(admin);
    await admin.getByLabel("Title").fill("Pulse from the browser test");
    await Promise.all([admin.waitForURL(/\/pulse$/), admin.getByRole("button", { name: "Open the pulse" }).click()]);
    await expect.poll(() => admin.getByRole("status").textContent()).toMatch(/is open until/);

    const employee = await newPage(browser, baseURL);
    await signIn(employee, "employee@example.com");
    await employee.goto("/pulse");
    await expect.poll(() => employee.getByRole("heading", { level: 2 }).first().textContent()).toBe("Pulse from the browser test");
    await expectAccessible(employee);
    await employee.getByRole("button", { name: "Send my answer" }).click();
    await expect.poll(() => employee.getByText("Choose an answer from 1 to 5.").count()).toBe(4);
    for (const [question, answer] of [
      [/serve my customers/, "4"],
      [/why the policies/, "3"],
      [/get it changed/, "2"],
      [/keep their promises/, "5"],
    ] as const) {
      await employee.getByRole("group", { name: question }).getByLabel(answer, { exact: false }).first().check();
    }
    await employee.getByLabel(/Share of my week/).fill("25");
    await employee.getByRole("button", { name: "Send my answer" }).click();
    await expect.poll(() => employee.getByRole("status").textContent()).toMatch(/recorded anonymously/);
    await expect.poll(() => employee.getByRole("button", { name: "Change my answer" }).count()).toBe(1);
    expect(await employee.getByLabel(/Share of my week/).inputValue()).toBe("25");

    // The admin's list counts the answer and shows no one.
    await admin.goto("/pulse");
    const row = admin.locator("tr", { hasText: "Pulse from the browser test" });
    expect(await row.locator("td.num").textContent()).toBe("1");
    expect(await admin.content()).not.toContain("Eva Janssen");
    await admin.context().close();
    await employee.context().close();
  });
});
